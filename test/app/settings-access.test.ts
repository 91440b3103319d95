/** Who may change a channel's settings: ADMIN_USER_IDS, else workspace admins/owners (cached) and the setter. */
import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createSettingsAccess, ROLE_TTL_MS } from '../../src/app/settings-access.js';
import type { ScheduleRecord } from '../../src/store/schema.js';

type Roles = Record<string, { is_admin?: boolean; is_owner?: boolean } | Error | 'hang'>;

function client(roles: Roles) {
  const asked: string[] = [];
  const c = {
    users: {
      info: async ({ user }: { user: string }) => {
        asked.push(user);
        const r = roles[user];
        if (r instanceof Error) throw r;
        if (r === 'hang') return new Promise(() => {});
        return { ok: true, user: { id: user, ...(r ?? {}) } };
      },
    },
  } as unknown as webApi.WebClient;
  return { c, asked };
}

const schedule = (setBy?: string): ScheduleRecord => ({
  team: 'T1',
  channel: 'C1',
  cron: '0 9 * * 1',
  tz: 'UTC',
  paused: false,
  origin: 'command',
  since: '2026-11-29T00:00:00.000Z',
  ...(setBy ? { setBy } : {}),
});

describe('settings access', () => {
  it('ADMIN_USER_IDS: exactly those people, and nobody is looked up', async () => {
    const { c, asked } = client({ UOWNER: { is_owner: true } });
    const access = createSettingsAccess({ adminUserIds: ['UA', 'UB'] });
    expect(await access.check(c, 'T1', 'UA', undefined)).toEqual({ ok: true });
    expect(await access.check(c, 'T1', 'UOWNER', schedule('UOWNER'))).toEqual({
      ok: false,
      reason: 'listed-admins',
      admins: ['UA', 'UB'],
    });
    expect(asked).toEqual([]);
  });

  it('unset: admins and owners, and the setter of the current schedule without a look-up', async () => {
    const { c, asked } = client({ UADMIN: { is_admin: true }, UOWNER: { is_owner: true }, UM: {} });
    const access = createSettingsAccess({ adminUserIds: [] });
    expect(await access.check(c, 'T1', 'UADMIN', undefined)).toEqual({ ok: true });
    expect(await access.check(c, 'T1', 'UOWNER', undefined)).toEqual({ ok: true });
    expect(await access.check(c, 'T1', 'UM', undefined)).toEqual({
      ok: false,
      reason: 'workspace-admins',
      setBy: undefined,
    });
    expect(await access.check(c, 'T1', 'UM', schedule('UX'))).toMatchObject({ ok: false, setBy: 'UX' });
    expect(await access.check(c, 'T1', 'UX', schedule('UX'))).toEqual({ ok: true });
    expect(asked).toEqual(['UADMIN', 'UOWNER', 'UM']);
  });

  it('remembers a role for a few minutes per workspace and person; a failure is never remembered', async () => {
    let now = 0;
    const roles: Roles = { UADMIN: new Error('ratelimited') };
    const { c, asked } = client(roles);
    const access = createSettingsAccess({ adminUserIds: [], now: () => now });
    expect(await access.check(c, 'T1', 'UADMIN', undefined)).toEqual({ ok: false, reason: 'check-failed' });
    roles.UADMIN = { is_admin: true };
    expect(await access.check(c, 'T1', 'UADMIN', undefined)).toEqual({ ok: true });
    roles.UADMIN = {}; // demoted: still admin until the entry is old
    now += ROLE_TTL_MS - 1;
    expect(await access.check(c, 'T1', 'UADMIN', undefined)).toEqual({ ok: true });
    expect(await access.check(c, 'T2', 'UADMIN', undefined)).toMatchObject({ ok: false });
    now += 1;
    expect(await access.check(c, 'T1', 'UADMIN', undefined)).toMatchObject({ ok: false });
    expect(asked).toEqual(['UADMIN', 'UADMIN', 'UADMIN', 'UADMIN']);
  });

  it('a look-up that does not answer in time grants nothing (the command must be acknowledged within 3 s)', async () => {
    const { c } = client({ USLOW: 'hang' });
    const access = createSettingsAccess({ adminUserIds: [], deadlineMs: 20 });
    expect(await access.check(c, 'T1', 'USLOW', undefined)).toEqual({ ok: false, reason: 'check-failed' });
  });
});
