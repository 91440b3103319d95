/**
 * Issue 3 end to end: votes and thread answers counted exactly, kept durably, shown as results.
 * The real app runs in the test process (a child process where a test SIGKILLs it); events are signed and sent to its
 * Bolt receiver.
 */
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../support/app-process.js';
import {
  appUninstalled,
  eventId,
  makeTs,
  messageChanged,
  messageDeleted,
  reactionAdded,
  reactionRemoved,
  threadReply,
  tokensRevoked,
  userMessage,
} from '../support/signing.js';
import type { SlackFake } from '../support/slack-fake.js';
import {
  answered,
  healthOf,
  launch,
  launchProcess,
  type Running,
  replyText,
  ticksPass,
  useSlackFake,
} from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

/** Posts a prompt with `now` and returns its ts once the three reactions are on it. */
async function postPrompt(app: Running, channel = 'C1'): Promise<string> {
  const before = fake.calls('chat.postMessage').length;
  await app.command('now', { channel_id: channel });
  const [post] = await fake.waitForCalls(
    'chat.postMessage',
    before + 1,
    5000,
    (c) => c.args.channel === channel,
  );
  await fake.waitForCalls('reactions.add', 3, 5000, (c) => c.args.channel === channel);
  const calls = fake.calls('chat.postMessage').filter((c) => c.args.channel === channel && !c.args.thread_ts);
  const last = calls.at(-1) ?? post;
  const ts = last ? answered(last).ts : undefined;
  if (!ts) throw new Error('no prompt ts');
  return ts;
}

/** The three per-option lines of `/lead-vs-manage results` as [emoji, count] pairs. */
async function counts(app: Running, channel = 'C1', team?: string): Promise<Record<string, number>> {
  const text = replyText(
    await app.command('results', { channel_id: channel, ...(team ? { team_id: team } : {}) }),
  );
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/:(compass|clipboard|handshake): \*\w+\* {2}(\d+)/g))
    out[m[1] as string] = Number(m[2]);
  return out;
}

describe('votes', () => {
  it('counts each person once per option, ignoring the bot, other emoji and other messages', async () => {
    const app = await launch(fake);
    const ts = await postPrompt(app);
    const send = async (ev: Parameters<Running['event']>[0]) =>
      expect((await app.event(ev)).status).toBe(200);
    await send(reactionAdded({ user: 'U1', reaction: 'compass', ts }));
    await send(reactionAdded({ user: 'U2', reaction: 'compass', ts }));
    await send(reactionAdded({ user: 'U1', reaction: 'handshake', ts }));
    await send(reactionAdded({ user: 'U3', reaction: 'clipboard::skin-tone-3', ts }));
    await send(reactionAdded({ user: 'UBOT', reaction: 'clipboard', ts })); // the bot itself
    await send(reactionAdded({ user: 'U4', reaction: 'tada', ts })); // not a vote option
    await send(reactionAdded({ user: 'U5', reaction: 'compass', ts: makeTs() })); // another message
    await send(reactionAdded({ user: 'U6', reaction: 'compass', ts, channel: 'C9' })); // same ts, other channel
    await send(reactionRemoved({ user: 'U1', reaction: 'handshake', ts }));
    expect(await counts(app)).toEqual({ compass: 2, clipboard: 1, handshake: 0 });
    const text = replyText(await app.command('results'));
    expect(text).toContain('3 votes from 3 people');
    expect(text).toMatch(/67% {2}`███████░░░`/);
    expect(text).toContain(`/archives/C1/p${ts.replace('.', '')}`);
  });

  it('lets the latest event win when deliveries arrive out of order', async () => {
    const app = await launch(fake);
    const ts = await postPrompt(app);
    const added = makeTs(new Date(Date.now() - 2000));
    const removed = makeTs(new Date(Date.now() - 1000));
    await app.event(reactionRemoved({ user: 'U1', reaction: 'compass', ts, event_ts: removed }));
    await app.event(reactionAdded({ user: 'U1', reaction: 'compass', ts, event_ts: added })); // late, older
    expect((await counts(app)).compass).toBe(0);
  });

  it('applies a retried delivery (same event_id) once, also across a restart', async () => {
    const dir = tmpDir();
    const env = { TALLY_MIN_VOTERS: '1' }; // one voter's tally, shown
    let app = await launch(fake, { dir, env });
    const ts = await postPrompt(app);
    const id = eventId();
    const second = Math.floor(Date.now() / 1000);
    const ev = reactionAdded({ user: 'U1', reaction: 'compass', ts, event_ts: `${second}.000100` });
    expect((await app.event(ev, { event_id: id })).status).toBe(200);
    expect((await app.event(ev, { event_id: id, retryNum: 1 })).status).toBe(200);
    expect((await counts(app)).compass).toBe(1);
    // Same person removes, then Slack re-sends the old add: the removal stands.
    await app.event(reactionRemoved({ user: 'U1', reaction: 'compass', ts, event_ts: `${second}.000200` }));
    await app.event(ev, { event_id: id, retryNum: 2 });
    expect((await counts(app)).compass).toBe(0);
    await app.proc.stop();
    app = await launch(fake, { dir, env });
    await app.event(reactionAdded({ user: 'U2', reaction: 'clipboard', ts }), { event_id: id, retryNum: 3 });
    expect(await counts(app)).toEqual({ compass: 0, clipboard: 0, handshake: 0 });
  });

  it("does not count another bot's reaction", async () => {
    fake.setUser('UOTHERBOT', { is_bot: true });
    const app = await launch(fake);
    const ts = await postPrompt(app);
    await app.event(reactionAdded({ user: 'UOTHERBOT', reaction: 'compass', ts }));
    await fake.waitFor('users.info', (c) => c.args.user === 'UOTHERBOT');
    await expect.poll(async () => (await counts(app)).compass, { timeout: 5000 }).toBe(0);
    // Known now: its next reaction is ignored outright.
    await app.event(reactionAdded({ user: 'UOTHERBOT', reaction: 'handshake', ts }));
    expect((await counts(app)).handshake).toBe(0);
  });
});

describe('answers', () => {
  it('keeps thread replies to the prompt, and nothing else', async () => {
    const app = await launch(fake);
    const ts = await postPrompt(app);
    const other = makeTs();
    await app.event(
      threadReply({ user: 'U1', thread_ts: ts, text: 'Clearly leadership: she set the direction.' }),
    );
    await app.event(threadReply({ user: 'U2', thread_ts: other, text: 'reply in another thread' }));
    await app.event(userMessage({ user: 'U2', text: 'a top-level chat message' }));
    await app.event({
      ...threadReply({ user: 'U3', thread_ts: ts, text: 'a bot speaking' }),
      bot_id: 'B0OTHER',
    });
    await app.event({
      ...threadReply({ user: 'U4', thread_ts: ts, text: 'U4 has joined' }),
      subtype: 'channel_join',
    });
    expect(replyText(await app.command('results'))).toContain('1 answer in the thread');
    // Each event was answered once handled and its writes made: the one kept is on disk, so would the others be.
    await expect.poll(() => app.disk(), { timeout: 5000 }).toContain('Clearly leadership');
    const disk = app.disk();
    for (const absent of ['another thread', 'top-level chat', 'a bot speaking', 'has joined']) {
      expect(disk).not.toContain(absent);
    }
  });

  it('an edit replaces the text and a deletion removes it from DB_FILE entirely', async () => {
    const app = await launch(fake);
    const ts = await postPrompt(app);
    const reply = makeTs();
    await app.event(threadReply({ user: 'U1', ts: reply, thread_ts: ts, text: 'first draft ZEBRA-1' }));
    await app.event(
      messageChanged({
        user: 'U1',
        ts: reply,
        thread_ts: ts,
        text: 'second thoughts GIRAFFE-2',
        previous_text: 'first draft ZEBRA-1',
      }),
    );
    // An unfurl re-sends the message with unchanged text: not an edit.
    await app.event(
      messageChanged({
        user: 'U1',
        ts: reply,
        thread_ts: ts,
        text: 'second thoughts GIRAFFE-2',
        previous_text: 'second thoughts GIRAFFE-2',
      }),
    );
    await expect.poll(() => app.disk(), { timeout: 5000 }).not.toContain('ZEBRA-1');
    expect(app.disk()).toContain('GIRAFFE-2');
    await app.event(
      messageDeleted({
        user: 'U1',
        deleted_ts: reply,
        thread_ts: ts,
        previous_text: 'second thoughts GIRAFFE-2',
      }),
    );
    await expect.poll(() => app.disk(), { timeout: 5000 }).not.toContain('GIRAFFE-2');
    expect(replyText(await app.command('results'))).toContain('0 answers in the thread');
  });

  it('a deletion that arrives before its message keeps the late message out', async () => {
    const app = await launch(fake);
    const ts = await postPrompt(app);
    const reply = makeTs();
    const folds = (await healthOf(app)).writes.folds;
    await app.event(
      messageDeleted({ user: 'U1', deleted_ts: reply, thread_ts: ts, previous_text: 'LATE-ARRIVAL' }),
    );
    await app.event(threadReply({ user: 'U1', ts: reply, thread_ts: ts, text: 'LATE-ARRIVAL' }));
    expect(replyText(await app.command('results'))).toContain('0 answers in the thread');
    // The refused copy went through the journal: the store scrubs the files with a fold, which /healthz counts.
    await expect
      .poll(async () => (await healthOf(app)).writes.folds, { timeout: 5000 })
      .toBeGreaterThan(folds);
    expect(app.disk()).not.toContain('LATE-ARRIVAL');
  });

  it('tokens_revoked forgets the workspace only when the bot token went', async () => {
    const app = await launch(fake);
    const ts = await postPrompt(app);
    await app.event(threadReply({ user: 'U1', thread_ts: ts, text: 'REVOKED-WORDS' }));
    await app.event(tokensRevoked({ oauth: ['U1'], bot: [] })); // a person's user token only: keep everything
    expect(replyText(await app.command('results'))).toContain('1 answer in the thread');
    await app.event(tokensRevoked({ bot: ['UBOT'] }));
    expect(replyText(await app.command('results'))).toContain('No prompts in this channel yet');
    await expect.poll(() => app.disk(), { timeout: 5000 }).not.toContain('REVOKED-WORDS');
  });

  it('app_uninstalled forgets the workspace', async () => {
    const app = await launch(fake);
    const ts = await postPrompt(app);
    await app.event(threadReply({ user: 'U1', thread_ts: ts, text: 'FORGET-ME-PLEASE' }));
    await app.event(reactionAdded({ user: 'U1', reaction: 'compass', ts }));
    expect((await app.event(appUninstalled())).status).toBe(200);
    expect(replyText(await app.command('results'))).toContain('No prompts in this channel yet');
    await expect.poll(() => app.disk(), { timeout: 5000 }).not.toContain('FORGET-ME-PLEASE');
  });
});

describe('durability', () => {
  it('every event that got a 200 before a SIGKILL is counted after restart, and bursts share writes', async () => {
    const dir = tmpDir();
    let app: Running = await launchProcess(fake, { dir }); // SIGKILLed below
    const ts = await postPrompt(app);
    const health = async () =>
      (await (await fetch(`${app.proc.url}/healthz`)).json()) as { writes: { journalWrites: number } };
    const writesBefore = (await health()).writes.journalWrites;

    const users = Array.from({ length: 200 }, (_, i) => `UBURST${i}`);
    const ok: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < users.length) {
        const user = users[next++] as string;
        const res = await app.event(reactionAdded({ user, reaction: 'compass', ts }));
        if (res.status === 200) ok.push(user);
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    const writes = (await health()).writes.journalWrites - writesBefore;
    console.log(`burst of 200 events at concurrency 20: ${ok.length} acked, ${writes} journal writes`);
    expect(ok.length).toBe(200);
    expect(writes).toBeLessThan(200);

    await app.proc.kill();
    app = await launch(fake, { dir });
    expect((await counts(app)).compass).toBe(ok.length);
  });

  it('acks at once even when the Web API takes 5 s to answer', async () => {
    const app = await launch(fake, { env: { PROMPT_NOW_COOLDOWN: '0' } });
    const ts = await postPrompt(app);
    fake.setDelay('*', 5000);
    const res = await app.command('now');
    expect(res.status).toBe(200);
    // The command was answered while the post it started was still waiting on Slack.
    const post = await fake.waitFor(
      'chat.postMessage',
      (c) => c.args.channel === 'C1' && fake.calls('chat.postMessage').indexOf(c) > 0,
    );
    expect(post.response).toBeUndefined();
    const vote = await app.event(reactionAdded({ user: 'U1', reaction: 'compass', ts }));
    expect(vote.status).toBe(200);
    expect(post.response).toBeUndefined();
    fake.setDelay('*', 0);
  });
});

describe('results, history and closing the week', () => {
  it('history lists past prompts newest first; the next prompt closes the last one with the source view', async () => {
    const app = await launch(fake, { env: { PROMPT_NOW_COOLDOWN: '0', TALLY_MIN_VOTERS: '1' } });
    const first = await postPrompt(app);
    await app.event(reactionAdded({ user: 'U1', reaction: 'clipboard', ts: first }));
    await app.event(threadReply({ user: 'U1', thread_ts: first, text: 'process, so management' }));
    const second = await postPrompt(app);
    const summary = await fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === first);
    expect(String(summary.args.text)).toContain('1 vote from 1 person · 1 answer');
    const shown = JSON.stringify(summary.args.blocks);
    expect(shown).toContain('*The source:* _');
    expect(shown).toContain('*Who said it:*');
    expect(shown).toContain('*What they argued:*');
    // Votes after closing still count.
    await app.event(reactionAdded({ user: 'U2', reaction: 'compass', ts: first }));
    const history = replyText(await app.command('history'));
    expect(history).toContain('The last 2 of 2 prompts');
    const i1 = history.indexOf(`p${second.replace('.', '')}`);
    const i2 = history.indexOf(`p${first.replace('.', '')}`);
    expect(i1).toBeGreaterThan(-1);
    expect(i2).toBeGreaterThan(i1);
    expect(history).toContain(':compass: 1  :clipboard: 1  :handshake: 0 · 1 answer');
  });

  it('closes a prompt after PROMPT_CLOSE_AFTER', async () => {
    const app = await launch(fake, { env: { PROMPT_CLOSE_AFTER: '2s' } });
    const ts = await postPrompt(app);
    const summary = await fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === ts, 10_000);
    expect(String(summary.args.text)).toBe('Nobody voted on this prompt; 0 answers in the thread.');
    // Overdue prompts are looked for at most a second apart: in three more ticks they were looked for again.
    await ticksPass(app, 3);
    expect(fake.calls('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it('results with no prompt yet says how to start', async () => {
    const app = await launch(fake);
    expect(replyText(await app.command('results', { channel_id: 'CEMPTY' }))).toContain(
      '/lead-vs-manage now',
    );
  });
});
