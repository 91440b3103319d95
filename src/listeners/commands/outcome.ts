/** What a sub-command of `/lead-vs-manage` is given, and what it answers. */
import type { types, webApi } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import type { NowCooldown } from '../../app/now-cooldown.js';
import type { SettingsAccess } from '../../app/settings-access.js';

/** What a sub-command answers at once (ephemeral), and optionally work to run after the ack. */
export interface Outcome {
  reply?: { text: string; blocks?: types.KnownBlock[] };
  /** Runs after the acknowledgement; a returned text goes back to the user, ephemerally. */
  later?: { what: string; run: () => Promise<string | undefined> };
}

export interface Context {
  deps: Deps;
  access: Access;
  settings: SettingsAccess;
  cooldown: NowCooldown;
  client: webApi.WebClient;
  team: string;
  channel: string;
  user: string;
  /** The command's trigger_id: opens a form (good for 3 s, once). */
  triggerId?: string;
}

export const text = (t: string): Outcome => ({ reply: { text: t } });
