/**
 * The Home tab, `results`, `history`, `stats` and the exports on PostgreSQL (issue 14, point 3): they read the
 * per-prompt counts the database aggregates (src/store/postgres/post-reads.ts) and must show exactly what they
 * show on the file store, given the same commits. PGlite under `npm test`, the server under `npm run test:postgres`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelHistory, channelTrend, promptResult } from '../../src/app/archive.js';
import { archiveHead, archivePrompts, renderExport } from '../../src/app/export.js';
import { homeModel } from '../../src/app/home.js';
import { createTeamLibraries } from '../../src/app/team-library.js';
import type { Config } from '../../src/config.js';
import { promptLibrary } from '../../src/domain/library.js';
import type { VoteEmoji } from '../../src/domain/options.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Op } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { samplePrompt } from '../support/prompt-fixture.js';
import { open, removeTempDirs, tempFile } from './helpers.js';
import { freshDatabase } from './pg-databases.js';

const T = 'T1';
const CHANNELS = ['CA', 'CB'];
const EMOJI: VoteEmoji[] = ['compass', 'clipboard', 'handshake'];
const library = promptLibrary(
  (['leadership', 'management', 'both', 'none'] as const).map((leans, i) =>
    samplePrompt({ id: `p-${i}`, view: { leans, argument: 'Because.' } }),
  ),
);
const NOW = new Date('2026-11-29T12:00:00.000Z');

/** 120 prompts over two channels: random votes (some taken back), answers, second looks, a revisit. */
function fixture(): Op[] {
  let x = 7;
  const rnd = () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
  const ops: Op[] = [];
  for (let i = 0; i < 120; i++) {
    const channel = CHANNELS[i % 2] as string;
    const seconds = 1_700_000_000 + i * 3_600;
    const ts = `${seconds}.000100`;
    const revisitOf = i === 118 ? '1700000000.000100' : undefined;
    ops.push({
      type: 'post',
      post: {
        team: T,
        channel,
        ts,
        promptId: `p-${i % 5}`,
        postedAt: new Date(seconds * 1000).toISOString(),
        ...(revisitOf ? { revisitOf } : {}),
      },
    });
    const v = (user: string, on: boolean, at: number, type: 'vote' | 'second-vote' = 'vote') => {
      const emoji = EMOJI[Math.floor(rnd() * 3)] as VoteEmoji;
      ops.push({ type, team: T, channel, ts, vote: { user, emoji, on, eventTs: `${seconds + at}.000001` } });
    };
    for (let u = 0; u < Math.floor(rnd() * 7); u++) {
      v(`U${u}`, true, 10 + u);
      if (rnd() < 0.3) v(`U${u}`, rnd() < 0.5, 20 + u);
    }
    for (let a = 0; a < Math.floor(rnd() * 3); a++) {
      ops.push({
        type: 'answer',
        team: T,
        channel,
        threadTs: ts,
        answer: { user: `U${a}`, ts: `${seconds + 40 + a}.000200`, text: `answer ${a} of ${i}` },
      });
    }
    if (rnd() < 0.6) {
      ops.push({ type: 'close', team: T, channel, ts, at: new Date((seconds + 600) * 1000).toISOString() });
      ops.push({ type: 'summary', team: T, channel, ts, summaryTs: `${seconds + 600}.000300` });
      for (let u = 0; u < Math.floor(rnd() * 6); u++) v(`U${u + 1}`, true, 700 + u, 'second-vote');
    }
  }
  return ops;
}

const stores: Record<'file' | 'postgres', Store> = {} as never;

beforeAll(async () => {
  const ops = fixture();
  stores.file = await open(tempFile());
  const db = await freshDatabase();
  stores.postgres = await openPostgresStore(db.connect(), { log: () => undefined });
  for (const store of Object.values(stores)) {
    for (let i = 0; i < ops.length; i += 200) await store.commit(ops.slice(i, i + 200));
  }
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(Object.values(stores).map((s) => s.close()));
  removeTempDirs();
});

/** What each read path shows on one store. */
async function shown(store: Store) {
  const deps = {
    store,
    prompts: createTeamLibraries(store, library),
    config: { tallyMinVoters: 3 } as Config,
    workspaces: { bot: async () => undefined } as never,
  };
  const memberOf = new Map(CHANNELS.map((c) => [c, c.toLowerCase()]));
  const [latest] = await store.posts(T, 'CA', { limit: 1 });
  if (!latest) throw new Error('no prompt');
  const exports: string[] = [];
  for (const format of ['csv', 'json', 'md'] as const) {
    const where = { team: T, channel: 'CA', channelName: 'ca' };
    const file = await renderExport(archiveHead(where, NOW), archivePrompts(store, library, T, 'CA'), format);
    exports.push(Buffer.concat(file.pieces).toString('utf8'));
  }
  return {
    home: await homeModel(deps, T, memberOf, { channel: undefined, page: 0 }),
    homePage2: await homeModel(deps, T, memberOf, { channel: 'CB', page: 2 }),
    results: await promptResult(store, library, latest, 3),
    history: await channelHistory(store, library, T, 'CB', 20, 3),
    stats: await channelTrend(store, library, T, 'CA', 3),
    exports,
  };
}

describe('read paths on PostgreSQL', () => {
  it('show what they show on the file store: Home, results, history, stats and every export', async () => {
    const onFile = await shown(stores.file);
    const onPostgres = await shown(stores.postgres);
    expect(onFile.home.rows).toHaveLength(20);
    expect(onFile.stats?.prompts).toBe(60);
    expect(onFile.results.revisitOf).toBeDefined(); // the newest prompt of CA brings back an earlier one
    expect(onPostgres).toEqual(onFile);
  });
});
