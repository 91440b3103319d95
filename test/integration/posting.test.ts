/**
 * Issue 2 end to end: the real app (in the test process; a child process for SIGTERM and start-up failures)
 * against the Slack Web API fake, with signed requests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrompts, PROMPTS_DIR } from '../../src/app/prompt-files.js';
import { promptLibrary } from '../../src/domain/library.js';
import { runAppToExit, tmpDir } from '../support/app-process.js';
import type { SlackCall, SlackFake } from '../support/slack-fake.js';
import {
  answered,
  appEnv,
  BOT_TOKEN,
  launch,
  launchProcess,
  promptIdOf,
  replyText,
  SECRET,
  ticksPass,
  useSlackFake,
} from './harness.js';

const library = promptLibrary(loadPrompts(PROMPTS_DIR));

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  fake.setUser('U1', { is_admin: true }); // schedules are for admins (issue 9)
});

/** Schedules here post every second or two, and `now` may follow `now`: both floors are lowered. */
const FAST = { MIN_SCHEDULE_INTERVAL: '1s', PROMPT_NOW_COOLDOWN: '0' };

const promptPosts = (channel?: string) =>
  fake.calls('chat.postMessage').filter((c) => !c.args.thread_ts && (!channel || c.args.channel === channel));

describe('slash command', () => {
  it('answers help, empty text and unknown sub-commands with usage, ephemerally', async () => {
    const app = await launch(fake);
    for (const text of ['help', '', 'frobnicate']) {
      const res = await app.command(text);
      expect(res.status).toBe(200);
      expect(res.json<{ response_type: string }>().response_type).toBe('ephemeral');
      expect(replyText(res)).toContain('/lead-vs-manage schedule');
    }
    expect(replyText(await app.command('frobnicate'))).toContain("I don't know `frobnicate`");
    expect(promptPosts()).toHaveLength(0);
  });

  it('`now` posts a prompt, then adds the three vote reactions to its ts', async () => {
    const app = await launch(fake);
    const res = await app.command('now', { channel_id: 'C1' });
    expect(res.status).toBe(200);
    const post = await fake.waitFor('chat.postMessage');
    expect(post.args.channel).toBe('C1');
    expect(post.token).toBe(BOT_TOKEN);
    expect(String(post.args.text)).toContain('Leadership, management, or both?');
    const blocks = JSON.stringify(post.args.blocks);
    expect(blocks).toContain('"type":"header"');
    expect(blocks).toContain('Argue it in the thread');
    // Nothing gives the answer away before the vote: no source title, credit or lean.
    const prompt = library.byId(promptIdOf(post));
    for (const secret of [prompt.source.title, prompt.source.credit, prompt.view.argument]) {
      expect(blocks).not.toContain(secret);
    }
    expect(blocks).not.toMatch(/From _|credited/);
    const reactions = await fake.waitForCalls('reactions.add', 3);
    const ts = answered(post).ts;
    expect(reactions.map((r) => [r.args.channel, r.args.timestamp, r.args.name])).toEqual([
      ['C1', ts, 'compass'],
      ['C1', ts, 'clipboard'],
      ['C1', ts, 'handshake'],
    ]);
  });

  it('joins a public channel it is not in; in a private one it explains how to invite it', async () => {
    fake.setChannel('CPUB', { is_private: false, is_member: false });
    fake.setChannel('GPRIV', { is_private: true, is_member: false });
    const app = await launch(fake);
    await app.command('now', { channel_id: 'CPUB' });
    await fake.waitFor('conversations.join', (c) => c.args.channel === 'CPUB');
    // Reactions are added only once the post went through.
    await fake.waitForCalls('reactions.add', 3, 5000, (c) => c.args.channel === 'CPUB');

    await app.command('now', { channel_id: 'GPRIV' });
    const reply = await fake.waitForResponse();
    expect(reply.body.response_type).toBe('ephemeral');
    expect(String(reply.body.text)).toContain('/invite @lead-vs-manage');
    expect(promptPosts('GPRIV').filter((c) => answered(c).ok)).toHaveLength(0);
  });
});

describe('schedules', () => {
  it('a seconds cron posts to its channel with distinct prompts, and says when it runs next', async () => {
    const app = await launch(fake, { env: FAST });
    const res = await app.command('schedule */2 * * * * * Europe/Berlin', { channel_id: 'C2' });
    expect(replyText(res)).toMatch(/Scheduled: .*Next prompt: .*Europe\/Berlin/);
    const posts = await fake.waitForCalls(
      'chat.postMessage',
      3,
      15_000,
      (c) => c.args.channel === 'C2' && !c.args.thread_ts,
    );
    const ids = posts.map(promptIdOf);
    expect(new Set(ids).size).toBe(3);
    await fake.waitForCalls(
      'reactions.add',
      3,
      5000,
      (c) => c.args.timestamp === answered(posts[0] as SlackCall).ts,
    );
  });

  it('bad input gets an ephemeral error with an example and changes nothing', async () => {
    const app = await launch(fake);
    const res = await app.command('schedule mon 25:00', { channel_id: 'C3' });
    expect(replyText(res)).toMatch(/Couldn't read .*mon 09:00/);
    const paused = await app.command('pause', { channel_id: 'C3' });
    expect(replyText(paused)).toContain('no schedule');
  });

  it('pause and resume stop and restart posting', async () => {
    const app = await launch(fake, { env: FAST });
    await app.command('schedule * * * * * *', { channel_id: 'C4' });
    await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C4');
    expect(replyText(await app.command('pause', { channel_id: 'C4' }))).toContain('Paused');
    await ticksPass(app, 1); // a post already under way (the tick that started it) has finished
    const before = promptPosts('C4').length;
    await ticksPass(app, 3); // two whole ticks since, each of which would have posted every-second slots
    expect(promptPosts('C4').length).toBe(before);
    expect(replyText(await app.command('resume', { channel_id: 'C4' }))).toContain('Resumed');
    await fake.waitForCalls(
      'chat.postMessage',
      before + 1,
      5000,
      (c) => c.args.channel === 'C4' && !c.args.thread_ts,
    );
  });

  it('only ADMIN_USER_IDS may change schedules when it is set', async () => {
    const app = await launch(fake, { env: { ADMIN_USER_IDS: 'UADMIN' } });
    const denied = await app.command('schedule mon 09:00', { channel_id: 'C5', user_id: 'UOTHER' });
    expect(replyText(denied)).toContain('Only the admins');
    expect(replyText(await app.command('pause', { channel_id: 'C5', user_id: 'UOTHER' }))).toContain(
      'Only the admins',
    );
    const allowed = await app.command('schedule mon 09:00', { channel_id: 'C5', user_id: 'UADMIN' });
    expect(replyText(allowed)).toContain('Scheduled: every Monday at 09:00');
  });

  it('a restart keeps the rotation and the schedules', async () => {
    const dir = tmpDir();
    let app = await launch(fake, { dir, env: FAST });
    await app.command('now', { channel_id: 'C6' });
    await app.command('now', { channel_id: 'C6' });
    await fake.waitForCalls('chat.postMessage', 2, 5000, (c) => c.args.channel === 'C6');
    await app.command('schedule */2 * * * * *', { channel_id: 'C7' });
    await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C7');
    expect(await app.proc.stop()).toMatchObject({ code: 0 });

    const postedBefore = promptPosts('C7').length;
    app = await launch(fake, { dir, env: FAST });
    // The schedule is back without anyone setting it again.
    await fake.waitForCalls(
      'chat.postMessage',
      postedBefore + 1,
      8000,
      (c) => c.args.channel === 'C7' && !c.args.thread_ts,
    );
    await app.command('now', { channel_id: 'C6' });
    await fake.waitForCalls('chat.postMessage', 3, 5000, (c) => c.args.channel === 'C6' && !c.args.thread_ts);
    const ids = promptPosts('C6').map(promptIdOf);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('PROMPT_CHANNEL gets the default schedule', async () => {
    const app = await launch(fake, { env: { PROMPT_CHANNEL: 'CDEF', PROMPT_CRON: '*/2 * * * * *' } });
    await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'CDEF', 8000);
    expect(replyText(await app.command('pause', { channel_id: 'CDEF' }))).toContain('Paused');
  });
});

describe('refusals', () => {
  it('a bad signature gets 401 and nothing is posted', async () => {
    const app = await launch(fake);
    const body = new URLSearchParams({
      command: '/lead-vs-manage',
      text: 'now',
      team_id: 'T1',
      channel_id: 'C1',
    }).toString();
    expect((await app.post(body, { secret: 'wrong-secret' })).status).toBe(401);
    expect((await app.post(body, { secret: SECRET, signature: false })).status).toBe(401);
    // A signed `now` after them: its prompt is posted after anything the refused ones would have started.
    await app.command('now', { channel_id: 'CLATER' });
    await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'CLATER');
    expect(fake.calls('chat.postMessage').filter((c) => c.args.channel !== 'CLATER')).toHaveLength(0);
  });

  it('a corrupt DB_FILE refuses start-up and is left untouched', async () => {
    const dir = tmpDir();
    const dbFile = join(dir, 'db.json');
    writeFileSync(dbFile, '{"version":1,"posts":[{"team":"T1"');
    const before = readFileSync(dbFile);
    const result = await runAppToExit({ env: appEnv(fake, dbFile) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(dbFile);
    expect(readFileSync(dbFile).equals(before)).toBe(true);
  });

  it('a missing token stops start-up naming the variable', async () => {
    const result = await runAppToExit({ env: { SLACK_SIGNING_SECRET: SECRET, PORT: '0' } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN: required/);
  });

  it('serves /healthz and stops cleanly on SIGTERM', async () => {
    const app = await launchProcess(fake);
    const health = await fetch(`${app.proc.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      store: 'loaded',
      schedules: 'running',
      mode: 'http',
    });
    expect(await app.proc.stop()).toMatchObject({ code: 0 });
  });
});
