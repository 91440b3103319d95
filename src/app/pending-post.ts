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
  /** The rotation after this post; undefined for a revisit, which leaves it where it was. */
  rotation: RotationRecord | undefined;
  /** For a revisit: the channel's earlier post of this prompt. */
  revisitOf: string | undefined;
  previous: PostRecord | undefined;
  attempt: Attempt;
  checks: number;
  nextCheckAt: number;
  /** Kept in Coordination.unsettled. */
  kept: boolean;
}

export function toRecord(p: Pending): UnsettledRecord {
  const { team, channel, slot, promptId, rotation, revisitOf, previous, attempt } = p;
  return {
    team,
    channel,
    postId: attempt.postId,
    checks: p.checks,
    nextCheckAt: p.nextCheckAt,
    body: JSON.stringify({ slot, promptId, rotation, revisitOf, previous, attempt }),
  };
}

export function fromRecord(r: UnsettledRecord): Pending {
  const body = JSON.parse(r.body) as Pick<
    Pending,
    'slot' | 'promptId' | 'rotation' | 'revisitOf' | 'previous' | 'attempt'
  >;
  return {
    ...body,
    // JSON has no undefined: a revisit's absent rotation and a prompt's absent revisitOf come back as such.
    rotation: body.rotation ?? undefined,
    revisitOf: body.revisitOf ?? undefined,
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
