/**
 * `npm run bench:scale -- reads`: the read paths and the exports as one channel's archive grows, on the real
 * file store with the app's own modules (Slack calls not counted). A workspace of `--channels` channels
 * (default 1,000) with `--others` prompts each (default 5), and one channel with 1k, then 10k prompts; every
 * prompt closed with a results summary, 20 votes, 8 second-look votes and 10 answers of 200 characters (so
 * 10k prompts hold 100,000 answers). The viewer of the Home tab is a member of every channel.
 *
 * For each read path: p50/p99 over `--runs` runs (default 20) and the longest event-loop stall seen while any
 * of them ran (bench/scale/stall.ts); the exports `--export-runs` times each (default 3).
 *
 *   npm run bench:scale -- reads
 *   npm run bench:scale -- reads --sizes 1k,10k --channels 1000 --others 5 --runs 20
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseSize } from '../snapshot-fixture.js';
import { buildArchive } from './reads-fixture.js';
import { type Measured, measure, readPaths } from './reads-paths.js';
import { table } from './stall.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1k,10k' },
    channels: { type: 'string', default: '1000' },
    others: { type: 'string', default: '5' },
    runs: { type: 'string', default: '20' },
    'export-runs': { type: 'string', default: '3' },
  },
});
const sizes = values.sizes.split(',').map(parseSize);
const channels = Number(values.channels);
const others = Number(values.others);
const runs = Number(values.runs);
const exportRuns = Number(values['export-runs']);

/** What issue 14 asks of each path: [p99 under, longest stall under] in ms (undefined: no target). */
const TARGETS: Record<string, { p99?: number; stall?: number; total?: number }> = {
  Home: { p99: 100, stall: 50 },
  'Home, one channel': { p99: 100, stall: 50 },
  results: { stall: 50 },
  history: { stall: 50 },
  stats: { p99: 20, stall: 50 },
  'export md': { stall: 50, total: 2000 },
  'export csv': { stall: 50 },
  'export json': { stall: 50 },
};

const ms = (n: number) => (Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(1) : n.toFixed(0));
const target = (name: string) => {
  const t = TARGETS[name];
  if (!t) return '';
  const parts = [
    t.p99 !== undefined ? `p99 < ${t.p99}` : '',
    t.total !== undefined ? `md of 100k answers < ${t.total}` : '',
    t.stall !== undefined ? `stall < ${t.stall}` : '',
  ];
  return parts.filter(Boolean).join(', ');
};

const loadAtStart = os.loadavg()[0] ?? 0;
const rows: (string | number)[][] = [];
for (const size of sizes) {
  const dir = mkdtempSync(join(os.tmpdir(), 'lvm-reads-'));
  try {
    const t0 = performance.now();
    const fixture = await buildArchive(join(dir, 'db.json'), { prompts: size, channels, others });
    console.error(
      `fixture: ${size} prompts (${fixture.answers} answers) in ${fixture.channel}, ${channels} channels, ` +
        `${fixture.totalPrompts} prompts in all, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const paths = readPaths(fixture);
    const results: Measured[] = [];
    for (const path of paths) {
      const n = path.name.startsWith('export') ? exportRuns : runs;
      results.push(await measure(path, n));
    }
    for (const r of results) {
      rows.push([
        r.name,
        size.toLocaleString('en'),
        r.name.startsWith('export') ? fixture.answers.toLocaleString('en') : '',
        ms(r.p50),
        ms(r.p99),
        ms(r.stall),
        ms(r.cpu),
        r.detail,
        target(r.name),
      ]);
    }
    await fixture.store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `\n### Read paths and exports vs archive size\n\n${channels.toLocaleString('en')} channels, ${others} prompts ` +
    `in each but the measured one; file store; node ${process.version}; ms; load average ` +
    `${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0]?.toFixed(1)} at the end (${os.cpus().length} cores).\n`,
);
console.log(
  table(
    [
      'path',
      'prompts in the channel',
      'answers',
      'p50',
      'p99',
      'longest stall',
      'CPU per run',
      'output',
      'target (ms)',
    ],
    rows,
  ),
);
