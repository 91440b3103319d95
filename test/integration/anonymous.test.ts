/**
 * Issue 13, point 2: answers without a name, end to end through signed block_actions, view_submission payloads,
 * slash commands and events, against the real app and the Slack fake (which takes a trigger_id once and only
 * within 3 s of issuing it, and shows an ephemeral message only to a member of the channel).
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ALREADY_GONE,
  ANONYMOUS_OFF,
  DELETED,
  EMPTY_ANSWER,
  FORM_EXPIRED,
  MAX_ANSWER_CHARS,
  TURNED_OFF_WHILE_WRITING,
  tooLong,
  WRONG_TOKEN,
} from '../../src/views/anonymous.js';
import { tmpDir } from '../support/app-process.js';
import { makeTs, messageDeleted, threadReply } from '../support/signing.js';
import type { SlackFake } from '../support/slack-fake.js';
import {
  clickBody,
  deleteBody,
  formErrors,
  hasAnonymousButton,
  lastSeq,
  next,
  openForm,
  posted,
  postPrompt,
  submissionBody,
  WAIT,
} from './anonymous-flow.js';
import { answered, launch, replyText, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  fake.setChannel('CANON', { name: 'anon', members: ['UAUTHOR', 'UREADER', 'UADMIN'] });
  fake.setUser('UADMIN', { is_admin: true });
  fake.setUser('UREADER', {});
});

const FAST = { PROMPT_NOW_COOLDOWN: '0' };
/** Thread replies the bot posted as anonymous answers (not the summaries that close a week). */
const anonymousPosts = () =>
  fake
    .calls('chat.postMessage')
    .filter((c) => c.args.thread_ts && String(c.args.text).includes('*Anonymous*'));
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const results = async (app: Awaited<ReturnType<typeof launch>>) =>
  replyText(await app.command('results', { channel_id: 'CANON', user_id: 'UREADER' }));

describe('answering anonymously', () => {
  it('posts in the thread as the bot, stores no user id, shows only the author a Delete button, and counts', async () => {
    const app = await launch(fake);
    const prompt = await postPrompt(app, fake, 'CANON');
    expect(hasAnonymousButton(prompt.blocks)).toBe(true);

    const form = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: prompt.ts });
    expect(JSON.stringify(form.blocks)).toContain('"type":"input"');
    const after = lastSeq(fake);
    const text = 'Both: <!channel> & the *team* <@UREADER> decide.';
    expect(formErrors(await app.post(submissionBody(form, 'UAUTHOR', text)))).toBeUndefined();

    const { answer, ts, author, channel, token } = await posted(fake, prompt.ts, after);
    // The bot posts it: no name, picture or id of the author, no custom name that would need another scope.
    expect(answer.args).not.toHaveProperty('username');
    expect(answer.args).not.toHaveProperty('icon_url');
    expect(answer.args).not.toHaveProperty('as_user');
    expect(JSON.stringify(answer.args)).not.toContain('UAUTHOR');
    // Escaped: no @channel, no mention, as the archive keeps replies.
    const escaped = 'Both: &lt;!channel&gt; &amp; the *team* &lt;@UREADER&gt; decide.';
    expect(answer.args.text).toBe(`:bust_in_silhouette: *Anonymous*\n${escaped}`);
    expect(fake.messages('CANON').find((m) => m.ts === ts)).toMatchObject({ user: fake.botUserId });
    // Only the author sees the Delete button.
    expect(author.args).toMatchObject({ channel: 'CANON', user: 'UAUTHOR' });
    expect(channel).toBe('CANON');

    const disk = app.disk();
    expect(disk).toContain(escaped);
    expect(disk).toContain(sha256(token));
    expect(disk).not.toContain(token);
    expect(disk).not.toContain('UAUTHOR');
    expect(await results(app)).toContain('1 answer in the thread');
  });

  it('shows the answer as "Anonymous" in the discussion window, counts it in the Home tab, exports it without a user', async () => {
    const app = await launch(fake);
    const prompt = await postPrompt(app, fake, 'CANON');
    const reply = threadReply({
      user: 'UREADER',
      channel: 'CANON',
      thread_ts: prompt.ts,
      text: 'Named answer',
    });
    expect((await app.event(reply)).status).toBe(200);
    const form = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: prompt.ts });
    const after = lastSeq(fake);
    expect(formErrors(await app.post(submissionBody(form, 'UAUTHOR', 'Unnamed answer')))).toBeUndefined();
    await posted(fake, prompt.ts, after);

    // The Home tab: two answers.
    let mark = lastSeq(fake);
    await app.event({
      type: 'app_home_opened',
      user: 'UREADER',
      channel: 'DREADER',
      tab: 'home',
      event_ts: makeTs(),
    });
    const home = await next(fake, 'views.publish', (c) => c.args.user_id === 'UREADER', mark);
    expect(JSON.stringify(home.args.view)).toContain('2 answers');

    // The discussion window: the named one by its author, the other as Anonymous.
    mark = lastSeq(fake);
    const { blockActionsBody, blockActionsPayload } = await import('../support/signing.js');
    const { ACTIONS } = await import('../../src/views/ids.js');
    await app.post(
      blockActionsBody(
        blockActionsPayload({
          user_id: 'UREADER',
          action_id: ACTIONS.openDiscussion,
          value: `CANON/${prompt.ts}`,
          view: { id: 'VHOME', type: 'home', private_metadata: '' },
          trigger_id: fake.triggerId(),
        }),
      ),
    );
    const update = await next(fake, 'views.update', () => true, mark);
    const shown = JSON.stringify(update.args.view);
    expect(shown).toContain('*<@UREADER>* · ');
    expect(shown).toContain('*Anonymous* · ');
    expect(shown).toContain('Unnamed answer');

    // The export: the answer with no user and marked anonymous.
    const uploads = fake.uploads().length;
    await app.command('export json', { channel_id: 'CANON', user_id: 'UREADER' });
    await expect.poll(() => fake.uploads().length, { timeout: WAIT }).toBe(uploads + 1);
    const archive = JSON.parse(fake.uploads()[uploads]?.bytes.toString('utf8') ?? '{}');
    expect(archive.version).toBe(3);
    expect(
      archive.prompts[0].answers.map((a: Record<string, unknown>) => [a.user, a.anonymous, a.text]),
    ).toEqual([
      ['UREADER', false, 'Named answer'],
      [null, true, 'Unnamed answer'],
    ]);
    await app.command('export md', { channel_id: 'CANON', user_id: 'UREADER' });
    await expect.poll(() => fake.uploads().length, { timeout: WAIT }).toBe(uploads + 2);
    expect(fake.uploads()[uploads + 1]?.bytes.toString('utf8')).toMatch(
      /- \*\*Anonymous\*\* · .*: Unnamed answer/,
    );
  });

  it('deletes with the token on the author’s button, and refuses a wrong token', async () => {
    const app = await launch(fake);
    const prompt = await postPrompt(app, fake, 'CANON');
    const named = threadReply({
      user: 'UREADER',
      channel: 'CANON',
      thread_ts: prompt.ts,
      text: 'Mine, named',
    });
    expect((await app.event(named)).status).toBe(200);
    const form = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: prompt.ts });
    const after = lastSeq(fake);
    const secret = `GONE-SOON-${randomBytes(4).toString('hex')}`;
    expect(formErrors(await app.post(submissionBody(form, 'UAUTHOR', secret)))).toBeUndefined();
    const { ts, token } = await posted(fake, prompt.ts, after);

    const click = async (value: string) => {
      const responseUrl = fake.responseUrl();
      const res = await app.post(deleteBody(fake, { user: 'UAUTHOR', channel: 'CANON', value, responseUrl }));
      expect(res.status).toBe(200);
      const path = new URL(responseUrl).pathname;
      return (await fake.waitForResponse((r) => r.path === path, WAIT)).body;
    };
    // Another token, and a crafted button aimed at a named answer: refused, nothing deleted.
    const wrong = randomBytes(32).toString('base64url');
    expect(await click(`CANON/${ts}/${wrong}`)).toMatchObject({ text: WRONG_TOKEN, replace_original: false });
    expect(await click(`CANON/${named.ts as string}/${token}`)).toMatchObject({ text: WRONG_TOKEN });
    expect(fake.calls('chat.delete')).toEqual([]);
    expect(app.disk()).toContain(secret);
    expect(await results(app)).toContain('2 answers');

    // The right token: out of the thread and out of the store (and its files).
    expect(await click(`CANON/${ts}/${token}`)).toMatchObject({ text: DELETED, replace_original: true });
    expect(fake.calls('chat.delete').map((c) => c.args)).toMatchObject([{ channel: 'CANON', ts }]);
    expect(fake.messages('CANON').some((m) => m.ts === ts)).toBe(false);
    expect(await results(app)).toContain('1 answer in the thread');
    await expect.poll(() => app.disk(), { timeout: WAIT }).not.toContain(secret);
    expect(await click(`CANON/${ts}/${token}`)).toMatchObject({ text: ALREADY_GONE });
    expect(fake.calls('chat.delete')).toHaveLength(1);
  });

  it('forgets an anonymous answer a workspace admin deletes in Slack', async () => {
    const app = await launch(fake);
    const prompt = await postPrompt(app, fake, 'CANON');
    const form = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: prompt.ts });
    const after = lastSeq(fake);
    expect(formErrors(await app.post(submissionBody(form, 'UAUTHOR', 'REMOVED-BY-ADMIN')))).toBeUndefined();
    const { ts } = await posted(fake, prompt.ts, after);
    const deleted = messageDeleted({
      channel: 'CANON',
      deleted_ts: ts,
      thread_ts: prompt.ts,
      user: fake.botUserId,
    });
    expect((await app.event(deleted)).status).toBe(200);
    expect(await results(app)).toContain('0 answers in the thread');
    await expect.poll(() => app.disk(), { timeout: WAIT }).not.toContain('REMOVED-BY-ADMIN');
  });

  it('posts a retried or doubled submission once, also after a restart', async () => {
    const dir = tmpDir();
    let app = await launch(fake, { dir });
    const prompt = await postPrompt(app, fake, 'CANON');
    const form = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: prompt.ts });
    const after = lastSeq(fake);
    const body = submissionBody(form, 'UAUTHOR', 'Said once');
    // Slack sending it again, and a double click (a second payload for the same view), all at once.
    const sent = await Promise.all([
      app.post(body),
      app.post(body),
      app.post(submissionBody(form, 'UAUTHOR', 'Said once')),
    ]);
    for (const res of sent) expect(formErrors(res)).toBeUndefined();
    await posted(fake, prompt.ts, after);
    const threadPosts = () => fake.calls('chat.postMessage').filter((c) => c.args.thread_ts === prompt.ts);
    // Every copy was decided before its acknowledgement; the one taken has finished with the author's message.
    expect(threadPosts()).toHaveLength(1);
    expect(fake.calls('chat.postEphemeral')).toHaveLength(1);

    expect(await app.proc.stop()).toMatchObject({ code: 0 });
    app = await launch(fake, { dir });
    expect(formErrors(await app.post(body))).toBeUndefined();
    expect(await results(app)).toContain('1 answer in the thread');
    expect(threadPosts()).toHaveLength(1);
  });

  it('finds an answer Slack took but answered 500 for in the thread, and does not post it again', async () => {
    const app = await launch(fake);
    const prompt = await postPrompt(app, fake, 'CANON');
    const form = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: prompt.ts });
    const after = lastSeq(fake);
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    expect(
      formErrors(await app.post(submissionBody(form, 'UAUTHOR', 'Taken despite the 500'))),
    ).toBeUndefined();
    const { author } = await posted(fake, prompt.ts, after);
    const lookup = await next(fake, 'conversations.replies', (c) => c.args.ts === prompt.ts, after);
    expect(lookup.args).toMatchObject({ channel: 'CANON', include_all_metadata: 'true' });
    expect(anonymousPosts()).toHaveLength(1);
    expect(anonymousPosts()[0]?.response?.status).toBe(500);
    const inThread = fake.messages('CANON').filter((m) => String(m.text).includes('Taken despite the 500'));
    expect(inThread).toHaveLength(1);
    // Stored under the ts the look-up found, and that is the answer its author can delete.
    const ts = inThread[0]?.ts as string;
    expect(app.disk()).toContain(`"ts":"${ts}","text":"Taken despite the 500"`);
    expect(JSON.stringify(author.args.blocks)).toContain(`CANON/${ts}/`);
  });

  it('refuses an empty or too long answer in the form, storing and posting nothing', async () => {
    const app = await launch(fake);
    const prompt = await postPrompt(app, fake, 'CANON');
    const form = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: prompt.ts });
    const disk = app.disk();
    expect(formErrors(await app.post(submissionBody(form, 'UAUTHOR', '')))).toEqual({
      anonymous_answer: EMPTY_ANSWER,
    });
    expect(formErrors(await app.post(submissionBody(form, 'UAUTHOR', ' \n\t ')))).toEqual({
      anonymous_answer: EMPTY_ANSWER,
    });
    const long = `${'é'.repeat(MAX_ANSWER_CHARS)}!`;
    expect(formErrors(await app.post(submissionBody(form, 'UAUTHOR', long)))).toEqual({
      anonymous_answer: tooLong(MAX_ANSWER_CHARS + 1),
    });
    expect(tooLong(2501)).toBe('Keep it to 2,500 characters; this one has 2,501.');
    expect(app.disk()).toBe(disk);
    expect(anonymousPosts()).toEqual([]);

    // The same form, once fixed, goes through: a refusal claimed nothing.
    const after = lastSeq(fake);
    expect(
      formErrors(await app.post(submissionBody(form, 'UAUTHOR', 'é'.repeat(MAX_ANSWER_CHARS)))),
    ).toBeUndefined();
    await posted(fake, prompt.ts, after);
  });

  it('opens the form with the click’s trigger_id within its 3 s, and says so when it could not', async () => {
    const app = await launch(fake);
    const prompt = await postPrompt(app, fake, 'CANON');
    // The fake refuses a trigger_id older than 3 s or used before: this one was issued just now.
    const trigger = fake.triggerId();
    const form = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: prompt.ts, trigger });
    expect(form.callback_id).toBe('lvm_anonymous_answer');
    const open = fake.calls('views.open').at(-1);
    expect(open?.args.trigger_id).toBe(trigger);

    // Slack slow to answer views.open: the trigger is past its 3 s when it is taken. The click was still
    // acknowledged at once, and the person is told to click again.
    fake.setDelay('views.open', 3100);
    const responseUrl = fake.responseUrl();
    const res = await app.post(
      clickBody(fake, { user: 'UAUTHOR', channel: 'CANON', ts: prompt.ts, responseUrl }),
    );
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const told = await fake.waitForResponse((r) => r.path === new URL(responseUrl).pathname, WAIT);
    expect(told.body).toMatchObject({ text: FORM_EXPIRED, replace_original: false });
    const expired = fake.calls('views.open').at(-1);
    expect(expired?.response?.body).toMatchObject({ ok: false, error: 'expired_trigger_id' });
  });

  it('a channel can turn it off (admins): no button on new prompts, old buttons and open forms explain', async () => {
    const app = await launch(fake, { env: FAST });
    const before = await postPrompt(app, fake, 'CANON');
    const openBefore = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: before.ts });
    const as = async (user: string, text: string) =>
      replyText(await app.command(text, { channel_id: 'CANON', user_id: user }));

    expect(await as('UREADER', 'anonymous')).toContain('Anonymous answers are on in this channel');
    expect(await as('UREADER', 'anonymous off')).toContain(
      "Only your workspace's admins and owners can turn anonymous answers on or off here.",
    );
    expect(await as('UADMIN', 'anonymous maybe')).toContain('`anonymous` takes `on` or `off`');
    expect(await as('UADMIN', 'anonymous off')).toContain('Anonymous answers are now off in this channel');
    expect(await as('UADMIN', 'anonymous off')).toContain(
      'Anonymous answers are already off in this channel.',
    );
    expect(await as('UREADER', 'anonymous')).toContain('Anonymous answers are off in this channel.');

    const during = await postPrompt(app, fake, 'CANON');
    expect(hasAnonymousButton(during.blocks)).toBe(false);
    // Posting it closed the prompt before: the summary's reactions come after the last write of that close.
    const summary = await fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === before.ts, WAIT);
    await fake.waitForCalls('reactions.add', 3, WAIT, (c) => c.args.timestamp === answered(summary).ts);
    // The button on the earlier prompt explains; the form opened earlier is refused with a note.
    const refused = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: before.ts });
    expect(JSON.stringify(refused.blocks)).toContain(ANONYMOUS_OFF);
    expect(JSON.stringify(refused.blocks)).not.toContain('"type":"input"');
    const disk = app.disk();
    expect(formErrors(await app.post(submissionBody(openBefore, 'UAUTHOR', 'Too late')))).toEqual({
      anonymous_answer: TURNED_OFF_WHILE_WRITING,
    });
    expect(app.disk()).toBe(disk);
    expect(anonymousPosts()).toEqual([]);

    expect(await as('UADMIN', 'anonymous on')).toContain('Anonymous answers are now on in this channel');
    expect(hasAnonymousButton((await postPrompt(app, fake, 'CANON')).blocks)).toBe(true);
    expect(await as('UREADER', 'help')).toContain('/lead-vs-manage anonymous [on|off]');
  });

  it('turns away a form whose prompt is unknown, and the prompt’s button in a channel the bot never posted in', async () => {
    const app = await launch(fake);
    const form = await openForm(app, fake, { user: 'UAUTHOR', channel: 'CANON', ts: makeTs() });
    expect(JSON.stringify(form.blocks)).toContain('no longer in the archive');
    const forged = { id: 'VFORGED', private_metadata: `CANON/${makeTs()}` };
    expect(formErrors(await app.post(submissionBody(forged, 'UAUTHOR', 'Where does this go?')))).toEqual({
      anonymous_answer: "This prompt is no longer in the archive, so it can't take new answers.",
    });
  });
});
