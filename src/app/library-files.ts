/**
 * The files `npm run prompts:check` reads besides the prompts: the wording rules, the sources' fingerprints,
 * and (for `--against` and `prompts:fingerprint`) a folder of source documents.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFingerprints, type SourceFingerprints } from '../domain/fingerprints.js';
import { parseStyleRules, type StyleRule } from '../domain/style-rules.js';
import { errorText } from '../slack/errors.js';
import { displayPath, META_DIR } from './prompt-files.js';

export const FINGERPRINTS_FILE = path.join(META_DIR, 'source-fingerprints.json');
const STYLE_RULES_FILE = path.join(META_DIR, 'style-rules.yml');

function readText(full: string, what: string): { text?: string; problem?: string } {
  try {
    return { text: readFileSync(full, 'utf8') };
  } catch (err) {
    return { problem: `${displayPath(full)}: cannot read ${what} (${errorText(err)})` };
  }
}

export function readStyleRules(promptsDir: string): { rules: StyleRule[]; problems: string[] } {
  const full = path.resolve(promptsDir, STYLE_RULES_FILE);
  const read = readText(full, 'the wording rules');
  if (read.text === undefined) return { rules: [], problems: [read.problem ?? ''] };
  return parseStyleRules(displayPath(full), read.text);
}

export function readFingerprints(file: string): {
  fingerprints: SourceFingerprints | undefined;
  problems: string[];
} {
  const full = path.resolve(file);
  const read = readText(full, 'the source fingerprints');
  if (read.text === undefined) return { fingerprints: undefined, problems: [read.problem ?? ''] };
  return parseFingerprints(displayPath(full), read.text);
}

/** The `*.txt` documents of a folder, by file name. */
export function readSourceDocuments(dir: string): { documents: Map<string, string>; problems: string[] } {
  const full = path.resolve(dir);
  const documents = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(full, { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.txt'))
      .map((d) => d.name)
      .sort();
  } catch (err) {
    return {
      documents,
      problems: [`${displayPath(full)}: cannot read the documents folder (${errorText(err)})`],
    };
  }
  if (names.length === 0) {
    return { documents, problems: [`${displayPath(full)}: no source documents (*.txt) in this folder`] };
  }
  const problems: string[] = [];
  for (const name of names) {
    const read = readText(path.join(full, name), 'the document');
    if (read.text === undefined) problems.push(read.problem ?? '');
    else documents.set(name, read.text);
  }
  return { documents, problems };
}

/** Writes fingerprints as JSON, one hash a line (so a change to a document shows as a readable diff). */
export function writeFingerprints(file: string, fingerprints: SourceFingerprints): void {
  writeFileSync(file, `${JSON.stringify(fingerprints, null, 2)}\n`);
}
