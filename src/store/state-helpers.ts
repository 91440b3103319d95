/** Small pieces of the in-memory state (state.ts): its map keys and two record rules. */
import { instantMs } from './check.js';
import type { AnswerRecord, RotationRecord } from './schema.js';

export const SEP = '\u0000';
export const key2 = (team: string, channel: string) => `${team}${SEP}${channel}`;
export const key3 = (team: string, channel: string, ts: string) => `${team}${SEP}${channel}${SEP}${ts}`;

export function freezeRotation(r: RotationRecord): RotationRecord {
  Object.freeze(r.used);
  return Object.freeze(r);
}

/** True when `next` is an older edit than `current` (an unedited copy is the oldest). */
export function isOlderEdit(
  next: Pick<AnswerRecord, 'editedAt'>,
  current: Pick<AnswerRecord, 'editedAt'>,
): boolean {
  if (current.editedAt === undefined) return false;
  return next.editedAt === undefined || instantMs(next.editedAt) < instantMs(current.editedAt);
}
