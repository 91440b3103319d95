/**
 * `npm run prompts:check [-- --against DIR] [--prompts DIR]`: validates the prompt library and prints its
 * counts; one line per problem; exits 1 on any problem, 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { checkPromptLibrary } from '../app/library-report.js';
import { PROMPTS_DIR } from '../app/prompt-files.js';

const USAGE = 'usage: npm run prompts:check [-- --against DIR_OF_SOURCE_DOCUMENTS] [--prompts PROMPTS_DIR]';

function main(argv: string[]): number {
  let values: { against?: string | undefined; prompts?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { against: { type: 'string' }, prompts: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const report = checkPromptLibrary({
    promptsDir: values.prompts ?? PROMPTS_DIR,
    ...(values.against !== undefined ? { againstDir: values.against } : {}),
  });
  for (const line of report.lines) console.log(line);
  for (const problem of report.problems) console.log(`problem: ${problem}`);
  const n = report.problems.length;
  console.log(n === 0 ? 'OK: no problems' : `${n} ${n === 1 ? 'problem' : 'problems'}`);
  return n === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
