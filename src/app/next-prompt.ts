/**
 * `/lead-vs-manage next`: which prompt a channel's rotation posts next, and an admin's skip. The preview is the
 * poster's own choice (the same rotation state and library), so what it shows is what goes up unless something
 * changes first: a prompt posted, approved or retired, or a skip. A channel without a rotation yet gets one
 * (its seed stored) so the preview holds. A skipped prompt counts as used in this pass: it comes back in the next.
 */
import type { Prompt } from '../domain/prompts.js';
import { nextPrompt } from '../domain/rotation.js';
import type { RotationRecord } from '../store/schema.js';
import type { Deps } from './deps.js';
import { channelRotation } from './rotation-state.js';
import type { TeamLibrary } from './team-library.js';

type NextDeps = Pick<Deps, 'store' | 'prompts'>;

async function storedRotation(deps: NextDeps, team: string, channel: string): Promise<RotationRecord> {
  const stored = await deps.store.rotation(team, channel);
  if (stored) return stored;
  const fresh = await channelRotation(deps.store, team, channel);
  await deps.store.commit([{ type: 'rotation', rotation: fresh }]);
  return (await deps.store.rotation(team, channel)) ?? fresh;
}

export async function previewNext(
  deps: NextDeps,
  team: string,
  channel: string,
): Promise<{ prompt: Prompt; library: TeamLibrary }> {
  const library = await deps.prompts.forTeam(team);
  const rotation = await storedRotation(deps, team, channel);
  return { prompt: library.byId(nextPrompt(library.rotation, rotation).promptId), library };
}

export type SkipOutcome =
  | { ok: true; skipped: Prompt; next: Prompt; library: TeamLibrary }
  /** The next prompt is no longer `expected`: nothing skipped. */
  | { ok: false; next: Prompt; library: TeamLibrary };

export async function skipNext(
  deps: NextDeps,
  team: string,
  channel: string,
  expected: string,
): Promise<SkipOutcome> {
  const library = await deps.prompts.forTeam(team);
  const rotation = await storedRotation(deps, team, channel);
  const { promptId, state } = nextPrompt(library.rotation, rotation);
  if (promptId !== expected) return { ok: false, next: library.byId(promptId), library };
  await deps.store.commit([
    { type: 'rotation', rotation: { team, channel, ...state, used: [...state.used] } },
  ]);
  const after = nextPrompt(library.rotation, state);
  return { ok: true, skipped: library.byId(promptId), next: library.byId(after.promptId), library };
}
