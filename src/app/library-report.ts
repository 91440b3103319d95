/**
 * `npm run prompts:check`: reads the library, its registry, the wording rules and the sources' fingerprints
 * (or a folder of source documents), and returns the report lines and every problem, one line each.
 */
import path from 'node:path';
import {
  fingerprintDocuments,
  RUN_WORDS,
  runIndex,
  type SourceFingerprints,
} from '../domain/fingerprints.js';
import {
  type Count,
  copyProblems,
  LIBRARY_TARGETS,
  type LibraryCounts,
  libraryCounts,
  promptProblems,
  targetProblems,
} from '../domain/library-check.js';
import { THEMES } from '../domain/vocabulary.js';
import { FINGERPRINTS_FILE, readFingerprints, readSourceDocuments, readStyleRules } from './library-files.js';
import { displayPath, readPromptLibrary } from './prompt-files.js';

export interface CheckOptions {
  promptsDir: string;
  /** A folder of source documents to check against instead of the fingerprints file. */
  againstDir?: string;
}

export interface CheckReport {
  lines: string[];
  problems: string[];
}

const pct = (share: number) => `${Math.round(share * 100)}%`;
const list = (cs: readonly Count[]) => cs.map((c) => `${c.key} ${c.count} (${pct(c.share)})`).join(' · ');

function countLines(c: LibraryCounts, files: number, bylines: ReadonlyMap<string, string>): string[] {
  const t = LIBRARY_TARGETS;
  const width = Math.max(...c.documents.map((d) => d.key.length));
  return [
    `${c.prompts} prompts in ${files} ${files === 1 ? 'file' : 'files'} (at least ${t.minPrompts})`,
    `By source document (at least ${t.minPerDocument} each):`,
    ...c.documents.map(
      (d) => `  ${d.key.padEnd(width)}  ${String(d.count).padStart(3)}  ${bylines.get(d.key) ?? ''}`,
    ),
    `By lean (none above ${pct(t.maxLeanShare)}): ${list(c.leans)}`,
    `By form (each at least ${pct(t.minFormShare)}): ${list(c.forms)}`,
    `By setting (${c.situations} situations; at least ${t.minSettings} settings, none above ${pct(t.maxSettingShare)}): ` +
      `${c.settings.length} settings: ${list(c.settings)}`,
    `By theme (${c.themes.length} of ${THEMES.length} themes used): ${list(c.themes)}`,
    `Pronouns in texts (she and he balanced): she/her ${c.pronouns.she} · he/him/his ${c.pronouns.he} · ` +
      `they/them/their ${c.pronouns.they}`,
  ];
}

/** The fingerprints to check against, a line saying which, and what to do about a document they lack. */
function sources(opts: CheckOptions): {
  fingerprints: SourceFingerprints | undefined;
  line: string;
  missing: (document: string) => string;
  problems: string[];
} {
  if (opts.againstDir !== undefined) {
    const read = readSourceDocuments(opts.againstDir);
    const dir = displayPath(path.resolve(opts.againstDir));
    const n = read.documents.size;
    return {
      fingerprints: n > 0 ? fingerprintDocuments(read.documents) : undefined,
      line: `the ${n === 1 ? 'document' : `${n} documents`} in ${dir}`,
      missing: (d) => `${d} is not in ${dir}, so prompts from it cannot be checked for copying`,
      problems: read.problems,
    };
  }
  const file = displayPath(path.resolve(opts.promptsDir, FINGERPRINTS_FILE));
  const read = readFingerprints(path.resolve(opts.promptsDir, FINGERPRINTS_FILE));
  return {
    ...read,
    line: `the fingerprints in ${file}`,
    missing: (d) =>
      `${d} has no fingerprints in ${file}: run npm run prompts:fingerprint -- DIR_OF_SOURCE_DOCUMENTS`,
  };
}

export function checkPromptLibrary(opts: CheckOptions): CheckReport {
  const library = readPromptLibrary(opts.promptsDir);
  const problems = [...library.problems];
  const rules = readStyleRules(opts.promptsDir);
  problems.push(...rules.problems);
  const source = sources(opts);
  problems.push(...source.problems);

  const bylines = new Map([...library.registry.documents].map(([k, d]) => [k, d.byline]));
  const counts = libraryCounts(library.prompts, library.registry);
  const lines = countLines(counts, library.files.length, bylines);
  problems.push(...targetProblems(counts));

  if (source.fingerprints) {
    const fp = source.fingerprints;
    for (const document of library.registry.documents.keys()) {
      if (!fp.documents[document]) {
        problems.push(source.missing(document));
      }
    }
    const index = runIndex(fp);
    const byFile = new Map(library.files.map((f) => [path.basename(f.file), f.file]));
    const label = (p: { file: string; id: string }) => `${byFile.get(p.file) ?? p.file}: id "${p.id}"`;
    problems.push(...promptProblems(library.prompts, rules.rules, index, label));
    for (const f of library.files) {
      const comments = f.yamlText
        .split(/\r?\n/)
        .filter((l) => l.trimStart().startsWith('#'))
        .join('\n');
      problems.push(...copyProblems('a comment', comments, index).map((r) => `${f.file}: ${r}`));
    }
    const runs = Object.values(fp.documents).reduce((n, hs) => n + hs.length, 0);
    const documents = Object.keys(fp.documents).length;
    const n = library.prompts.length;
    lines.push(
      `No copying: ${n === 1 ? '1 prompt' : `${n} prompts`} against ${source.line} ` +
        `(${documents === 1 ? '1 document' : `${documents} documents`}, ${runs.toLocaleString('en-GB')} runs of ${RUN_WORDS} words)`,
    );
  }
  return { lines, problems };
}
