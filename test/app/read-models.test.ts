/**
 * src/app/home.ts and archive.ts on a channel of 10,000 prompts (issue 14, point 3): the Home tab's page and
 * `stats` read the store's per-prompt counts instead of every vote; what they show must not change. The
 * expected values are worked out here, from the votes the test committed, by a plain reference of the rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelHistory, channelTrend } from '../../src/app/archive.js';
import { homeModel } from '../../src/app/home.js';
import { createTeamLibraries } from '../../src/app/team-library.js';
import type { Config } from '../../src/config.js';
import { promptLibrary } from '../../src/domain/library.js';
import type { VoteEmoji } from '../../src/domain/options.js';
import type { FileStore } from '../../src/store/file-store.js';
import type { Op } from '../../src/store/schema.js';
import { HOME_PAGE_SIZE } from '../../src/views/home.js';
import { open, removeTempDirs, tempFile } from '../store/helpers.js';
import { samplePrompt } from '../support/prompt-fixture.js';

const T = 'T1';
const BIG = 'CBIG';
const SMALL = 'CSMALL';
const MIN_VOTERS = 3;
const EMOJI: VoteEmoji[] = ['compass', 'clipboard', 'handshake'];
const LEANS = ['leadership', 'management', 'both', 'none'] as const;
const prompts = LEANS.map((leans, i) =>
  samplePrompt({ id: `p-${i}`, view: { leans, argument: 'Because.' } }),
);
const library = promptLibrary(prompts);

/** A prompt as the test made it: its votes (person → emoji on), second look, answers. */
interface Made {
  channel: string;
  ts: string;
  promptId: string;
  votes: Map<string, Set<VoteEmoji>>;
  second: Map<string, Set<VoteEmoji>> | undefined;
  answers: number;
}

const made: Made[] = [];
let store: FileStore;

/** A small deterministic random sequence, so the fixture is the same on every run. */
function randoms(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

function makePrompt(channel: string, seconds: number, n: number, rnd: () => number): Op[] {
  const ts = `${seconds}.000100`;
  const promptId = `p-${n % prompts.length}`;
  const m: Made = { channel, ts, promptId, votes: new Map(), second: undefined, answers: 0 };
  const ops: Op[] = [
    { type: 'post', post: { team: T, channel, ts, promptId, postedAt: '2025-01-01T00:00:00Z' } },
  ];
  const vote = (user: string, emoji: VoteEmoji, on: boolean, at: number, secondLook = false) => {
    const type = secondLook ? 'second-vote' : 'vote';
    ops.push({ type, team: T, channel, ts, vote: { user, emoji, on, eventTs: `${seconds + at}.000001` } });
    const map = secondLook ? m.second : m.votes;
    if (!map) throw new Error('a second-look vote before the summary');
    const set = map.get(user) ?? new Set<VoteEmoji>();
    if (on) set.add(emoji);
    else set.delete(emoji);
    map.set(user, set);
  };
  const voters = Math.floor(rnd() * 7); // 0 to 6: some below the small-group threshold
  for (let u = 0; u < voters; u++) {
    vote(`U${u}`, EMOJI[Math.floor(rnd() * 3)] as VoteEmoji, true, 10 + u);
    if (rnd() < 0.2) vote(`U${u}`, EMOJI[Math.floor(rnd() * 3)] as VoteEmoji, true, 20 + u);
    if (rnd() < 0.1) vote(`U${u}`, 'compass', false, 30 + u);
  }
  m.answers = Math.floor(rnd() * 3);
  for (let a = 0; a < m.answers; a++) {
    ops.push({
      type: 'answer',
      team: T,
      channel,
      threadTs: ts,
      answer: { user: 'U1', ts: `${seconds + 40 + a}.000200`, text: `answer ${a}` },
    });
  }
  if (rnd() < 0.6) {
    ops.push({ type: 'summary', team: T, channel, ts, summaryTs: `${seconds + 50}.000300` });
    m.second = new Map();
    const again = Math.floor(rnd() * 6);
    for (let u = 0; u < again; u++)
      vote(`U${u + 2}`, EMOJI[Math.floor(rnd() * 3)] as VoteEmoji, true, 60 + u, true);
  }
  made.push(m);
  return ops;
}

beforeAll(async () => {
  store = await open(tempFile());
  const rnd = randoms(14);
  let ops: Op[] = [];
  const flush = async () => {
    await store.commit(ops);
    ops = [];
  };
  for (let i = 0; i < 10_000; i++) {
    ops.push(...makePrompt(BIG, 1_600_000_000 + i * 600, i, rnd));
    if (ops.length > 5000) await flush();
  }
  // A second channel whose prompts fall between the big channel's newest ones.
  for (let i = 0; i < 30; i++)
    ops.push(...makePrompt(SMALL, 1_600_000_000 + 9_980 * 600 + i * 400 + 7, i, rnd));
  await flush();
}, 120_000);

afterAll(async () => {
  await store?.close();
  removeTempDirs();
});

const deps = () => ({
  store,
  prompts: createTeamLibraries(store, library),
  config: { tallyMinVoters: MIN_VOTERS } as Config,
  workspaces: { bot: async () => undefined } as never,
});

// ---- the reference: the rules, applied to what the test committed ----

const byNewest = (list: Made[]) => [...list].sort((a, b) => Number(b.ts) - Number(a.ts));

function refTally(votes: Map<string, Set<VoteEmoji>>) {
  const counts = { compass: 0, clipboard: 0, handshake: 0 };
  let voters = 0;
  for (const set of votes.values()) {
    for (const e of set) counts[e]++;
    if (set.size > 0) voters++;
  }
  return { counts, votes: counts.compass + counts.clipboard + counts.handshake, voters };
}

function refLean(t: ReturnType<typeof refTally>) {
  const n = [t.counts.compass, t.counts.clipboard, t.counts.handshake];
  const top = Math.max(...n);
  if (top === 0) return undefined;
  if (n.filter((x) => x === top).length > 1) return 'both';
  return (['leadership', 'management', 'both'] as const)[n.indexOf(top)];
}

const hidden = (voters: number) => voters > 0 && voters < MIN_VOTERS;
const stance = (set: Set<VoteEmoji> | undefined) => EMOJI.filter((e) => set?.has(e)).join('+');

function refMovement(m: Made) {
  let moved = 0;
  let kept = 0;
  let newcomers = 0;
  for (const [user, set] of m.second ?? []) {
    if (set.size === 0) continue;
    const before = m.votes.get(user);
    if (!before || before.size === 0) newcomers++;
    else if (stance(before) === stance(set)) kept++;
    else moved++;
  }
  return { moved, kept, newcomers };
}

function refTrend(list: Made[]) {
  const rows = byNewest(list).map((m) => {
    const t = refTally(m.votes);
    const lean = hidden(t.voters) ? undefined : refLean(t);
    const leans = library.find(m.promptId)?.view.leans;
    const agreed = lean === undefined || leans === undefined || leans === 'none' ? undefined : lean === leans;
    const share =
      hidden(t.voters) || t.votes === 0 ? undefined : (t.counts.compass + t.counts.handshake / 2) / t.votes;
    const secondVoters = m.second ? refTally(m.second).voters : 0;
    const look =
      m.second && secondVoters > 0 && !hidden(t.voters) && !hidden(secondVoters) ? refMovement(m) : undefined;
    return { m, t, agreed, share, look };
  });
  const shares = rows.flatMap((r) => (r.share === undefined ? [] : [r.share])).reverse();
  const half = Math.floor(shares.length / 2);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const looks = rows.flatMap((r) => (r.look ? [r.look] : []));
  return {
    prompts: rows.length,
    compared: rows.filter((r) => r.agreed !== undefined).length,
    agreed: rows.filter((r) => r.agreed === true).length,
    averageVoters: rows.reduce((n, r) => n + r.t.voters, 0) / rows.length,
    averageAnswers: rows.reduce((n, r) => n + r.m.answers, 0) / rows.length,
    shift: { from: mean(shares.slice(0, half)), to: mean(shares.slice(shares.length - half)) },
    secondLook: {
      prompts: looks.length,
      moved: looks.reduce((n, l) => n + l.moved, 0),
      kept: looks.reduce((n, l) => n + l.kept, 0),
      newcomers: looks.reduce((n, l) => n + l.newcomers, 0),
    },
    rows: rows
      .slice(0, 12)
      .map((r) => ({ voters: r.t.voters, answers: r.m.answers, agreed: r.agreed, moved: r.look?.moved })),
  };
}

// ---- the tests ----

describe('the Home tab on a channel of 10,000 prompts', () => {
  it('shows the newest 20 prompts of every channel together, with their tallies, answers and second looks', async () => {
    const memberOf = new Map([
      [BIG, 'big'],
      [SMALL, 'small'],
    ]);
    const home = await homeModel(deps(), T, memberOf, { channel: undefined, page: 0 });
    const expected = byNewest(made).slice(0, HOME_PAGE_SIZE);
    expect(expected.some((m) => m.channel === SMALL) && expected.some((m) => m.channel === BIG)).toBe(true);
    expect(home.rows.map((r) => r.ts)).toEqual(expected.map((m) => m.ts));
    expect(home.rows.map((r) => r.tally)).toEqual(expected.map((m) => refTally(m.votes)));
    expect(home.rows.map((r) => r.answers)).toEqual(expected.map((m) => m.answers));
    expect(home.rows.map((r) => r.secondLook?.movement.moved)).toEqual(
      expected.map((m) => (m.second ? refMovement(m).moved : undefined)),
    );
    expect(home.total).toBe(10_030);
    expect(home.channels.map((c) => c.id)).toEqual([SMALL, BIG]);
    expect(home.trend.prompts).toBe(10_030);
  });

  it('pages within one channel: page 3 of the big channel holds its 61st to 80th newest prompts', async () => {
    const memberOf = new Map([[BIG, 'big']]);
    const home = await homeModel(deps(), T, memberOf, { channel: BIG, page: 3 });
    const expected = byNewest(made.filter((m) => m.channel === BIG)).slice(60, 80);
    expect(home.rows.map((r) => r.ts)).toEqual(expected.map((m) => m.ts));
    expect(home.rows.map((r) => r.tally)).toEqual(expected.map((m) => refTally(m.votes)));
    expect(home.total).toBe(10_000);
    expect(home.state).toEqual({ channel: BIG, page: 3 });
  });
});

describe('stats and history on a channel of 10,000 prompts', () => {
  it('stats: the same trend as the rules give over every prompt of the channel', async () => {
    const t = await channelTrend(store, library, T, BIG, MIN_VOTERS);
    const ref = refTrend(made.filter((m) => m.channel === BIG));
    expect(t).toBeDefined();
    if (!t) return;
    expect(t.prompts).toBe(ref.prompts);
    expect(t.compared).toBe(ref.compared);
    expect(t.agreed).toBe(ref.agreed);
    expect(t.averageVoters).toBeCloseTo(ref.averageVoters, 12);
    expect(t.averageAnswers).toBeCloseTo(ref.averageAnswers, 12);
    expect(t.shift?.from).toBeCloseTo(ref.shift.from, 12);
    expect(t.shift?.to).toBeCloseTo(ref.shift.to, 12);
    expect({ prompts: t.secondLook.prompts, ...t.secondLook.movement, moves: undefined }).toEqual({
      ...ref.secondLook,
      moves: undefined,
    });
    expect(t.secondLook.movement.moves.reduce((n, m) => n + m.people, 0)).toBe(ref.secondLook.moved);
    expect(
      t.rows.map((r) => ({ voters: r.voters, answers: r.answers, agreed: r.agreed, moved: r.moved })),
    ).toEqual(ref.rows);
  });

  it('stats: no trend in a channel without prompts', async () => {
    expect(await channelTrend(store, library, T, 'C-EMPTY', MIN_VOTERS)).toBeUndefined();
  });

  it('history: the newest prompts asked for, and how many there are', async () => {
    const { rows, total } = await channelHistory(store, library, T, BIG, 5, MIN_VOTERS);
    const expected = byNewest(made.filter((m) => m.channel === BIG)).slice(0, 5);
    expect(total).toBe(10_000);
    expect(rows.map((r) => [r.ts, r.tally, r.answers])).toEqual(
      expected.map((m) => [m.ts, refTally(m.votes), m.answers]),
    );
  });
});
