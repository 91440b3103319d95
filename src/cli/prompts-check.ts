/**
 * `npm run prompts:check [-- --against DIR] [--prompts DIR]`: validates the prompt library and prints its
 * counts; one line per problem; exits 1 on any problem, 2 on a usage error.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkPromptLibrary } from '../app/library-report.js';
import { PROMPTS_DIR } from '../app/prompt-files.js';

const USAGE = 'usage: npm run prompts:check [-- --against DIR_OF_SOURCE_DOCUMENTS] [--prompts PROMPTS_DIR]';

/** Where the CLI writes (the process's streams, or a test's buffers). */
interface Output {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export function runCheckCli(argv: string[], io: Output): number {
  let values: { against?: string | undefined; prompts?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { against: { type: 'string' }, prompts: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const report = checkPromptLibrary({
    promptsDir: values.prompts ?? PROMPTS_DIR,
    ...(values.against !== undefined ? { againstDir: values.against } : {}),
  });
  for (const line of report.lines) io.stdout(line);
  for (const problem of report.problems) io.stdout(`problem: ${problem}`);
  const n = report.problems.length;
  io.stdout(n === 0 ? 'OK: no problems' : `${n} ${n === 1 ? 'problem' : 'problems'}`);
  return n === 0 ? 0 : 1;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  process.exitCode = runCheckCli(process.argv.slice(2), {
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
  });
}
