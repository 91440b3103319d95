/**
 * Issue 9, points 2 to 4 and the schedule replies of point 11, end to end through signed slash commands:
 * - settings belong to the workspace's admins and owners (users.info, remembered a few minutes) and to whoever
 *   set the channel's schedule, unless ADMIN_USER_IDS names who may;
 * - no spam: MIN_SCHEDULE_INTERVAL for schedules set from Slack, PROMPT_NOW_COOLDOWN for `now`;
 * - time-zone abbreviations are refused with the zone to use; `every 5 minutes` is about the interval;
 * - `schedule off` in PROMPT_CHANNEL removes the schedule, also across a restart;
 * - the schedule reply asks for an invitation only where the bot cannot join by itself.
 */
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../support/app-process.js';
import type { SlackFake } from '../support/slack-fake.js';
import { answered, launch, type Running, replyText, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  fake.setUser('UADMIN', { is_admin: true });
  fake.setUser('UOWNER', { is_owner: true });
  fake.setUser('UMEMBER', {});
});

const prompts = (channel: string) =>
  fake.calls('chat.postMessage').filter((c) => c.args.channel === channel && !c.args.thread_ts);

const as = (app: Running, user: string, text: string, channel = 'CSET') =>
  app.command(text, { user_id: user, channel_id: channel, response_url: fake.responseUrl() });

describe('who may change settings', () => {
  it('without ADMIN_USER_IDS: workspace admins and owners; everyone else is told who can', async () => {
    const app = await launch(fake);
    const refused = replyText(await as(app, 'UMEMBER', 'schedule mon 09:00'));
    expect(refused).toContain("Only your workspace's admins and owners can change this channel's schedule");
    expect(app.disk()).not.toContain('CSET');

    expect(replyText(await as(app, 'UADMIN', 'schedule mon 09:00 Europe/Berlin'))).toContain('Scheduled');
    const set = app.disk();
    for (const text of ['pause', 'resume', 'schedule fri 10:00', 'schedule off']) {
      const reply = replyText(await as(app, 'UMEMBER', text));
      expect(reply, text).toContain("Only your workspace's admins and owners, and <@UADMIN> who set");
    }
    expect(app.disk()).toBe(set);
    expect(replyText(await as(app, 'UOWNER', 'pause'))).toContain('Paused');
    expect(replyText(await as(app, 'UOWNER', 'resume'))).toContain('Resumed');

    // Asked once per person, then remembered (a few minutes).
    const asked = (user: string) => fake.calls('users.info').filter((c) => c.args.user === user).length;
    expect(asked('UMEMBER')).toBe(1);
    expect(asked('UOWNER')).toBe(1);
    // help states the rule.
    expect(replyText(await as(app, 'UMEMBER', 'help'))).toContain(
      "changed by the workspace's admins and owners, and by whoever set the channel's current schedule",
    );
  });

  it("whoever set the channel's schedule may change it, also when no longer on ADMIN_USER_IDS", async () => {
    const dir = tmpDir();
    let app = await launch(fake, { dir, env: { ADMIN_USER_IDS: 'ULEAD' } });
    expect(replyText(await as(app, 'ULEAD', 'schedule mon 09:00'))).toContain('Scheduled');
    expect(replyText(await as(app, 'UADMIN', 'pause'))).toContain('Only the admins of Lead vs Manage');
    expect(replyText(await as(app, 'ULEAD', 'help'))).toContain("changed by the app's admins: <@ULEAD>");
    expect(await app.proc.stop()).toMatchObject({ code: 0 });

    // ADMIN_USER_IDS unset: ULEAD is no workspace admin, but set this schedule.
    app = await launch(fake, { dir });
    expect(replyText(await as(app, 'ULEAD', 'pause'))).toContain('Paused');
    expect(replyText(await as(app, 'UMEMBER', 'resume'))).toContain('<@ULEAD> who set');
    // A new schedule set by an admin: ULEAD is just a member again.
    expect(replyText(await as(app, 'UADMIN', 'schedule tue 09:00'))).toContain('Scheduled');
    expect(replyText(await as(app, 'ULEAD', 'pause'))).toContain('<@UADMIN> who set');
  });

  it('a failed users.info look-up grants nothing and is not remembered', async () => {
    const app = await launch(fake);
    fake.failNext('users.info', { error: 'ratelimited' });
    expect(replyText(await as(app, 'UADMIN', 'schedule mon 09:00'))).toContain(
      "I couldn't check whether you may",
    );
    expect(app.disk()).not.toContain('CSET');
    expect(replyText(await as(app, 'UADMIN', 'schedule mon 09:00'))).toContain('Scheduled');
  });
});

describe('no spam', () => {
  it('a schedule set from Slack posts at most once a day by default; PROMPT_CRON is not held to it', async () => {
    const app = await launch(fake, { env: { PROMPT_CHANNEL: 'CDEF', PROMPT_CRON: '* * * * * *' } });
    for (const [when, every] of [
      ['* * * * * *', 'every second'],
      ['*/5 * * * *', 'every 5 minutes'],
      ['every 5 minutes', 'every 5 minutes'],
      ['every hour', 'every hour'],
      ['0 9,21 * * *', 'every 12 hours'],
    ]) {
      const reply = replyText(await as(app, 'UADMIN', `schedule ${when}`));
      expect(reply, when).toContain(
        `That schedule would post ${every}, and a schedule set here may post at most once a day.`,
      );
      expect(reply, when).toContain('Try `/lead-vs-manage schedule daily 09:00`');
    }
    expect(replyText(await as(app, 'UADMIN', 'schedule daily 09:00 Europe/Berlin'))).toContain(
      'Scheduled: every day at 09:00 (Europe/Berlin)',
    );
    // The operator's PROMPT_CRON posts every second all the same.
    await fake.waitForCalls(
      'chat.postMessage',
      2,
      10_000,
      (c) => c.args.channel === 'CDEF' && !c.args.thread_ts,
    );
    expect(prompts('CSET')).toEqual([]);
  });

  it('MIN_SCHEDULE_INTERVAL sets the floor', async () => {
    const app = await launch(fake, { env: { MIN_SCHEDULE_INTERVAL: '7d' } });
    const reply = replyText(await as(app, 'UADMIN', 'schedule weekdays 09:00'));
    expect(reply).toContain(
      'would post every day, and a schedule set here may post at most once every 7 days.',
    );
    expect(reply).toContain('Try `/lead-vs-manage schedule mon 09:00`');
    expect(replyText(await as(app, 'UADMIN', 'schedule mon 09:00'))).toContain('Scheduled');
  });

  it('`now` waits PROMPT_NOW_COOLDOWN after the latest prompt, saying until when; the prompt stays open', async () => {
    const app = await launch(fake, { env: { PROMPT_NOW_COOLDOWN: '10m' } });
    await as(app, 'UMEMBER', 'now', 'CNOW');
    const first = await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'CNOW');
    await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.timestamp === answered(first).ts);
    const postedAt = Math.floor(first.at.getTime() / 1000);

    for (const user of ['UMEMBER', 'UADMIN']) {
      const res = await as(app, user, 'now', 'CNOW');
      const reply = replyText(res);
      expect(reply).toContain('A prompt went up here less than 10 minutes ago');
      // When, in the reader's zone: Slack's date formatting of the first post's time + 10 minutes.
      const until = Number(/<!date\^(\d+)\^\{date_short_pretty\} at \{time\}\|[^>]+ UTC>/.exec(reply)?.[1]);
      expect(until - postedAt).toBeGreaterThanOrEqual(599);
      expect(until - postedAt).toBeLessThanOrEqual(601);
    }
    // Another channel is not held back; its post is the positive signal that nothing else happened in CNOW.
    await as(app, 'UMEMBER', 'now', 'COTHER');
    await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.channel === 'COTHER');
    expect(prompts('CNOW')).toHaveLength(1);
    expect(fake.calls('chat.postMessage').filter((c) => c.args.thread_ts === answered(first).ts)).toEqual([]);
  });

  it('PROMPT_NOW_COOLDOWN=0 turns the wait off', async () => {
    const app = await launch(fake, { env: { PROMPT_NOW_COOLDOWN: '0' } });
    await as(app, 'UMEMBER', 'now', 'CZERO');
    await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.channel === 'CZERO');
    expect(replyText(await as(app, 'UMEMBER', 'now', 'CZERO'))).not.toContain('less than');
    await fake.waitForCalls('reactions.add', 6, 10_000, (c) => c.args.channel === 'CZERO');
  });

  it('a `now` whose post failed does not start the wait', async () => {
    fake.setChannel('GPRIVATE', { is_private: true, is_member: false });
    const held = await launch(fake, { env: { PROMPT_NOW_COOLDOWN: '10m' } });
    await as(held, 'UMEMBER', 'now', 'GPRIVATE');
    await fake.waitForResponse((r) => String(r.body.text).includes('/invite @lead-vs-manage'));
    fake.setChannel('GPRIVATE', { is_private: true, is_member: true });
    expect(replyText(await as(held, 'UMEMBER', 'now', 'GPRIVATE'))).not.toContain('less than');
    await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.channel === 'GPRIVATE');
  });
});

describe('time zones and intervals people type', () => {
  it('refuses abbreviations with the zones to use; `every 5 minutes` is about the interval', async () => {
    const app = await launch(fake);
    for (const [when, zone] of [
      ['mon 09:00 EST', 'America/New_York'],
      ['mon 09:00 pst', 'America/Los_Angeles'],
      ['0 9 * * 1 CET', 'Europe/Berlin'],
      ['weekdays 8:30am IST', 'Asia/Kolkata'],
      ['fri 16:00 BST', 'Europe/London'],
    ] as const) {
      const reply = replyText(await as(app, 'UADMIN', `schedule ${when}`));
      expect(reply, when).toContain('is an abbreviation');
      expect(reply, when).toContain(`\`schedule ${when.replace(/ \S+$/, '')} ${zone}\``);
    }
    expect(app.disk()).not.toContain('CSET');
    const every = replyText(await as(app, 'UADMIN', 'schedule every 5 minutes'));
    expect(every).toContain('would post every 5 minutes');
    expect(every).not.toContain('time zone');
  });
});

describe('schedule replies', () => {
  it('`schedule off` in PROMPT_CHANNEL removes the schedule, and it stays removed after a restart', async () => {
    const dir = tmpDir();
    const env = { PROMPT_CHANNEL: 'CDEF', PROMPT_CRON: '* * * * * *' };
    let app = await launch(fake, { dir, env });
    await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'CDEF');
    expect(replyText(await as(app, 'UADMIN', 'schedule off', 'CDEF'))).toContain('Schedule removed');
    expect(replyText(await as(app, 'UADMIN', 'resume', 'CDEF'))).toContain('no schedule');
    expect(await app.proc.stop()).toMatchObject({ code: 0 });

    const before = prompts('CDEF').length;
    app = await launch(fake, { dir, env: { ...env, MIN_SCHEDULE_INTERVAL: '1s' } });
    expect(replyText(await as(app, 'UADMIN', 'pause', 'CDEF'))).toContain('no schedule');
    // Another channel's every-second schedule posts twice: the scheduler ran, and CDEF got nothing.
    await as(app, 'UADMIN', 'schedule * * * * * *', 'CTICK');
    await fake.waitForCalls('chat.postMessage', 2, 10_000, (c) => c.args.channel === 'CTICK');
    expect(prompts('CDEF')).toHaveLength(before);
    // `schedule` there sets a new one.
    expect(replyText(await as(app, 'UADMIN', 'schedule mon 09:00', 'CDEF'))).toContain('Scheduled');
  });

  it('asks for an invitation only where the bot cannot join by itself', async () => {
    fake.setChannel('CPUBLIC', { is_private: false, is_member: false });
    fake.setChannel('GSECRET', { is_private: true, is_member: false });
    fake.setChannel('CMEMBER', { is_member: true });
    const app = await launch(fake);
    for (const channel of ['CPUBLIC', 'CMEMBER']) {
      const reply = replyText(await as(app, 'UADMIN', 'schedule mon 09:00', channel));
      expect(reply, channel).toContain('Scheduled');
      expect(reply, channel).not.toContain('/invite');
    }
    const reply = replyText(await as(app, 'UADMIN', 'schedule mon 09:00 Europe/Berlin', 'GSECRET'));
    expect(reply).toContain('Next prompt: <!date^');
    const invite = await fake.waitForResponse((r) => String(r.body.text).includes('/invite @lead-vs-manage'));
    expect(invite.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(invite.body.text)).toContain("can't join it by myself (it's private)");
    // Only the private channel was told; the public ones were checked first.
    const checked = fake.calls('conversations.info').map((c) => c.args.channel);
    expect(checked).toEqual(['CPUBLIC', 'CMEMBER', 'GSECRET']);
    expect(fake.responses().filter((r) => String(r.body.text).includes('/invite'))).toHaveLength(1);
  });
});
