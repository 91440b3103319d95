/** Faults: Slack rate limits and errors, a second instance, and a shutdown with work in flight. */
import { describe, expect, it } from 'vitest';
import { runAppToExit, tmpDir } from '../support/app-process.js';
import type { SlackFake } from '../support/slack-fake.js';
import { appEnv, launch, launchProcess, type Running, replyText, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  fake.setUser('U1', { is_admin: true }); // schedules are for admins (issue 9)
});

/** Prompts people can see in a channel (top-level messages the fake kept). */
const visiblePrompts = (channel: string) => fake.messages(channel).filter((m) => !m.thread_ts);

describe('posting through Slack faults', () => {
  it('a 429 is retried after Retry-After and the prompt is posted once', async () => {
    const app = await launch(fake);
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await app.command('now', { channel_id: 'CRL' });
    await fake.waitForCalls('chat.postMessage', 2, 10_000, (c) => c.args.channel === 'CRL');
    await fake.waitForCalls('reactions.add', 3, 5000, (c) => c.args.channel === 'CRL');
    expect(visiblePrompts('CRL')).toHaveLength(1);
  });

  it('a scheduled post that Slack accepted but answered 500 is not posted twice', async () => {
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    const app = await launch(fake, { env: { MIN_SCHEDULE_INTERVAL: '1s' } });
    await app.command('schedule * * * * * *', { channel_id: 'CSLOT' });
    await fake.waitFor('conversations.history', (c) => c.args.channel === 'CSLOT', 10_000);
    await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.channel === 'CSLOT');
    await app.command('pause', { channel_id: 'CSLOT' });
    const first = visiblePrompts('CSLOT')[0];
    const slots = visiblePrompts('CSLOT').map(
      (m) => (m.metadata as { event_payload: { slot: string } }).event_payload.slot,
    );
    expect(new Set(slots).size).toBe(slots.length); // one visible post per slot
    expect(first).toBeDefined();
    // The bot counts votes on the message that did go out.
    expect(replyText(await app.command('results', { channel_id: 'CSLOT' }))).not.toContain('No prompts');
  });

  it('a dropped connection after Slack took the post (a timeout, as far as we can tell) gives one visible post', async () => {
    const app = await launch(fake);
    fake.failNext('chat.postMessage', { drop: true, butApply: true });
    await app.command('now', { channel_id: 'CDROP' });
    await fake.waitForCalls('reactions.add', 3, 15_000, (c) => c.args.channel === 'CDROP');
    expect(visiblePrompts('CDROP')).toHaveLength(1);
    expect(fake.calls('conversations.history').some((c) => c.args.channel === 'CDROP')).toBe(true);
  });

  it('a 500 that was not applied is retried with backoff and posted once', async () => {
    const app = await launch(fake);
    fake.failNext('chat.postMessage', { status: 500 }, 2);
    await app.command('now', { channel_id: 'C5XX' });
    await fake.waitForCalls('reactions.add', 3, 15_000, (c) => c.args.channel === 'C5XX');
    expect(fake.calls('chat.postMessage').filter((c) => c.args.channel === 'C5XX')).toHaveLength(3);
    expect(visiblePrompts('C5XX')).toHaveLength(1);
  });
});

describe('instances and shutdown', () => {
  it('a second process on the same DB_FILE refuses to start', async () => {
    const dir = tmpDir();
    const first = await launch(fake, { dir });
    const second = await runAppToExit({ env: appEnv(fake, first.dbFile) });
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/in use by process \d+/);
    // The first one is unaffected.
    expect((await fetch(`${first.proc.url}/healthz`)).status).toBe(200);
  });

  it('SIGTERM with a post in flight finishes it, flushes the store and exits 0 within 5 s', async () => {
    const dir = tmpDir();
    let app: Running = await launchProcess(fake, { dir }); // SIGTERM: a real process
    fake.setDelay('chat.postMessage', 1500);
    await app.command('now', { channel_id: 'CTERM' });
    await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'CTERM');
    const exit = await app.proc.stop(5000); // SIGKILL after 5 s would show as a signal, not code 0
    expect(exit).toEqual({ code: 0, signal: null });
    fake.setDelay('chat.postMessage', 0);
    app = await launch(fake, { dir });
    expect(replyText(await app.command('history', { channel_id: 'CTERM' }))).toContain(
      'The only prompt in this channel',
    );
  });
});
