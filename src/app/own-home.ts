/**
 * What the App Home and the "Team prompts" window show of a workspace's own prompts, for one viewer: their
 * suggestions waiting for review; and, only for the app's admins (the settings rule: ADMIN_USER_IDS, else the
 * workspace's admins and owners), every suggestion waiting and the team's library. Only the workspace the
 * request came from is ever read.
 */
import type { webApi } from '@slack/bolt';
import { describe } from '../slack/errors.js';
import { type ManageInput, OWN_PAGE_SIZE, OWN_PENDING_SHOWN, type OwnHomeInput } from '../views/own-home.js';
import type { Deps } from './deps.js';

/** Whether `user` may review and manage the workspace's own prompts (never the schedule setter's right). */
async function isOwnAdmin(
  deps: Pick<Deps, 'admins'>,
  client: webApi.WebClient,
  team: string,
  user: string,
): Promise<boolean> {
  return (await deps.admins.check(client, team, user, undefined)).ok;
}

export async function ownHomeModel(
  deps: Pick<Deps, 'admins' | 'prompts' | 'logger'>,
  client: webApi.WebClient,
  team: string,
  user: string,
): Promise<OwnHomeInput> {
  const library = await deps.prompts.forTeam(team);
  const pending = library.records.filter((r) => r.status === 'pending');
  const waiting = pending.filter((r) => r.author === user).length;
  let admin = false;
  try {
    admin = await isOwnAdmin(deps, client, team, user);
  } catch (error) {
    deps.logger.warn(`could not tell whether ${user} may review prompts: ${describe(error)}`);
  }
  if (!admin) return { waiting };
  return {
    waiting,
    admin: {
      pending: pending.slice(0, OWN_PENDING_SHOWN),
      pendingTotal: pending.length,
      approved: library.own.length,
      retired: library.records.filter((r) => r.status === 'retired').length,
      mode: library.mode,
      fallback: library.fallback,
    },
  };
}

/** One page of the team's approved and retired prompts, newest first. */
export async function manageModel(
  deps: Pick<Deps, 'prompts'>,
  team: string,
  page: number,
): Promise<ManageInput> {
  const library = await deps.prompts.forTeam(team);
  const rows = library.records.filter((r) => r.status === 'approved' || r.status === 'retired').reverse();
  const pages = Math.max(1, Math.ceil(rows.length / OWN_PAGE_SIZE));
  const shown = Math.min(Math.max(0, page), pages - 1);
  return {
    rows: rows.slice(shown * OWN_PAGE_SIZE, (shown + 1) * OWN_PAGE_SIZE),
    page: shown,
    total: rows.length,
  };
}
