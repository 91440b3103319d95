/**
 * What an import is checked against, read from disk: the library's wording rules and its sources'
 * fingerprints (prompts/meta/), and optionally a folder of the team's own documents (.txt, .md, .html, read
 * as the drafter reads them), fingerprinted on the spot so their text goes nowhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { documentBlocks, documentKind } from '../domain/draft/document.js';
import { fingerprintDocuments, runIndex, type SourceFingerprints } from '../domain/fingerprints.js';
import { errorText } from '../slack/errors.js';
import { FINGERPRINTS_FILE, readFingerprints, readStyleRules } from './library-files.js';
import type { ImportChecks } from './own-import.js';
import { displayPath } from './prompt-files.js';

/** A folder's .txt, .md and .html documents as plain text, by file name (folders inside are not read). */
export function readTeamDocuments(dir: string): { documents: Map<string, string>; problems: string[] } {
  const full = path.resolve(dir);
  const documents = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(full, { withFileTypes: true })
      .filter((d) => d.isFile() && documentKind(d.name) !== undefined)
      .map((d) => d.name)
      .sort();
  } catch (err) {
    return {
      documents,
      problems: [`${displayPath(full)}: cannot read the documents folder (${errorText(err)})`],
    };
  }
  if (names.length === 0) {
    return {
      documents,
      problems: [`${displayPath(full)}: no documents (.txt, .md or .html) in this folder`],
    };
  }
  const problems: string[] = [];
  for (const name of names) {
    const kind = documentKind(name);
    try {
      const source = readFileSync(path.join(full, name), 'utf8');
      if (kind)
        documents.set(
          name,
          documentBlocks(kind, source)
            .map((b) => b.text)
            .join('\n'),
        );
    } catch (err) {
      problems.push(`${displayPath(path.join(full, name))}: cannot read the document (${errorText(err)})`);
    }
  }
  return { documents, problems };
}

/** The checks of an import: the library's rules and fingerprints, plus the team's documents when given. */
export function loadImportChecks(
  promptsDir: string,
  teamDocuments?: ReadonlyMap<string, string>,
): { checks: ImportChecks; problems: string[] } {
  const rules = readStyleRules(promptsDir);
  const shipped = readFingerprints(path.resolve(promptsDir, FINGERPRINTS_FILE));
  const problems = [...rules.problems, ...shipped.problems];
  const team = teamDocuments ? fingerprintDocuments(teamDocuments).documents : {};
  const all: SourceFingerprints = {
    ...fingerprintDocuments(new Map()),
    documents: { ...(shipped.fingerprints?.documents ?? {}), ...team },
  };
  const checks: ImportChecks = { rules: rules.rules, index: runIndex(all) };
  if (teamDocuments) checks.documents = new Set(teamDocuments.keys());
  return { checks, problems };
}
