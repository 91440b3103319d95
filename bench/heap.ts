/**
 * What the store alone holds in memory at a given size: writes the benchmark's snapshot (bench/snapshot-fixture.ts),
 * opens it with the real store, collects garbage and prints the heap and array buffers it keeps.
 *
 *   node --expose-gc --import tsx bench/heap.ts 1m     (sizes: 1k, 100k, 1m, ...)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/file-store.js';
import { parseSize, writeSnapshot } from './snapshot-fixture.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const votes = parseSize(process.argv[2] ?? '1m');
const dir = mkdtempSync(join(os.tmpdir(), 'lvm-heap-'));
const MB = 1024 * 1024;
const mb = (n: number) => (n / MB).toFixed(1);
try {
  const file = join(dir, 'db.json');
  const snap = writeSnapshot(file, votes);
  gc();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const store = await openStore(file);
  const openMs = performance.now() - t0;
  gc();
  const after = process.memoryUsage();
  console.log(
    `${votes} stored votes (snapshot ${mb(snap.bytes)} MB): opened in ${openMs.toFixed(0)} ms; ` +
      `heap used ${mb(after.heapUsed - before.heapUsed)} MB, array buffers ${mb(after.arrayBuffers - before.arrayBuffers)} MB ` +
      `more than before; process RSS ${mb(after.rss)} MB`,
  );
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
