/**
 * The Store's behaviour, one suite for every store (the lowdb file store, PostgreSQL): what the app may
 * rely on whichever store it runs on. Each store's own test file runs it with a way to open a fresh store,
 * to restart it on the same data, and to read everything it keeps (files, or table rows).
 * What only one store does (journal, folds, crash copies; connections, migrations) is tested beside it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Op, PostRecord, ScheduleRecord, TeamPromptStatus } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { readsContract } from './contract-reads.js';
import { secondLookContract } from './contract-second-look.js';
import { answerOp, C, dump, postOp, scheduleRecord, T, teamPromptRecord, voteOp } from './helpers.js';

export interface OpenedStore {
  store: Store;
  /** Closes `store` (if still open) and opens the same data again, as a restart would. */
  reopen(): Promise<Store>;
  /** Everything the store keeps, as text: its files, or its tables' rows. */
  storage(): Promise<string>;
}

export interface StoreKind {
  name: string;
  /** A new, empty store. */
  open(): Promise<OpenedStore>;
}

const C2 = 'C0002';
const where = {
  channels: [C, C2],
  eventIds: ['E1', 'E2', 'E3', 'nope'],
  answerTs: ['1.2', '1.3', '1.4', '1.5'],
};

/** The SHA-256 of a Delete token, as an anonymous answer keeps it (any 64 hex digits will do here). */
const HASH = 'a3f1'.repeat(16);

/** An anonymous answer: no user, only the hash of its Delete token. */
const anonymousOp = (threadTs: string, ts: string, text: string, deleteHash = HASH): Op => ({
  type: 'answer',
  team: T,
  channel: C,
  threadTs,
  answer: { ts, text, deleteHash },
});

/** A little of everything, committed one op at a time. */
async function fill(store: Store): Promise<void> {
  const ops: [Op[], string?][] = [
    [[postOp('1.1'), postOp('2.1'), postOp('1.1', C2)]],
    [[voteOp('1.1', 'U1', 'compass', true, '1764070000.000100')], 'E1'],
    [[voteOp('1.1', 'U2', 'handshake', true, '1764070000.000200')], 'E2'],
    [[voteOp('1.1', 'U1', 'compass', false, '1764070000.000300')], 'E3'],
    [[answerOp('1.1', '1.2', 'first answer'), answerOp('1.1', '1.3', 'second answer', 'U2')]],
    [[anonymousOp('1.1', '1.5', 'an answer without a name')]],
    [[{ type: 'unanswer', team: T, channel: C, ts: '1.4' }]],
    [[{ type: 'close', team: T, channel: C, ts: '1.1', at: '2025-11-26T10:00:00.000Z' }]],
    [[{ type: 'schedule', schedule: scheduleRecord() }]],
    [[{ type: 'slot', team: T, channel: C, slot: '2025-11-24T08:00:00.000Z' }]],
    [[{ type: 'rotation', rotation: { team: T, channel: C, seed: 7, cycle: 1, used: ['a', 'b'] } }]],
    [[{ type: 'schedule', schedule: { ...scheduleRecord(C2), setBy: 'U9', removed: true, paused: true } }]],
    [[{ type: 'channel-settings', team: T, channel: C, set: { anonymous: false, revisit: true } }]],
    [[{ type: 'workspace-settings', team: T, set: { library: 'own' } }]],
    [[{ type: 'team-prompt-add', prompt: teamPromptRecord('own-b') }]],
    [[{ type: 'team-prompt-add', prompt: teamPromptRecord('own-a', { via: 'import', file: 'ours.yml' }) }]],
    [
      [
        {
          type: 'team-prompt-status',
          team: T,
          id: 'own-b',
          from: ['pending'],
          to: 'approved',
          by: 'U9',
          at: '2025-11-26T10:00:00.000Z',
        },
      ],
    ],
  ];
  for (const [batch, eventId] of ops) {
    expect(await store.commit(batch, eventId ? { eventId } : undefined)).toBe(true);
  }
}

const edit = (text: string, editedAt?: string, threadTs = '1.1'): Op => ({
  type: 'answer',
  team: T,
  channel: C,
  threadTs,
  answer: { user: 'U1', ts: '1.2', text, ...(editedAt ? { editedAt } : {}) },
});

const postRecord = (ts: string): PostRecord => ({
  team: T,
  channel: C,
  ts,
  promptId: `p-${ts}`,
  postedAt: '2025-11-25T10:00:00.000Z',
});

const texts = async (store: Store, ts = '1.1') => (await store.answers(T, C, ts)).map((a) => a.text);

export function storeContract(kind: StoreKind): void {
  const opened: OpenedStore[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.allSettled(stores.splice(0).map((s) => s.close()));
    opened.splice(0);
  });
  const open = async (): Promise<OpenedStore> => {
    const o = await kind.open();
    stores.push(o.store);
    return {
      ...o,
      reopen: async () => {
        const again = await o.reopen();
        stores.push(again);
        return again;
      },
    };
  };

  secondLookContract(kind.name, open);
  readsContract(kind.name, open);

  describe(`${kind.name}: round trip`, () => {
    it('reads back everything it was given, also after a restart', async () => {
      const { store, reopen } = await open();
      await fill(store);
      const expected = await dump(store, where);
      expect((await store.votes(T, C, '1.1')).sort((a, b) => a.user.localeCompare(b.user))).toEqual([
        { user: 'U1', emoji: 'compass', on: false, eventTs: '1764070000.000300' },
        { user: 'U2', emoji: 'handshake', on: true, eventTs: '1764070000.000200' },
      ]);
      expect(await texts(store)).toEqual(['first answer', 'second answer', 'an answer without a name']);
      expect((await store.answers(T, C, '1.1'))[2]).toEqual({
        ts: '1.5',
        text: 'an answer without a name',
        deleteHash: HASH,
      });
      expect(await store.post(T, C, '1.1')).toEqual({
        team: T,
        channel: C,
        ts: '1.1',
        promptId: 'p-1.1',
        postedAt: '2025-11-25T10:00:00.000Z',
        closedAt: '2025-11-26T10:00:00.000Z',
      });
      expect(await store.schedule(T, C)).toEqual({
        ...scheduleRecord(),
        lastSlot: '2025-11-24T08:00:00.000Z',
      });
      const schedules = (await store.schedules()).sort((a, b) => a.channel.localeCompare(b.channel));
      expect(schedules).toEqual([
        { ...scheduleRecord(), lastSlot: '2025-11-24T08:00:00.000Z' },
        { ...scheduleRecord(C2), setBy: 'U9', removed: true, paused: true },
      ]);
      expect(await store.channelSettings(T, C)).toEqual({ anonymous: false, revisit: true });
      expect(await store.workspaceSettings(T)).toEqual({ library: 'own' });
      expect(await store.teamPrompts(T)).toEqual([
        {
          ...teamPromptRecord('own-b'),
          status: 'approved',
          statusBy: 'U9',
          statusAt: '2025-11-26T10:00:00.000Z',
        },
        teamPromptRecord('own-a', { via: 'import', file: 'ours.yml' }),
      ]);
      expect(await store.rotation(T, C)).toEqual({
        team: T,
        channel: C,
        seed: 7,
        cycle: 1,
        used: ['a', 'b'],
      });
      expect(await store.isTombstoned(T, C, '1.4')).toBe(true);
      expect(await store.channels(T)).toEqual([C, C2]);
      expect(await store.channels('T-none')).toEqual([]);
      expect(await store.post(T, C, '9.9')).toBeUndefined();

      const again = await reopen();
      expect(await dump(again, where)).toEqual(expected);
    });

    it('hands out copies: changing what was read changes nothing stored', async () => {
      const { store } = await open();
      const rotation = { team: T, channel: C, seed: 3, cycle: 0, used: ['a'] };
      await store.commit([postOp('1.1'), { type: 'rotation', rotation }]);
      rotation.used.push('given-then-changed');
      const read = await store.rotation(T, C);
      try {
        read?.used.push('read-then-changed');
      } catch {
        // a frozen record refuses, which is as good
      }
      expect((await store.rotation(T, C))?.used).toEqual(['a']);
    });

    it('keeps large and odd values exactly: unicode text, big seeds, timestamps with offsets', async () => {
      const { store, reopen } = await open();
      const text = 'Ünïcødé ✓ "quotes" \\ back\\slash\nnew line 🧭 \u0001';
      const rotation = { team: T, channel: C, seed: Number.MAX_SAFE_INTEGER, cycle: 2 ** 40, used: [] };
      const schedule: ScheduleRecord = {
        ...scheduleRecord(),
        since: '2025-11-01T09:00:00+01:00',
        paused: true,
      };
      await store.commit([
        { type: 'post', post: { ...postRecord('1.1'), slot: '2025-11-24T08:00:00Z' } },
        answerOp('1.1', '1.2', text),
        { type: 'rotation', rotation },
        { type: 'schedule', schedule },
      ]);
      const check = async (s: Store) => {
        expect(await texts(s)).toEqual([text]);
        expect(await s.rotation(T, C)).toEqual(rotation);
        expect(await s.schedule(T, C)).toEqual(schedule);
        expect((await s.post(T, C, '1.1'))?.slot).toBe('2025-11-24T08:00:00Z');
      };
      await check(store);
      await check(await reopen());
    });
  });

  describe(`${kind.name}: commits`, () => {
    it('refuses malformed ops with a message naming the field, and applies none of the commit', async () => {
      const { store } = await open();
      const bad = {
        type: 'vote',
        team: T,
        channel: C,
        ts: '1.1',
        vote: { user: 'U', emoji: 'tada', on: true, eventTs: '1.2' },
      };
      await expect(store.commit([postOp('1.1'), bad as Op])).rejects.toThrow(
        /commit refused: ops\[1\]\.vote\.emoji/,
      );
      await expect(store.commit([postOp('1.1')], { eventId: '' })).rejects.toThrow(/commit refused: eventId/);
      expect(await store.post(T, C, '1.1')).toBeUndefined();
      expect(await store.channels(T)).toEqual([]);
    });

    it('applies the ops of one commit in order, each seeing the ones before', async () => {
      const { store } = await open();
      await store.commit([
        voteOp('1.1', 'U0', 'compass', true, '5.1'), // before its post: ignored
        postOp('1.1'),
        voteOp('1.1', 'U1', 'compass', true, '5.1'),
        { type: 'purge', team: T },
        postOp('1.1'),
        voteOp('1.1', 'U2', 'clipboard', true, '5.2'),
      ]);
      expect(await store.votes(T, C, '1.1')).toEqual([
        { user: 'U2', emoji: 'clipboard', on: true, eventTs: '5.2' },
      ]);
    });

    it('rejects commits after close; close can be called again', async () => {
      const { store } = await open();
      await store.commit([postOp('1.1')]);
      await Promise.all([store.close(), store.close()]);
      await store.close();
      await expect(store.commit([postOp('1.2')])).rejects.toThrow('closed');
    });
  });

  describe(`${kind.name}: exactly once`, () => {
    it('applies an event id once, also after a restart', async () => {
      const { store, reopen } = await open();
      await store.commit([postOp('1.1')]);
      expect(await store.seen('Ev1')).toBe(false);
      expect(await store.commit([voteOp('1.1', 'U1', 'compass', true, '5.1')], { eventId: 'Ev1' })).toBe(
        true,
      );
      expect(await store.commit([voteOp('1.1', 'U9', 'compass', true, '5.2')], { eventId: 'Ev1' })).toBe(
        false,
      );
      expect(await store.seen('Ev1')).toBe(true);

      const again = await reopen();
      expect(await again.seen('Ev1')).toBe(true);
      expect(await again.commit([voteOp('1.1', 'U9', 'compass', true, '5.2')], { eventId: 'Ev1' })).toBe(
        false,
      );
      expect((await again.votes(T, C, '1.1')).map((v) => v.user)).toEqual(['U1']);
      expect(await again.commit([], { eventId: 'Ev2' })).toBe(true); // an empty commit claims its id too
      expect(await again.commit([postOp('3.1')], { eventId: 'Ev2' })).toBe(false);
      expect(await again.post(T, C, '3.1')).toBeUndefined();
    });

    it('runs concurrent duplicates once: one resolves true, the others false, after it is stored', async () => {
      const { store } = await open();
      await store.commit([postOp('1.1')]);
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          store.commit([voteOp('1.1', `U${i}`, 'compass', true, '5.1')], { eventId: 'dup' }),
        ),
      );
      expect(results.sort()).toEqual([false, false, false, false, true]);
      expect(await store.votes(T, C, '1.1')).toHaveLength(1);
      expect(await store.seen('dup')).toBe(true);
    });

    it('claims a schedule slot once by its event id, and slots only move forwards', async () => {
      const { store } = await open();
      await store.commit([{ type: 'schedule', schedule: scheduleRecord() }]);
      const claim = (iso: string) =>
        store.commit([{ type: 'slot', team: T, channel: C, slot: iso }], {
          eventId: `slot:${T}:${C}:${iso}`,
        });
      expect(await claim('2025-11-24T08:00:00.000Z')).toBe(true);
      expect(await claim('2025-11-24T08:00:00.000Z')).toBe(false);
      expect(await claim('2025-11-17T08:00:00.000Z')).toBe(true); // a new id, but an older slot: no change
      expect((await store.schedule(T, C))?.lastSlot).toBe('2025-11-24T08:00:00.000Z');
      // Instants compare as instants: 09:00+02:00 is 07:00Z, before 08:00Z.
      expect(await claim('2025-11-24T09:00:00+02:00')).toBe(true);
      expect((await store.schedule(T, C))?.lastSlot).toBe('2025-11-24T08:00:00.000Z');
      expect(await claim('2025-12-01T08:00:00.000Z')).toBe(true);
      expect((await store.schedule(T, C))?.lastSlot).toBe('2025-12-01T08:00:00.000Z');
    });
  });

  describe(`${kind.name}: votes`, () => {
    const arrivals: Op[] = [
      voteOp('1.1', 'U1', 'compass', true, '1764070000.000200'),
      voteOp('1.1', 'U1', 'compass', false, '1764070000.000100'), // an older removal arrives late
      voteOp('1.1', 'U1', 'compass', false, '999999999.999999'), // fewer digits: numerically older
      voteOp('1.1', 'U2', 'compass', false, '1764070000.000300'),
      voteOp('1.1', 'U2', 'compass', true, '1764070000.000250'),
      voteOp('1.1', 'U1', 'clipboard', true, '1764070000.000050'),
      voteOp('1.1', 'U3', 'compass', true, '1764070000.0004'),
      voteOp('1.1', 'U3', 'compass', false, '1764070000.000400'), // the same instant: the first one stays
      voteOp('1.1', 'U2', 'clipboard', true, '9.5'),
      voteOp('1.1', 'U2', 'clipboard', false, '10.1'), // 10.1 > 9.5 as numbers
    ];
    const expected = [
      { user: 'U1', emoji: 'compass', on: true, eventTs: '1764070000.000200' },
      { user: 'U2', emoji: 'compass', on: false, eventTs: '1764070000.000300' },
      { user: 'U3', emoji: 'compass', on: true, eventTs: '1764070000.0004' },
      { user: 'U1', emoji: 'clipboard', on: true, eventTs: '1764070000.000050' },
      { user: 'U2', emoji: 'clipboard', on: false, eventTs: '10.1' },
    ];

    it('keeps the greatest event ts per (prompt, person, emoji), compared as numbers, in separate commits', async () => {
      const { store, reopen } = await open();
      await store.commit([postOp('1.1')]);
      for (const op of arrivals) await store.commit([op]);
      // Grouped by emoji in the order each first appeared, then people in the order they first voted.
      expect(await store.votes(T, C, '1.1')).toEqual(expected);
      expect(await (await reopen()).votes(T, C, '1.1')).toEqual(expected);
    });

    it('gives the same result when all the votes come in one commit', async () => {
      const { store } = await open();
      await store.commit([postOp('1.1'), ...arrivals]);
      expect(await store.votes(T, C, '1.1')).toEqual(expected);
    });

    it('keeps votes apart per prompt, channel and workspace, and ignores votes on unknown prompts', async () => {
      const { store } = await open();
      await store.commit([postOp('1.1'), postOp('1.1', C2), postOp('1.1', C, 'T2')]);
      await store.commit([
        voteOp('1.1', 'U1', 'compass', true, '5.1'),
        voteOp('1.1', 'U1', 'handshake', true, '5.2', C2),
        voteOp('1.1', 'U1', 'clipboard', true, '5.3', C, 'T2'),
        voteOp('7.7', 'U1', 'compass', true, '5.4'),
      ]);
      expect((await store.votes(T, C, '1.1')).map((v) => v.emoji)).toEqual(['compass']);
      expect((await store.votes(T, C2, '1.1')).map((v) => v.emoji)).toEqual(['handshake']);
      expect((await store.votes('T2', C, '1.1')).map((v) => v.emoji)).toEqual(['clipboard']);
      expect(await store.votes(T, C, '7.7')).toEqual([]);
      expect(await store.post(T, C, '7.7')).toBeUndefined();
    });

    it('keeps votes and answers when a prompt is stored again, replacing its fields', async () => {
      const { store } = await open();
      await store.commit([
        postOp('1.1'),
        voteOp('1.1', 'U1', 'compass', true, '5.1'),
        answerOp('1.1', '1.2', 'kept'),
        { type: 'close', team: T, channel: C, ts: '1.1', at: '2025-11-26T10:00:00.000Z' },
      ]);
      const again = { ...postRecord('1.1'), promptId: 'other' };
      await store.commit([{ type: 'post', post: again }]);
      expect(await store.post(T, C, '1.1')).toEqual(again); // closedAt went with the old record
      expect(await store.votes(T, C, '1.1')).toHaveLength(1);
      expect(await texts(store)).toEqual(['kept']);
    });
  });

  describe(`${kind.name}: anonymous answers`, () => {
    it('keeps an anonymous answer without any user, with its Delete hash, also after a restart', async () => {
      const { store, reopen, storage } = await open();
      await store.commit([
        postOp('1.1'),
        answerOp('1.1', '1.2', 'named', 'UNAMED7'),
        anonymousOp('1.1', '1.3', 'unnamed'),
      ]);
      const check = async (s: Store) => {
        const answers = await s.answers(T, C, '1.1');
        expect(answers).toEqual([
          { user: 'UNAMED7', ts: '1.2', text: 'named' },
          { ts: '1.3', text: 'unnamed', deleteHash: HASH },
        ]);
        expect(answers[1]).not.toHaveProperty('user');
        expect((await s.threadOf(T, C, '1.3'))?.ts).toBe('1.1');
      };
      await check(store);
      await store.compact();
      expect(await storage()).toContain(HASH);
      await check(await reopen());
    });

    it('refuses an answer with both a user and a Delete hash, or with neither, or with a malformed hash', async () => {
      const { store } = await open();
      await store.commit([postOp('1.1')]);
      const answer = (a: Record<string, unknown>) =>
        ({
          type: 'answer',
          team: T,
          channel: C,
          threadTs: '1.1',
          answer: { ts: '1.2', text: 'x', ...a },
        }) as Op;
      await expect(store.commit([answer({ user: 'U1', deleteHash: HASH })])).rejects.toThrow(
        /commit refused: ops\[0\]\.answer must be an answer with either a user or a deleteHash/,
      );
      await expect(store.commit([answer({})])).rejects.toThrow(/either a user or a deleteHash/);
      await expect(store.commit([answer({ deleteHash: 'ABC' })])).rejects.toThrow(
        /ops\[0\]\.answer\.deleteHash/,
      );
      await expect(store.commit([answer({ deleteHash: HASH.toUpperCase() })])).rejects.toThrow(/deleteHash/);
      expect(await store.answers(T, C, '1.1')).toEqual([]);
    });

    it('a deletion removes an anonymous answer, its text and its hash from what the store keeps', async () => {
      const { store, storage } = await open();
      const SECRET = 'ANONYMOUS-SECRET-51c2';
      await store.commit([postOp('1.1'), anonymousOp('1.1', '1.2', SECRET)]);
      await store.compact();
      expect(await storage()).toContain(SECRET);
      await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
      expect(await store.answers(T, C, '1.1')).toEqual([]);
      await expect.poll(storage, { timeout: 3000 }).not.toContain(SECRET);
      expect(await storage()).not.toContain(HASH);
    });
  });

  describe(`${kind.name}: prompts and answers`, () => {
    it('lists prompts newest first and answers oldest first, as decimal numbers', async () => {
      const { store } = await open();
      await store.commit([
        postOp('9.000001'),
        postOp('10.000001'),
        answerOp('10.000001', '11.5', 'b'),
        answerOp('10.000001', '11.25', 'a'),
        answerOp('10.000001', '100.1', 'c'),
      ]);
      expect((await store.posts(T, C)).map((p) => p.ts)).toEqual(['10.000001', '9.000001']);
      expect(await texts(store, '10.000001')).toEqual(['a', 'b', 'c']);
      expect((await store.threadOf(T, C, '11.5'))?.ts).toBe('10.000001');
      expect(await store.threadOf(T, C, '11.6')).toBeUndefined();
      expect(await store.threadOf(T, C2, '11.5')).toBeUndefined();
      expect(await store.posts(T, C2)).toEqual([]);
    });

    it("gives each channel's newest prompt, newest as decimal numbers, closed or not", async () => {
      const { store, reopen } = await open();
      await store.commit([
        postOp('9.000001'),
        postOp('10.000001'),
        postOp('8.5', C2),
        postOp('7.1', C, 'T-other'),
        { type: 'close', team: T, channel: C2, ts: '8.5', at: '2026-11-20T00:00:00.000Z' },
      ]);
      const latest = (await store.latestPosts(T)).sort((a, b) => a.channel.localeCompare(b.channel));
      expect(latest.map((p) => [p.channel, p.ts, p.closedAt])).toEqual([
        [C, '10.000001', undefined],
        [C2, '8.5', '2026-11-20T00:00:00.000Z'],
      ]);
      expect(await store.latestPosts('T-none')).toEqual([]);
      const again = await reopen();
      expect((await again.latestPosts(T)).map((p) => p.ts).sort()).toEqual(['10.000001', '8.5']);
    });

    it('ignores answers in the thread of an unknown prompt', async () => {
      const { store } = await open();
      await store.commit([answerOp('1.1', '1.2', 'hi')]);
      expect(await store.threadOf(T, C, '1.2')).toBeUndefined();
      expect(await store.channels(T)).toEqual([]);
    });

    it('replaces an answer on edit, never with an older edit, and tombstones a deletion', async () => {
      const { store } = await open();
      await store.commit([
        postOp('1.1'),
        edit('second', '2025-11-25T10:05:00Z'),
        edit('first'), // the original arrives after its edit
        edit('older edit', '2025-11-25T10:01:00Z'),
      ]);
      expect(await store.answers(T, C, '1.1')).toEqual([
        { user: 'U1', ts: '1.2', text: 'second', editedAt: '2025-11-25T10:05:00Z' },
      ]);
      await store.commit([edit('same instant', '2025-11-25T11:05:00+01:00')]); // 10:05Z again: replaces
      expect(await texts(store)).toEqual(['same instant']);
      await store.commit([edit('third', '2025-11-25T10:06:00Z')]);
      expect(await texts(store)).toEqual(['third']);

      await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
      expect(await store.answers(T, C, '1.1')).toEqual([]);
      expect(await store.threadOf(T, C, '1.2')).toBeUndefined();
      expect(await store.isTombstoned(T, C, '1.2')).toBe(true);
      await store.commit([edit('late copy', '2025-11-25T10:09:00Z')]); // refused
      expect(await store.answers(T, C, '1.1')).toEqual([]);
    });

    it('refuses an answer whose deletion arrived first', async () => {
      const { store } = await open();
      await store.commit([postOp('1.1'), { type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
      await store.commit([answerOp('1.1', '1.2', 'deleted before it arrived')]);
      expect(await store.answers(T, C, '1.1')).toEqual([]);
      expect(await store.isTombstoned(T, C, '1.2')).toBe(true);
      expect(await store.isTombstoned(T, C2, '1.2')).toBe(false);
    });

    it('moves an answer stored in another thread of the channel', async () => {
      const { store } = await open();
      await store.commit([postOp('1.1'), postOp('2.1'), edit('here', '2025-11-25T10:05:00Z')]);
      await store.commit([edit('moved', undefined, '2.1')]); // unedited, but in another thread
      expect(await texts(store, '1.1')).toEqual([]);
      expect(await texts(store, '2.1')).toEqual(['moved']);
      expect((await store.threadOf(T, C, '1.2'))?.ts).toBe('2.1');
    });
  });

  describe(`${kind.name}: schedules and rotations`, () => {
    it('pauses existing schedules only, replaces a schedule whole, unschedules', async () => {
      const { store } = await open();
      await store.commit([
        { type: 'schedule', schedule: { ...scheduleRecord(), lastSlot: '2025-11-24T08:00:00Z' } },
        { type: 'pause', team: T, channel: C, paused: true },
        { type: 'pause', team: T, channel: 'C-none', paused: true },
        { type: 'slot', team: T, channel: 'C-none', slot: '2025-11-24T08:00:00Z' },
      ]);
      expect(await store.schedule(T, C)).toMatchObject({ lastSlot: '2025-11-24T08:00:00Z', paused: true });
      expect(await store.schedule(T, 'C-none')).toBeUndefined();
      await store.commit([{ type: 'schedule', schedule: { ...scheduleRecord(), cron: '0 10 * * 2' } }]);
      expect(await store.schedule(T, C)).toEqual({ ...scheduleRecord(), cron: '0 10 * * 2' });
      await store.commit([{ type: 'schedule', schedule: scheduleRecord(C2) }]);
      expect((await store.schedules()).map((s) => s.channel).sort()).toEqual([C, C2]);
      await store.commit([{ type: 'unschedule', team: T, channel: C }]);
      expect(await store.schedules()).toEqual([scheduleRecord(C2)]);
    });

    it('lists every schedule of many workspaces, each once (more than one page of a database read)', async () => {
      const { store } = await open();
      const channels = Array.from({ length: 4_100 }, (_, i) => [`T${i % 3}`, `C${i}`] as const);
      await store.commit(
        channels.map(([team, channel]) => ({ type: 'schedule', schedule: scheduleRecord(channel, team) })),
      );
      const listed = (await store.schedules()).map((s) => `${s.team}/${s.channel}`);
      expect(listed.sort()).toEqual(channels.map(([team, channel]) => `${team}/${channel}`).sort());
    });

    it('replaces a rotation whole, its used prompts in order', async () => {
      const { store } = await open();
      await store.commit([
        { type: 'rotation', rotation: { team: T, channel: C, seed: 1, cycle: 0, used: ['c', 'a', 'b'] } },
      ]);
      expect((await store.rotation(T, C))?.used).toEqual(['c', 'a', 'b']);
      await store.commit([
        { type: 'rotation', rotation: { team: T, channel: C, seed: -5, cycle: 1, used: [] } },
      ]);
      expect(await store.rotation(T, C)).toEqual({ team: T, channel: C, seed: -5, cycle: 1, used: [] });
      expect(await store.rotation(T, C2)).toBeUndefined();
    });
  });

  describe(`${kind.name}: settings`, () => {
    it('has none until set, then merges field by field, per channel and per workspace', async () => {
      const { store } = await open();
      expect(await store.channelSettings(T, C)).toBeUndefined();
      expect(await store.workspaceSettings(T)).toBeUndefined();
      await store.commit([{ type: 'channel-settings', team: T, channel: C, set: { anonymous: false } }]);
      await store.commit([{ type: 'channel-settings', team: T, channel: C, set: { revisit: true } }]);
      expect(await store.channelSettings(T, C)).toEqual({ anonymous: false, revisit: true });
      await store.commit([{ type: 'channel-settings', team: T, channel: C, set: { anonymous: true } }]);
      expect(await store.channelSettings(T, C)).toEqual({ anonymous: true, revisit: true });
      expect(await store.channelSettings(T, C2)).toBeUndefined();
      expect(await store.channelSettings('T-other', C)).toBeUndefined();
      await store.commit([{ type: 'workspace-settings', team: T, set: { library: 'shipped' } }]);
      await store.commit([{ type: 'workspace-settings', team: T, set: {} }]);
      expect(await store.workspaceSettings(T)).toEqual({ library: 'shipped' });
    });

    it('refuses a setting it does not know the value of, changing nothing', async () => {
      const { store } = await open();
      const bad = { type: 'workspace-settings', team: T, set: { library: 'everything' } } as unknown as Op;
      await expect(store.commit([bad])).rejects.toThrow(/library/);
      const notBool = {
        type: 'channel-settings',
        team: T,
        channel: C,
        set: { revisit: 'yes' },
      } as unknown as Op;
      await expect(store.commit([notBool])).rejects.toThrow(/revisit/);
      expect(await store.workspaceSettings(T)).toBeUndefined();
      expect(await store.channelSettings(T, C)).toBeUndefined();
    });

    it("forgets a workspace's settings when it is purged, and only that workspace's", async () => {
      const { store } = await open();
      await store.commit([
        { type: 'channel-settings', team: T, channel: C, set: { revisit: true } },
        { type: 'workspace-settings', team: T, set: { library: 'both' } },
        { type: 'channel-settings', team: 'T-other', channel: C, set: { revisit: true } },
      ]);
      await store.commit([{ type: 'purge', team: T }]);
      expect(await store.channelSettings(T, C)).toBeUndefined();
      expect(await store.workspaceSettings(T)).toBeUndefined();
      expect(await store.channelSettings('T-other', C)).toEqual({ revisit: true });
    });
  });

  describe(`${kind.name}: a workspace's own prompts`, () => {
    const status = (id: string, from: TeamPromptStatus[], to: TeamPromptStatus, reason?: string): Op => ({
      type: 'team-prompt-status',
      team: T,
      id,
      from,
      to,
      by: 'UADMIN',
      at: '2025-11-27T10:00:00.000Z',
      ...(reason === undefined ? {} : { reason }),
    });

    it('keeps them per workspace in the order added; a second one with the same id changes nothing', async () => {
      const { store, reopen } = await open();
      expect(await store.teamPrompts(T)).toEqual([]);
      const third = teamPromptRecord('own-c', { author: 'U3', view: undefined, source: {} });
      await store.commit([
        { type: 'team-prompt-add', prompt: teamPromptRecord('own-b') },
        { type: 'team-prompt-add', prompt: teamPromptRecord('own-a', { team: 'T-other' }) },
        { type: 'team-prompt-add', prompt: third },
      ]);
      await store.commit([
        {
          type: 'team-prompt-add',
          prompt: teamPromptRecord('own-b', { text: 'A different text entirely.' }),
        },
      ]);
      for (const opened of [async () => store, reopen]) {
        const s = await opened();
        expect(await s.teamPrompts(T)).toEqual([teamPromptRecord('own-b'), third]);
        expect(await s.teamPrompt(T, 'own-c')).toEqual(third);
        expect(await s.teamPrompt(T, 'own-a')).toBeUndefined();
        expect(await s.teamPrompts('T-other')).toEqual([teamPromptRecord('own-a', { team: 'T-other' })]);
        expect(await s.teamPrompts('T-none')).toEqual([]);
      }
    });

    it("moves a status only from the statuses an op names, and keeps a rejection's reason", async () => {
      const { store, reopen } = await open();
      await store.commit([
        { type: 'team-prompt-add', prompt: teamPromptRecord('own-a') },
        { type: 'team-prompt-add', prompt: teamPromptRecord('own-b') },
      ]);
      await store.commit([
        status('own-a', ['pending'], 'approved'),
        status('own-b', ['pending'], 'rejected', 'Too close to #4'),
      ]);
      // A second review that arrives late (reject an approved one, approve a rejected one) changes nothing.
      await store.commit([
        status('own-a', ['pending'], 'rejected', 'late'),
        status('own-b', ['pending'], 'approved'),
      ]);
      await store.commit([status('own-a', ['approved'], 'retired'), status('nope', ['pending'], 'approved')]);
      let last = store;
      for (const opened of [async () => store, reopen]) {
        const s = await opened();
        last = s;
        expect(await s.teamPrompt(T, 'own-a')).toMatchObject({ status: 'retired', statusBy: 'UADMIN' });
        expect(await s.teamPrompt(T, 'own-a')).not.toHaveProperty('reason');
        expect(await s.teamPrompt(T, 'own-b')).toMatchObject({
          status: 'rejected',
          reason: 'Too close to #4',
        });
        expect(await s.teamPrompt(T, 'nope')).toBeUndefined();
      }
      await last.commit([status('own-b', ['rejected'], 'pending')]);
      expect(await last.teamPrompt(T, 'own-b')).not.toHaveProperty('reason');
    });

    it('an edit replaces what the prompt says, never its status, and drops fields the edit leaves out', async () => {
      const { store, reopen } = await open();
      await store.commit([
        {
          type: 'team-prompt-add',
          prompt: teamPromptRecord('own-a', { form: 'situation', setting: 'retail' }),
        },
        status('own-a', ['pending'], 'approved'),
      ]);
      const content = {
        form: 'statement' as const,
        themes: ['change'],
        text: 'The rota is the team lead’s real job.',
        discuss: 'Whose job is the rota?',
        source: { title: 'Offsite notes, day 2' },
      };
      await store.commit([
        {
          type: 'team-prompt-edit',
          team: T,
          id: 'own-a',
          content,
          by: 'UED',
          at: '2025-11-28T10:00:00.000Z',
        },
      ]);
      await store.commit([
        { type: 'team-prompt-edit', team: T, id: 'nope', content, by: 'UED', at: '2025-11-28T10:00:00.000Z' },
      ]);
      for (const opened of [async () => store, reopen]) {
        const s = await opened();
        const edited = await s.teamPrompt(T, 'own-a');
        expect(edited).toEqual({
          ...teamPromptRecord('own-a'),
          ...content,
          view: undefined,
          status: 'approved',
          statusBy: 'UADMIN',
          statusAt: '2025-11-27T10:00:00.000Z',
          editedBy: 'UED',
          editedAt: '2025-11-28T10:00:00.000Z',
        });
        expect(edited).not.toHaveProperty('setting');
        expect(await s.teamPrompt(T, 'nope')).toBeUndefined();
      }
    });

    it('refuses a malformed prompt or op, changing nothing', async () => {
      const { store } = await open();
      const bad = (prompt: unknown) => ({ type: 'team-prompt-add', prompt }) as unknown as Op;
      await expect(store.commit([bad({ ...teamPromptRecord('own-a'), status: 'maybe' })])).rejects.toThrow(
        /status/,
      );
      await expect(store.commit([bad({ ...teamPromptRecord('Own A') })])).rejects.toThrow(/id/);
      await expect(store.commit([bad({ ...teamPromptRecord('own-a'), text: '' })])).rejects.toThrow(/text/);
      await expect(
        store.commit([bad({ ...teamPromptRecord('own-a'), view: { leans: 'sideways' } })]),
      ).rejects.toThrow(/leans/);
      await expect(
        store.commit([{ ...status('own-a', ['pending'], 'approved'), from: [] } as Op]),
      ).rejects.toThrow(/from/);
      expect(await store.teamPrompts(T)).toEqual([]);
    });

    it("a purge forgets one workspace's prompts and suggestions, and only that workspace's", async () => {
      const { store, storage, reopen } = await open();
      await store.commit([
        {
          type: 'team-prompt-add',
          prompt: teamPromptRecord('own-a', { text: 'SECRET-PROMPT-9c1 of the purged' }),
        },
        { type: 'team-prompt-add', prompt: teamPromptRecord('own-a', { team: 'T-other' }) },
      ]);
      await store.commit([{ type: 'purge', team: T }]);
      await store.compact();
      expect(await storage()).not.toContain('SECRET-PROMPT-9c1');
      for (const opened of [async () => store, reopen]) {
        const s = await opened();
        expect(await s.teamPrompts(T)).toEqual([]);
        expect(await s.teamPrompts('T-other')).toHaveLength(1);
      }
    });
  });

  describe(`${kind.name}: forgetting`, () => {
    const SECRET = 'SECRET-ANSWER-7f3a';

    it('after a deletion the text is nowhere in what the store keeps', async () => {
      const { store, storage } = await open();
      await store.commit([postOp('1.1'), answerOp('1.1', '1.2', `${SECRET} in a thread`)]);
      await store.compact();
      expect(await storage()).toContain(SECRET);
      await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
      await expect.poll(storage, { timeout: 3000 }).not.toContain(SECRET);
    });

    it('after an edit the old text is nowhere in what the store keeps (once compacted)', async () => {
      const { store, storage } = await open();
      await store.commit([postOp('1.1'), answerOp('1.1', '1.2', `${SECRET} before the edit`)]);
      await store.compact();
      await store.commit([edit('rewritten', '2025-11-25T11:00:00Z')]);
      await store.compact();
      expect(await storage()).not.toContain(SECRET);
      expect(await texts(store)).toEqual(['rewritten']);
    });

    it('a purge removes every record of one workspace and nothing of another', async () => {
      const { store, storage, reopen } = await open();
      const gone = 'TPURGE42';
      const other = 'T0002';
      const everything = (team: string): Op[] => [
        postOp('1.1', C, team),
        voteOp('1.1', 'UPURGE', 'compass', true, '5.1', C, team),
        answerOp('1.1', '1.2', `${SECRET} of ${team}`, 'UPURGE', C, team),
        { type: 'unanswer', team, channel: C, ts: '1.9' },
        { type: 'schedule', schedule: scheduleRecord(C, team) },
        { type: 'rotation', rotation: { team, channel: C, seed: 1, cycle: 0, used: ['a'] } },
      ];
      await store.commit([...everything(gone), ...everything(other)], { eventId: 'before-purge' });
      await store.compact();
      await store.commit([{ type: 'purge', team: gone }]);
      await store.compact();
      const check = async (s: Store) => {
        expect(await s.post(gone, C, '1.1')).toBeUndefined();
        expect(await s.channels(gone)).toEqual([]);
        expect(await s.votes(gone, C, '1.1')).toEqual([]);
        expect(await s.threadOf(gone, C, '1.2')).toBeUndefined();
        expect(await s.isTombstoned(gone, C, '1.9')).toBe(false);
        expect(await s.schedule(gone, C)).toBeUndefined();
        expect(await s.rotation(gone, C)).toBeUndefined();
        expect(await s.schedules()).toEqual([scheduleRecord(C, other)]);
        expect(await s.votes(other, C, '1.1')).toHaveLength(1);
        expect((await s.answers(other, C, '1.1')).map((a) => a.text)).toEqual([`${SECRET} of ${other}`]);
        expect(await s.isTombstoned(other, C, '1.9')).toBe(true);
        expect(await s.seen('before-purge')).toBe(true); // ids hold nothing of the workspace
      };
      await check(store);
      const kept = await storage();
      expect(kept).not.toContain(gone);
      expect(kept).toContain(`${SECRET} of ${other}`);
      await check(await reopen());
    });
  });
}
