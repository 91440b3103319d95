/**
 * What an installed workspace costs per request in distribution mode: Bolt's authorize asks the installation store
 * for the request's workspace (one indexed row, opened with AES-256-GCM) before any listener runs.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/installations.ts [workspaces]
 *
 * Prints seal/open per second, then fetchInstallation latency (p50/p99) one at a time and 50 at a time, against
 * `workspaces` installations (default 1000) in a schema of its own, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Installation } from '@slack/oauth';
import { installationsTable } from '../src/store/postgres/installations.js';
import { migrate } from '../src/store/postgres/migrations.js';
import { poolDb } from '../src/store/postgres/pool.js';
import { open, parseKeyRing, seal } from '../src/store/token-crypto.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const workspaces = Number(process.argv[2] ?? 1000);
const parsed = parseKeyRing(`k1:${randomBytes(32).toString('base64')}`);
if (!parsed.ok) throw new Error(parsed.problem);
const ring = parsed.ring;

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;

function installation(team: string): Installation {
  return {
    team: { id: team, name: `Team ${team}` },
    enterprise: undefined,
    user: { id: 'U1', token: undefined, scopes: undefined },
    bot: { token: `xoxb-${randomBytes(24).toString('hex')}`, scopes: ['chat:write'], id: 'B1', userId: 'U2' },
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
}

// 1. Sealing alone.
const text = JSON.stringify(installation('T1'));
let t = performance.now();
const N = 20_000;
for (let i = 0; i < N; i++) open(ring, seal(ring, text, 'T1'), 'T1');
console.log(
  `seal + open of one installation (${text.length} bytes): ${Math.round(N / ((performance.now() - t) / 1000))}/s`,
);

// 2. The look-up Bolt makes for every request.
const schema = `lvm_bench_${randomBytes(4).toString('hex')}`;
const admin = poolDb(url, { max: 1 });
await admin.exec(`CREATE SCHEMA ${schema}`);
const db = poolDb(url, { max: 10, config: { options: `-c search_path=${schema}` } });
try {
  await migrate(db, () => undefined);
  const table = installationsTable(db, ring);
  const teams = Array.from({ length: workspaces }, (_, i) => `T${i}`);
  for (const team of teams) await table.storeInstallation(installation(team));
  const fetchOne = async () => {
    const team = teams[Math.floor(Math.random() * teams.length)] as string;
    const s = performance.now();
    await table.fetchInstallation({ teamId: team, enterpriseId: undefined, isEnterpriseInstall: false });
    return performance.now() - s;
  };
  for (const concurrency of [1, 50]) {
    const times: number[] = [];
    t = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = 0; i < 4000 / concurrency; i++) times.push(await fetchOne());
      }),
    );
    const rate = Math.round(times.length / ((performance.now() - t) / 1000));
    console.log(
      `fetchInstallation, ${workspaces} workspaces, concurrency ${concurrency}: ${rate}/s, ` +
        `p50 ${percentile(times, 0.5).toFixed(2)} ms, p99 ${percentile(times, 0.99).toFixed(2)} ms`,
    );
  }
} finally {
  await db.close();
  await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
  await admin.close();
}
