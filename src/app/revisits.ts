/** Turning revisits (then and now) on or off in a channel: a channel setting, off until an admin turns it on. */
import type { Store } from '../store/store.js';

export type RevisitOutcome = 'changed' | 'unchanged';

async function revisitsOn(store: Store, team: string, channel: string): Promise<boolean> {
  return (await store.channelSettings(team, channel))?.revisit === true;
}

export async function setRevisits(
  store: Store,
  team: string,
  channel: string,
  on: boolean,
): Promise<RevisitOutcome> {
  if ((await revisitsOn(store, team, channel)) === on) return 'unchanged';
  await store.commit([{ type: 'channel-settings', team, channel, set: { revisit: on } }]);
  return 'changed';
}
