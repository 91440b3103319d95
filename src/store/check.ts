/**
 * Shape checks for everything that enters the store: ops handed to `commit`, journal lines and snapshot
 * records read back from disk. Each check returns a fresh, normalised copy holding only the known fields
 * (so a caller's object is never kept or frozen) or throws an Error naming the offending field.
 */
import { isVoteEmoji } from '../domain/options.js';
import { isSlackTs } from '../domain/slack-ts.js';
import { checkTeamPromptOp } from './check-team-prompts.js';
import {
  type AnswerRecord,
  type ChannelSettings,
  LIBRARY_MODES,
  type LibraryMode,
  type Op,
  type PostRecord,
  type RotationRecord,
  type ScheduleRecord,
  type VoteRecord,
  type WorkspaceSettings,
} from './schema.js';

type Obj = Record<string, unknown>;

/** Milliseconds of an ISO instant; callers only pass strings that `instant()` accepted. */
export function instantMs(iso: string): number {
  return Date.parse(iso);
}

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, what: string): never {
  throw new Error(`${where} must be ${what}`);
}

function obj(value: unknown, where: string): Obj {
  if (!isObject(value)) fail(where, 'an object');
  return value;
}

function str(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) fail(`${where}.${key}`, 'a non-empty string');
  return v;
}

function ts(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (!isSlackTs(v)) fail(`${where}.${key}`, 'a Slack timestamp like "1764070000.000100"');
  return v;
}

function instant(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) fail(`${where}.${key}`, 'an ISO 8601 instant');
  return v;
}

function optInstant(o: Obj, key: string, where: string): string | undefined {
  return o[key] === undefined ? undefined : instant(o, key, where);
}

function bool(o: Obj, key: string, where: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') fail(`${where}.${key}`, 'true or false');
  return v;
}

function int(o: Obj, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(`${where}.${key}`, 'an integer');
  return v;
}

export function checkPost(value: unknown, where: string): PostRecord {
  const o = obj(value, where);
  const post: PostRecord = {
    team: str(o, 'team', where),
    channel: str(o, 'channel', where),
    ts: ts(o, 'ts', where),
    promptId: str(o, 'promptId', where),
    postedAt: instant(o, 'postedAt', where),
  };
  const slot = optInstant(o, 'slot', where);
  if (slot !== undefined) post.slot = slot;
  const closedAt = optInstant(o, 'closedAt', where);
  if (closedAt !== undefined) post.closedAt = closedAt;
  if (o.summaryTs !== undefined) post.summaryTs = ts(o, 'summaryTs', where);
  if (o.revisitOf !== undefined) post.revisitOf = ts(o, 'revisitOf', where);
  return post;
}

function checkVote(value: unknown, where: string): VoteRecord {
  const o = obj(value, where);
  const emoji = o.emoji;
  if (typeof emoji !== 'string' || !isVoteEmoji(emoji)) fail(`${where}.emoji`, 'one of the vote emoji');
  return { user: str(o, 'user', where), emoji, on: bool(o, 'on', where), eventTs: ts(o, 'eventTs', where) };
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** An answer by a named `user`, or an anonymous one with the hash of its Delete token: never both, never neither. */
export function checkAnswer(value: unknown, where: string): AnswerRecord {
  const o = obj(value, where);
  if (typeof o.text !== 'string') fail(`${where}.text`, 'a string');
  if ((o.user === undefined) === (o.deleteHash === undefined)) {
    fail(where, 'an answer with either a user or a deleteHash (anonymous), not both');
  }
  const answer: AnswerRecord =
    o.user !== undefined
      ? { user: str(o, 'user', where), ts: ts(o, 'ts', where), text: o.text }
      : { ts: ts(o, 'ts', where), text: o.text };
  if (o.deleteHash !== undefined) {
    if (typeof o.deleteHash !== 'string' || !SHA256_HEX.test(o.deleteHash)) {
      fail(`${where}.deleteHash`, 'a SHA-256 in 64 lowercase hex digits');
    }
    answer.deleteHash = o.deleteHash;
  }
  const editedAt = optInstant(o, 'editedAt', where);
  if (editedAt !== undefined) answer.editedAt = editedAt;
  return answer;
}

export function checkSchedule(value: unknown, where: string): ScheduleRecord {
  const o = obj(value, where);
  const origin = o.origin;
  if (origin !== 'default' && origin !== 'command') fail(`${where}.origin`, '"default" or "command"');
  const schedule: ScheduleRecord = {
    team: str(o, 'team', where),
    channel: str(o, 'channel', where),
    cron: str(o, 'cron', where),
    tz: str(o, 'tz', where),
    paused: bool(o, 'paused', where),
    origin,
    since: instant(o, 'since', where),
  };
  const lastSlot = optInstant(o, 'lastSlot', where);
  if (lastSlot !== undefined) schedule.lastSlot = lastSlot;
  if (o.setBy !== undefined) schedule.setBy = str(o, 'setBy', where);
  if (o.removed !== undefined) schedule.removed = bool(o, 'removed', where);
  return schedule;
}

export function checkRotation(value: unknown, where: string): RotationRecord {
  const o = obj(value, where);
  const used = o.used;
  if (!Array.isArray(used) || !used.every((id) => typeof id === 'string')) {
    fail(`${where}.used`, 'an array of prompt ids');
  }
  const cycle = int(o, 'cycle', where);
  if (cycle < 0) fail(`${where}.cycle`, 'zero or more');
  return {
    team: str(o, 'team', where),
    channel: str(o, 'channel', where),
    seed: int(o, 'seed', where),
    cycle,
    used: [...(used as string[])],
  };
}

function optBool(o: Obj, key: string, where: string): boolean | undefined {
  return o[key] === undefined ? undefined : bool(o, key, where);
}

/** The settings fields given (at least one), each checked. */
export function checkChannelSettings(value: unknown, where: string): ChannelSettings {
  const o = obj(value, where);
  const set: ChannelSettings = {};
  const anonymous = optBool(o, 'anonymous', where);
  if (anonymous !== undefined) set.anonymous = anonymous;
  const revisit = optBool(o, 'revisit', where);
  if (revisit !== undefined) set.revisit = revisit;
  return set;
}

export function checkWorkspaceSettings(value: unknown, where: string): WorkspaceSettings {
  const o = obj(value, where);
  const set: WorkspaceSettings = {};
  if (o.library !== undefined) {
    const library = o.library;
    if (typeof library !== 'string' || !(LIBRARY_MODES as readonly string[]).includes(library)) {
      fail(`${where}.library`, `one of ${LIBRARY_MODES.join(', ')}`);
    }
    set.library = library as LibraryMode;
  }
  return set;
}

/** Validates one op and returns a normalised copy. */
export function checkOp(value: unknown, where = 'op'): Op {
  const o = obj(value, where);
  switch (o.type) {
    case 'post':
      return { type: 'post', post: checkPost(o.post, `${where}.post`) };
    case 'close':
      return {
        type: 'close',
        team: str(o, 'team', where),
        channel: str(o, 'channel', where),
        ts: ts(o, 'ts', where),
        at: instant(o, 'at', where),
      };
    case 'vote':
      return {
        type: 'vote',
        team: str(o, 'team', where),
        channel: str(o, 'channel', where),
        ts: ts(o, 'ts', where),
        vote: checkVote(o.vote, `${where}.vote`),
      };
    case 'summary':
      return {
        type: 'summary',
        team: str(o, 'team', where),
        channel: str(o, 'channel', where),
        ts: ts(o, 'ts', where),
        summaryTs: ts(o, 'summaryTs', where),
      };
    case 'second-vote':
      return {
        type: 'second-vote',
        team: str(o, 'team', where),
        channel: str(o, 'channel', where),
        ts: ts(o, 'ts', where),
        vote: checkVote(o.vote, `${where}.vote`),
      };
    case 'answer':
      return {
        type: 'answer',
        team: str(o, 'team', where),
        channel: str(o, 'channel', where),
        threadTs: ts(o, 'threadTs', where),
        answer: checkAnswer(o.answer, `${where}.answer`),
      };
    case 'unanswer':
      return {
        type: 'unanswer',
        team: str(o, 'team', where),
        channel: str(o, 'channel', where),
        ts: ts(o, 'ts', where),
      };
    case 'schedule':
      return { type: 'schedule', schedule: checkSchedule(o.schedule, `${where}.schedule`) };
    case 'unschedule':
      return { type: 'unschedule', team: str(o, 'team', where), channel: str(o, 'channel', where) };
    case 'pause':
      return {
        type: 'pause',
        team: str(o, 'team', where),
        channel: str(o, 'channel', where),
        paused: bool(o, 'paused', where),
      };
    case 'slot':
      return {
        type: 'slot',
        team: str(o, 'team', where),
        channel: str(o, 'channel', where),
        slot: instant(o, 'slot', where),
      };
    case 'rotation':
      return { type: 'rotation', rotation: checkRotation(o.rotation, `${where}.rotation`) };
    case 'channel-settings':
      return {
        type: 'channel-settings',
        team: str(o, 'team', where),
        channel: str(o, 'channel', where),
        set: checkChannelSettings(o.set, `${where}.set`),
      };
    case 'workspace-settings':
      return {
        type: 'workspace-settings',
        team: str(o, 'team', where),
        set: checkWorkspaceSettings(o.set, `${where}.set`),
      };
    case 'purge':
      return { type: 'purge', team: str(o, 'team', where) };
    default:
      return checkTeamPromptOp(o, where) ?? fail(`${where}.type`, 'a known op type');
  }
}
