/**
 * The no-copying rule without the sources' text: a prompt may share no run of `RUN_WORDS` normalised words
 * with a source document. Each document is kept as the hashes of its runs (its fingerprints), so the rule
 * can be checked anywhere without shipping the documents. Pure (hashing is computation, not I/O).
 *
 * Normalising: lowercase, ’ read as ', words are the runs of [a-z0-9'] (everything else separates words).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const RUN_WORDS = 9;
const FINGERPRINT_FORMAT = 'lead-vs-manage/source-fingerprints';
const FINGERPRINT_VERSION = 1;
/** Hex digits of SHA-256 kept per run: 64 bits, so a false match among a few thousand runs is out of reach. */
const HASH_DIGITS = 16;

export function normalisedWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replaceAll('\u2019', "'")
      .match(/[a-z0-9']+/g) ?? []
  );
}

/** The fingerprint of one run of words. */
function runHash(words: readonly string[]): string {
  return createHash('sha256').update(words.join(' ')).digest('hex').slice(0, HASH_DIGITS);
}

/** Every run of `RUN_WORDS` words of a document, hashed, sorted and without repeats. */
export function fingerprintText(text: string): string[] {
  const words = normalisedWords(text);
  const hashes = new Set<string>();
  for (let i = 0; i + RUN_WORDS <= words.length; i++) hashes.add(runHash(words.slice(i, i + RUN_WORDS)));
  return [...hashes].sort();
}

export interface SourceFingerprints {
  format: typeof FINGERPRINT_FORMAT;
  version: typeof FINGERPRINT_VERSION;
  words: typeof RUN_WORDS;
  /** How the runs were made and hashed, for a reader of the file. */
  method: string;
  /** Per document file name, its runs' hashes. */
  documents: Record<string, string[]>;
}

const FINGERPRINT_METHOD =
  `every run of ${RUN_WORDS} consecutive words, lowercase, \u2019 read as ', words = [a-z0-9']+, ` +
  `joined by single spaces; SHA-256, first ${HASH_DIGITS} hex digits`;

/** Fingerprints of documents given as name → text. */
export function fingerprintDocuments(documents: ReadonlyMap<string, string>): SourceFingerprints {
  const out: Record<string, string[]> = {};
  for (const name of [...documents.keys()].sort()) out[name] = fingerprintText(documents.get(name) ?? '');
  return {
    format: FINGERPRINT_FORMAT,
    version: FINGERPRINT_VERSION,
    words: RUN_WORDS,
    method: FINGERPRINT_METHOD,
    documents: out,
  };
}

const FingerprintSchema = z.strictObject({
  format: z.literal(FINGERPRINT_FORMAT),
  version: z.literal(FINGERPRINT_VERSION),
  words: z.literal(RUN_WORDS),
  method: z.literal(FINGERPRINT_METHOD),
  documents: z.record(z.string(), z.array(z.string().regex(new RegExp(`^[0-9a-f]{${HASH_DIGITS}}$`)))),
});

/** Reads a fingerprint file's JSON; problems name the file and what is wrong. */
export function parseFingerprints(
  file: string,
  jsonText: string,
): { fingerprints: SourceFingerprints | undefined; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (err) {
    return { fingerprints: undefined, problems: [`${file}: not JSON (${(err as Error).message})`] };
  }
  const result = FingerprintSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${file}: ${i.path.map(String).join('.') || 'file'}: ${i.message}`,
    );
    return { fingerprints: undefined, problems };
  }
  return { fingerprints: result.data, problems: [] };
}

/** Which documents hold each run hash. */
export type RunIndex = ReadonlyMap<string, readonly string[]>;

export function runIndex(fingerprints: SourceFingerprints): RunIndex {
  const index = new Map<string, string[]>();
  for (const [doc, hashes] of Object.entries(fingerprints.documents)) {
    for (const h of hashes) {
      const docs = index.get(h);
      if (docs) docs.push(doc);
      else index.set(h, [doc]);
    }
  }
  return index;
}

export interface SharedRun {
  /** The shared words as they read in `text` (normalised), the longest run each time. */
  words: string;
  count: number;
  documents: string[];
}

/** Every maximal run of `RUN_WORDS` or more words of `text` that a fingerprinted document also holds. */
export function sharedRuns(text: string, index: RunIndex): SharedRun[] {
  const words = normalisedWords(text);
  const runs: SharedRun[] = [];
  let i = 0;
  while (i + RUN_WORDS <= words.length) {
    const docs = index.get(runHash(words.slice(i, i + RUN_WORDS)));
    if (!docs) {
      i += 1;
      continue;
    }
    const documents = new Set(docs);
    let end = i + RUN_WORDS;
    while (end < words.length) {
      const more = index.get(runHash(words.slice(end - RUN_WORDS + 1, end + 1)));
      if (!more) break;
      for (const d of more) documents.add(d);
      end += 1;
    }
    runs.push({ words: words.slice(i, end).join(' '), count: end - i, documents: [...documents].sort() });
    i = end;
  }
  return runs;
}
