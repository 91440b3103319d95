/**
 * `npm run bench:scale`: what the app costs as what it stores grows (issue 14). Runs each part under
 * bench/scale/ (tick.ts, reads.ts, answers.ts), each in its own process so one part's heap does not
 * weigh on the next, and prints their Markdown tables with the targets beside them.
 *
 *   npm run bench:scale                 # every part
 *   npm run bench:scale -- tick         # one part (tick | reads | answers); further arguments go to it
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const parts = ['tick', 'reads', 'answers'];
const [only, ...rest] = process.argv.slice(2);
if (only && !parts.includes(only)) throw new Error(`Unknown part "${only}": one of ${parts.join(', ')}`);
let status = 0;
for (const part of only ? [only] : parts) {
  const file = fileURLToPath(new URL(`./scale/${part}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`\n(${part}: not measured, bench/scale/${part}.ts is missing)`);
    status = 1;
    continue;
  }
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...rest], {
    stdio: 'inherit',
  });
  if (run.status !== 0) status = run.status ?? 1;
}
process.exit(status);
