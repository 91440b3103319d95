/**
 * How long a fold takes and how long it blocks the event loop: writes the benchmark's snapshot
 * (bench/snapshot-fixture.ts), opens it with the real store, then folds it `--folds` times (default 3),
 * each after one more commit, and prints per fold its duration, the longest gap a setImmediate loop saw
 * (the longest time nothing else could run) and the largest delay `perf_hooks.monitorEventLoopDelay` saw;
 * then as many folds without those detectors, with the process's CPU time (less disturbed by a busy
 * machine than the wall clock).
 *
 *   node --expose-gc --import tsx bench/fold.ts 1m          (sizes: 1k, 100k, 1m, ...)
 *   node --expose-gc --import tsx bench/fold.ts 1m --folds 5
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/store/file-store.js';
import { withStall } from './scale/stall.js';
import { parseSize, writeSnapshot } from './snapshot-fixture.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { folds: { type: 'string', default: '3' } },
});
const votes = parseSize(positionals[0] ?? '1m');
const folds = Number(values.folds);
const MB = 1024 * 1024;

const dir = mkdtempSync(join(os.tmpdir(), 'lvm-fold-'));
try {
  const file = join(dir, 'db.json');
  const snap = writeSnapshot(file, votes);
  const store = await openStore(file, { foldEveryMs: 0, log: (m) => console.error(`[store] ${m}`) });
  console.log(`${votes} stored votes, snapshot ${(snap.bytes / MB).toFixed(1)} MB, node ${process.version}`);
  for (let i = 1; i <= folds; i++) {
    await store.commit([{ type: 'unschedule', team: 'T1', channel: `CBENCH${i}` }]);
    gc();
    const t0 = performance.now();
    const { stall } = await withStall(() => store.compact());
    const foldMs = performance.now() - t0;
    console.log(
      `fold ${i}: ${foldMs.toFixed(0)} ms; longest stall ${stall.gapMs.toFixed(1)} ms (setImmediate gap), ` +
        `${stall.delayMaxMs.toFixed(1)} ms (monitorEventLoopDelay max)`,
    );
  }
  // Without the stall detector (its setImmediate loop keeps a core busy): the fold's own CPU time.
  for (let i = 1; i <= folds; i++) {
    await store.commit([{ type: 'unschedule', team: 'T1', channel: `CQUIET${i}` }]);
    gc();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await store.compact();
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `quiet fold ${i}: ${(performance.now() - t0).toFixed(0)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
    );
  }
  await store.close();
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
