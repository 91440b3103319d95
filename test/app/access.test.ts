/** src/app/access.ts: membership from users.conversations, every page, remembered per workspace and user for a while. */
import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createAccess } from '../../src/app/access.js';

/** A stand-in WebClient with only users.conversations: `pages[user]` are its pages of channel ids. */
function client(pages: Record<string, string[][]>, opts: { fail?: () => boolean } = {}) {
  const calls: Record<string, unknown>[] = [];
  const c = {
    users: {
      async conversations(args: { user: string; cursor?: string }) {
        calls.push(args);
        if (opts.fail?.())
          throw Object.assign(new Error('An API error occurred: ratelimited'), {
            data: { ok: false, error: 'ratelimited' },
          });
        const list = pages[args.user] ?? [[]];
        const i = args.cursor ? Number(args.cursor) : 0;
        const next = i + 1 < list.length ? String(i + 1) : '';
        return {
          ok: true,
          channels: (list[i] ?? []).map((id) => ({ id, name: `name-${id}` })),
          response_metadata: { next_cursor: next },
        };
      },
    },
  };
  return { client: c as unknown as webApi.WebClient, calls };
}

describe('createAccess', () => {
  it('reads every page and asks for public and private channels of that user', async () => {
    const { client: c, calls } = client({ U1: [['C1', 'C2'], ['G3'], ['C4']] });
    const access = createAccess();
    const channels = await access.channelsOf(c, 'T1', 'U1');
    expect([...channels]).toEqual([
      ['C1', 'name-C1'],
      ['C2', 'name-C2'],
      ['G3', 'name-G3'],
      ['C4', 'name-C4'],
    ]);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatchObject({ user: 'U1', types: 'public_channel,private_channel' });
    expect(calls[1]).toMatchObject({ cursor: '1' });
    expect(await access.isMember(c, 'T1', 'U1', 'G3')).toBe(true);
    expect(await access.isMember(c, 'T1', 'U1', 'G9')).toBe(false);
    expect(calls).toHaveLength(3); // cached
  });

  it('remembers per workspace and user, for the TTL only', async () => {
    let now = 0;
    const { client: c, calls } = client({ U1: [['C1']], U2: [['C2']] });
    const access = createAccess({ ttlMs: 60_000, now: () => now });
    await access.channelsOf(c, 'T1', 'U1');
    await access.channelsOf(c, 'T1', 'U2');
    await access.channelsOf(c, 'T2', 'U1');
    expect(calls).toHaveLength(3);
    now = 59_999;
    await access.channelsOf(c, 'T1', 'U1');
    expect(calls).toHaveLength(3);
    now = 60_000;
    await access.channelsOf(c, 'T1', 'U1');
    expect(calls).toHaveLength(4);
  });

  it('shares one lookup between concurrent asks', async () => {
    const { client: c, calls } = client({ U1: [['C1']] });
    const access = createAccess();
    await Promise.all([
      access.isMember(c, 'T1', 'U1', 'C1'),
      access.isMember(c, 'T1', 'U1', 'C1'),
      access.channelsOf(c, 'T1', 'U1'),
    ]);
    expect(calls).toHaveLength(1);
  });

  it('never remembers a failure, and a failure grants nothing', async () => {
    let failing = true;
    const { client: c, calls } = client({ U1: [['C1']] }, { fail: () => failing });
    const access = createAccess();
    await expect(access.isMember(c, 'T1', 'U1', 'C1')).rejects.toThrow(/ratelimited/);
    failing = false;
    expect(await access.isMember(c, 'T1', 'U1', 'C1')).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('forgets the oldest viewers past maxEntries', async () => {
    const { client: c, calls } = client({});
    const access = createAccess({ maxEntries: 2 });
    for (const u of ['U1', 'U2', 'U3']) await access.channelsOf(c, 'T1', u);
    await access.channelsOf(c, 'T1', 'U3');
    await access.channelsOf(c, 'T1', 'U1');
    expect(calls.map((x) => x.user)).toEqual(['U1', 'U2', 'U3', 'U1']);
  });
});
