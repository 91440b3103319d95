/**
 * Who may change a channel's settings (`schedule`, `schedule off`, `pause`, `resume`).
 *
 * - ADMIN_USER_IDS set: exactly those people.
 * - ADMIN_USER_IDS unset: the workspace's admins and owners (users.info `is_admin` / `is_owner`, remembered a few
 *   minutes per person), and whoever set the channel's current schedule.
 *
 * A failed look-up is never remembered and never grants anything.
 */
import type { webApi } from '@slack/bolt';
import type { ScheduleRecord } from '../store/schema.js';

export const ROLE_TTL_MS = 5 * 60_000;
/** The look-up runs before the command is acknowledged (Slack waits 3 s): past this, nothing is granted. */
const ROLE_DEADLINE_MS = 2000;

type SettingsVerdict =
  | { ok: true }
  /** ADMIN_USER_IDS is set and the user is not in it. */
  | { ok: false; reason: 'listed-admins'; admins: readonly string[] }
  /** Not a workspace admin or owner, and not who set the schedule (if anyone did in Slack). */
  | { ok: false; reason: 'workspace-admins'; setBy: string | undefined }
  /** users.info failed: nothing is granted. */
  | { ok: false; reason: 'check-failed' };

export interface SettingsAccess {
  check(
    client: webApi.WebClient,
    team: string,
    user: string,
    schedule: ScheduleRecord | undefined,
  ): Promise<SettingsVerdict>;
}

export interface SettingsAccessOptions {
  /** ADMIN_USER_IDS; empty means "workspace admins and owners, and the schedule's setter". */
  adminUserIds: readonly string[];
  ttlMs?: number;
  now?: () => number;
  /** Cached people at most; the oldest are forgotten first. */
  maxEntries?: number;
  deadlineMs?: number;
}

/** `promise`, or a rejection once `ms` have passed (the promise itself carries on and may still fill the cache). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export function createSettingsAccess(opts: SettingsAccessOptions): SettingsAccess {
  const ttl = opts.ttlMs ?? ROLE_TTL_MS;
  const now = opts.now ?? Date.now;
  const maxEntries = opts.maxEntries ?? 10_000;
  const roles = new Map<string, { at: number; admin: boolean }>();
  const asking = new Map<string, Promise<boolean>>();

  function isWorkspaceAdmin(client: webApi.WebClient, team: string, user: string): Promise<boolean> {
    const key = `${team}\u0000${user}`;
    const hit = roles.get(key);
    if (hit && now() - hit.at < ttl) return Promise.resolve(hit.admin);
    let pending = asking.get(key);
    if (!pending) {
      pending = client.users
        .info({ user })
        .then((res) => {
          const admin = res.user?.is_admin === true || res.user?.is_owner === true;
          roles.delete(key);
          roles.set(key, { at: now(), admin });
          while (roles.size > maxEntries) {
            const oldest = roles.keys().next().value;
            if (oldest === undefined) break;
            roles.delete(oldest);
          }
          return admin;
        })
        .finally(() => asking.delete(key));
      asking.set(key, pending);
    }
    return pending;
  }

  return {
    async check(client, team, user, schedule) {
      if (opts.adminUserIds.length > 0) {
        return opts.adminUserIds.includes(user)
          ? { ok: true }
          : { ok: false, reason: 'listed-admins', admins: opts.adminUserIds };
      }
      if (schedule?.setBy !== undefined && schedule.setBy === user) return { ok: true };
      try {
        const lookup = isWorkspaceAdmin(client, team, user);
        lookup.catch(() => undefined); // a late failure after the deadline is not an unhandled rejection
        if (await within(lookup, opts.deadlineMs ?? ROLE_DEADLINE_MS)) return { ok: true };
      } catch {
        return { ok: false, reason: 'check-failed' };
      }
      return { ok: false, reason: 'workspace-admins', setBy: schedule?.setBy };
    },
  };
}
