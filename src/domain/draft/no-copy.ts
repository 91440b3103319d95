/**
 * The library's no-copying rule: no run of 9 or more consecutive words of a source document may appear in
 * what we write (case-insensitive, punctuation ignored). Pure.
 */

export const COPY_RUN_WORDS = 9;

/** Words as the rule counts them: NFKC, lower case, apostrophes dropped ("don't" = "dont"), split on the rest. */
export function ruleWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`ʼ]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

function runsOf(words: readonly string[], length: number): string[] {
  const runs: string[] = [];
  for (let i = 0; i + length <= words.length; i += 1) runs.push(words.slice(i, i + length).join(' '));
  return runs;
}

/** Every run of `length` consecutive words in `texts` (each text on its own: runs do not span two texts). */
export function wordRuns(texts: readonly string[], length = COPY_RUN_WORDS): Set<string> {
  const runs = new Set<string>();
  for (const text of texts) for (const run of runsOf(ruleWords(text), length)) runs.add(run);
  return runs;
}

/** The first run of `text` found in `runs`, or undefined when `text` copies none. */
export function copiedRun(
  text: string,
  runs: ReadonlySet<string>,
  length = COPY_RUN_WORDS,
): string | undefined {
  return runsOf(ruleWords(text), length).find((run) => runs.has(run));
}
