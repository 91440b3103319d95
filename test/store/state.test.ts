import { describe, expect, it } from 'vitest';
import { compareTs } from '../../src/domain/slack-ts.js';
import { checkOp } from '../../src/store/check.js';
import { applyCommit, applyOp } from '../../src/store/reducer.js';
import type { Op } from '../../src/store/schema.js';
import { State } from '../../src/store/state.js';
import { answerOp, C, postOp, scheduleRecord, T, voteOp } from './helpers.js';

function stateWith(ops: Op[], limits = { maxEventIds: 50_000, maxTombstones: 50_000 }): State {
  const s = new State(limits);
  ops.forEach((op, i) => {
    applyCommit(s, i + 1, undefined, [checkOp(op)]);
  });
  return s;
}

describe('compareTs', () => {
  it.each([
    ['1764070000.000100', '1764070000.000200', -1],
    ['1764070000.000200', '1764070000.000100', 1],
    ['999999999.900000', '1764070000.000100', -1],
    ['9.5', '10.1', -1],
    ['1.1', '1.100', 0],
    ['1.000100', '1.0002', -1],
    ['1764070000', '1764070000.000001', -1],
    ['01.5', '1.5', 0],
    ['1764070000.000100', '1764070000.000100', 0],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareTs(a, b)).toBe(expected);
    expect(compareTs(b, a)).toBe(-expected || 0);
  });
});

describe('checkOp', () => {
  it('returns a copy with only the known fields', () => {
    const op: unknown = { ...postOp('1.1'), extra: 1 };
    const copy = checkOp(op);
    expect(copy).toEqual(postOp('1.1'));
    expect(copy).not.toBe(op);
  });

  it.each<[string, unknown]>([
    ['type', { type: 'nope' }],
    ['post.ts', postOp('x')],
    [
      'vote.emoji',
      {
        ...voteOp('1.1', 'U1', 'compass', true, '1.2'),
        vote: { user: 'U1', emoji: 'tada', on: true, eventTs: '1.2' },
      },
    ],
    ['schedule.origin', { type: 'schedule', schedule: { ...scheduleRecord(), origin: 'other' } }],
    [
      'answer.text',
      { type: 'answer', team: T, channel: C, threadTs: '1.1', answer: { user: 'U', ts: '1.2' } },
    ],
  ])('names the bad field (%s)', (field, op) => {
    expect(() => checkOp(op)).toThrow(field);
  });
});

describe('State', () => {
  it('keeps the vote with the greatest event ts per (post, user, emoji), whatever the arrival order', () => {
    const s = stateWith([
      postOp('1.1'),
      voteOp('1.1', 'U1', 'compass', true, '1764070000.000200'),
      voteOp('1.1', 'U1', 'compass', false, '1764070000.000100'), // older removal arrives late
      voteOp('1.1', 'U1', 'compass', false, '999999999.999999'), // shorter, numerically older
      voteOp('1.1', 'U2', 'compass', false, '1764070000.000300'),
      voteOp('1.1', 'U2', 'compass', true, '1764070000.000250'),
      voteOp('1.1', 'U1', 'clipboard', true, '1764070000.000050'),
    ]);
    expect(s.votes(T, C, '1.1')).toEqual([
      { user: 'U1', emoji: 'compass', on: true, eventTs: '1764070000.000200' },
      { user: 'U2', emoji: 'compass', on: false, eventTs: '1764070000.000300' },
      { user: 'U1', emoji: 'clipboard', on: true, eventTs: '1764070000.000050' },
    ]);
  });

  it('ignores votes and answers on unknown posts', () => {
    const s = stateWith([voteOp('1.1', 'U1', 'compass', true, '5.0'), answerOp('1.1', '1.2', 'hi')]);
    expect(s.votes(T, C, '1.1')).toEqual([]);
    expect(s.threadOf(T, C, '1.2')).toBeUndefined();
    expect(s.channels(T)).toEqual([]);
  });

  it('lists posts newest first and answers oldest first', () => {
    const s = stateWith([
      postOp('9.000001'),
      postOp('10.000001'),
      answerOp('10.000001', '11.5', 'b'),
      answerOp('10.000001', '11.25', 'a'),
    ]);
    expect(s.posts(T, C).map((p) => p.ts)).toEqual(['10.000001', '9.000001']);
    expect(s.answers(T, C, '10.000001').map((a) => a.text)).toEqual(['a', 'b']);
    expect(s.threadOf(T, C, '11.5')?.ts).toBe('10.000001');
  });

  it('replaces an answer on edit, keeps the later edit, and tombstones a deletion', () => {
    const edit = (text: string, editedAt?: string): Op => ({
      type: 'answer',
      team: T,
      channel: C,
      threadTs: '1.1',
      answer: { user: 'U1', ts: '1.2', text, ...(editedAt ? { editedAt } : {}) },
    });
    const s = stateWith([
      postOp('1.1'),
      edit('second', '2025-11-25T10:05:00Z'),
      edit('first'), // the original arrives after its edit
      edit('older edit', '2025-11-25T10:01:00Z'),
    ]);
    expect(s.answers(T, C, '1.1').map((a) => a.text)).toEqual(['second']);
    expect(applyOp(s, checkOp(edit('third', '2025-11-25T10:06:00Z')))).toBe(true); // the replaced text is scrubbed promptly
    expect(applyOp(s, checkOp(edit('third', '2025-11-25T10:07:00Z')))).toBe(false); // same text
    expect(applyOp(s, checkOp({ type: 'unanswer', team: T, channel: C, ts: '1.2' }))).toBe(true);
    expect(s.answers(T, C, '1.1')).toEqual([]);
    expect(s.isTombstoned(T, C, '1.2')).toBe(true);
    expect(applyOp(s, checkOp(edit('late copy')))).toBe(true); // refused, and its text is on disk
    expect(applyOp(s, checkOp({ type: 'unanswer', team: T, channel: C, ts: '1.2' }))).toBe(false); // nothing left
    expect(s.answers(T, C, '1.1')).toEqual([]);
  });

  it('bounds tombstones and event ids, forgetting the oldest first', () => {
    const s = new State({ maxEventIds: 2, maxTombstones: 2 });
    ['1.1', '1.2', '1.3'].forEach((ts, i) => {
      applyCommit(s, i + 1, `E${i}`, [checkOp({ type: 'unanswer', team: T, channel: C, ts })]);
    });
    expect(['1.1', '1.2', '1.3'].map((ts) => s.isTombstoned(T, C, ts))).toEqual([false, true, true]);
    expect(['E0', 'E1', 'E2'].map((id) => s.hasEventId(id))).toEqual([false, true, true]);
  });

  it('claims slots only forwards, pauses existing schedules, unschedules', () => {
    const slot = (at: string): Op => ({ type: 'slot', team: T, channel: C, slot: at });
    const s = stateWith([
      { type: 'schedule', schedule: scheduleRecord() },
      slot('2025-11-24T08:00:00Z'),
      slot('2025-11-17T08:00:00Z'),
      { type: 'pause', team: T, channel: C, paused: true },
      { type: 'pause', team: T, channel: 'C-none', paused: true },
      slot('2025-11-24T09:00:00+02:00'), // 07:00Z: earlier than 08:00Z
    ]);
    expect(s.schedule(T, C)).toMatchObject({ lastSlot: '2025-11-24T08:00:00Z', paused: true });
    expect(s.schedule(T, 'C-none')).toBeUndefined();
    applyOp(s, { type: 'unschedule', team: T, channel: C });
    expect(s.schedules()).toEqual([]);
  });

  it('purges every record of one team and nothing of another', () => {
    const other = 'T0002';
    const s = stateWith([
      postOp('1.1'),
      voteOp('1.1', 'U1', 'compass', true, '2.0'),
      answerOp('1.1', '1.2', 'text'),
      { type: 'unanswer', team: T, channel: C, ts: '1.9' },
      { type: 'schedule', schedule: scheduleRecord() },
      { type: 'rotation', rotation: { team: T, channel: C, seed: 1, cycle: 0, used: ['a'] } },
      postOp('1.1', C, other),
      { type: 'schedule', schedule: scheduleRecord(C, other) },
    ]);
    expect(applyOp(s, { type: 'purge', team: T })).toBe(true);
    expect(s.post(T, C, '1.1')).toBeUndefined();
    expect(s.threadOf(T, C, '1.2')).toBeUndefined();
    expect(s.isTombstoned(T, C, '1.9')).toBe(false);
    expect(s.schedule(T, C)).toBeUndefined();
    expect(s.rotation(T, C)).toBeUndefined();
    expect(s.post(other, C, '1.1')).toBeDefined();
    expect(s.schedules()).toHaveLength(1);
    expect(applyOp(s, { type: 'purge', team: T })).toBe(false); // nothing left to scrub
  });

  it('hands out frozen records', () => {
    const s = stateWith([
      postOp('1.1'),
      { type: 'rotation', rotation: { team: T, channel: C, seed: 1, cycle: 0, used: [] } },
    ]);
    expect(Object.isFrozen(s.post(T, C, '1.1'))).toBe(true);
    expect(Object.isFrozen(s.rotation(T, C)?.used)).toBe(true);
  });
});

describe('State: vote columns', () => {
  it('closing a post keeps its votes exactly (the columns are compacted) and later votes still count', () => {
    const ops: Op[] = [postOp('1.1')];
    for (let i = 0; i < 100; i++)
      ops.push(voteOp('1.1', `U${i}`, 'compass', true, `1764070000.${String(i + 1).padStart(6, '0')}`));
    const s = stateWith(ops);
    const before = s.votes(T, C, '1.1');
    applyCommit(s, ops.length + 1, undefined, [
      checkOp({ type: 'close', team: T, channel: C, ts: '1.1', at: '2025-12-01T00:00:00.000Z' }),
    ]);
    expect(s.votes(T, C, '1.1')).toEqual(before);
    applyCommit(s, ops.length + 2, undefined, [
      checkOp(voteOp('1.1', 'U50', 'compass', false, '1764080000.000000')),
    ]);
    applyCommit(s, ops.length + 3, undefined, [
      checkOp(voteOp('1.1', 'U100', 'compass', true, '1764080000.000001')),
    ]);
    const after = s.votes(T, C, '1.1');
    expect(after).toHaveLength(101);
    expect(after.find((v) => v.user === 'U50')).toMatchObject({ on: false, eventTs: '1764080000.000000' });
    expect(after.at(-1)).toMatchObject({ user: 'U100', on: true });
  });
});
