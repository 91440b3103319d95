/**
 * A prompt post whose fate is not known yet (see posting.ts), and how it is kept in Coordination.unsettled:
 * everything needed to look for it again and to record or post it, as JSON.
 */
import type { Attempt } from '../slack/post-once.js';
import type { UnsettledRecord } from '../store/coordination.js';
import type { PostRecord, RotationRecord } from '../store/schema.js';

export interface Pending {
  team: string;
  channel: string;
  slot: string | undefined;
  promptId: string;
  rotation: RotationRecord;
  previous: PostRecord | undefined;
  attempt: Attempt;
  checks: number;
  nextCheckAt: number;
  /** Kept in Coordination.unsettled. */
  kept: boolean;
}

export function toRecord(p: Pending): UnsettledRecord {
  const { team, channel, slot, promptId, rotation, previous, attempt } = p;
  return {
    team,
    channel,
    postId: attempt.postId,
    checks: p.checks,
    nextCheckAt: p.nextCheckAt,
    body: JSON.stringify({ slot, promptId, rotation, previous, attempt }),
  };
}

export function fromRecord(r: UnsettledRecord): Pending {
  const body = JSON.parse(r.body) as Pick<Pending, 'slot' | 'promptId' | 'rotation' | 'previous' | 'attempt'>;
  return {
    ...body,
    team: r.team,
    channel: r.channel,
    checks: r.checks,
    nextCheckAt: r.nextCheckAt,
    kept: true,
  };
}

export const what = (p: { channel: string; slot?: string }) =>
  p.slot
    ? `the prompt for slot ${p.slot} in channel ${p.channel}`
    : `the prompt asked for in channel ${p.channel}`;
