/**
 * `npm run prompts:fingerprint -- DIR [--out FILE]`: hashes every normalised run of 9 words of the source
 * documents (*.txt) in DIR into the fingerprints file the no-copying check uses (by default
 * prompts/meta/source-fingerprints.json). The documents' text is not kept.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { FINGERPRINTS_FILE, readSourceDocuments, writeFingerprints } from '../app/library-files.js';
import { displayPath, PROMPTS_DIR } from '../app/prompt-files.js';
import { fingerprintDocuments, RUN_WORDS } from '../domain/fingerprints.js';

const USAGE = 'usage: npm run prompts:fingerprint -- DIR_OF_SOURCE_DOCUMENTS [--out FILE]';

/** Where the CLI writes (the process's streams, or a test's buffers). */
interface Output {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export function runFingerprintCli(argv: string[], io: Output): number {
  let parsed: { values: { out?: string | undefined }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [dir, ...extra] = parsed.positionals;
  if (dir === undefined || extra.length > 0) {
    io.stderr(USAGE);
    return 2;
  }
  const read = readSourceDocuments(dir);
  for (const problem of read.problems) io.stderr(problem);
  if (read.problems.length > 0) return 1;
  const fingerprints = fingerprintDocuments(read.documents);
  const out = path.resolve(parsed.values.out ?? path.join(PROMPTS_DIR, FINGERPRINTS_FILE));
  writeFingerprints(out, fingerprints);
  const runs = Object.values(fingerprints.documents).reduce((n, hs) => n + hs.length, 0);
  io.stdout(
    `${displayPath(out)}: ${read.documents.size === 1 ? '1 document' : `${read.documents.size} documents`}, ` +
      `${runs} runs of ${RUN_WORDS} words fingerprinted`,
  );
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  process.exitCode = runFingerprintCli(process.argv.slice(2), {
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
  });
}
