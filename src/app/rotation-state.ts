/** A channel's place in its rotation: as stored, or a new one (a fresh seed) for a channel that has none yet. */
import { randomInt } from 'node:crypto';
import type { RotationState } from '../domain/rotation.js';
import type { RotationRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';

export async function channelRotation(store: Store, team: string, channel: string): Promise<RotationRecord> {
  return (
    (await store.rotation(team, channel)) ?? { team, channel, seed: randomInt(2 ** 31), cycle: 0, used: [] }
  );
}

/** `promptId` marked used in the current pass (a prompt posted by choice, or skipped). */
export function withUsed(
  rotation: RotationState,
  promptId: string,
): { promptId: string; state: RotationState } {
  const used = rotation.used.includes(promptId) ? [...rotation.used] : [...rotation.used, promptId];
  return { promptId, state: { seed: rotation.seed, cycle: rotation.cycle, used } };
}
