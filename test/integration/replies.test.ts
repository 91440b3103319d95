/**
 * Issue 9, points 11 to 13, end to end through signed requests: the replies a new team reads (plurals, the
 * history range, one example per schedule error, the export in the requester's direct messages), dates and times
 * in each reader's own zone (Slack's `<!date^…>`, in mrkdwn only), and the week-close summary sent to the channel.
 */
import { describe, expect, it } from 'vitest';
import { EXPORT_SENT, PREPARING_EXPORT } from '../../src/views/replies.js';
import {
  appHomeOpened,
  blockActionsBody,
  blockActionsPayload,
  reactionAdded,
  threadReply,
} from '../support/signing.js';
import type { SlackFake } from '../support/slack-fake.js';
import { answered, BOT_TOKEN, launch, type Running, replyText, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

const FAST = { PROMPT_NOW_COOLDOWN: '0' };

/** Posts a prompt with `now` and waits until it is stored (its reactions follow the commit). */
async function promptIn(app: Running, channel: string): Promise<string> {
  const seen = fake.calls('chat.postMessage').length;
  await app.command('now', { channel_id: channel });
  const post = await fake.waitFor(
    'chat.postMessage',
    (c) =>
      c.args.channel === channel && !c.args.thread_ts && fake.calls('chat.postMessage').indexOf(c) >= seen,
  );
  const ts = answered(post).ts as string;
  await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.timestamp === ts);
  return ts;
}

/** The ts of the messages a channel's history shows (top-level and broadcast replies), asked of the fake. */
async function channelHistory(channel: string): Promise<string[]> {
  const res = await fetch(`${fake.url}conversations.history`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ channel }).toString(),
  });
  const body = (await res.json()) as { messages: { ts: string }[] };
  return body.messages.map((m) => m.ts).reverse();
}

/** Every text object in a Block Kit tree, with its type. */
function texts(node: unknown, out: { type: string; text: string }[] = []): { type: string; text: string }[] {
  if (Array.isArray(node)) for (const n of node) texts(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string')
      out.push({ type: o.type, text: o.text });
    for (const v of Object.values(o)) texts(v, out);
  }
  return out;
}

/** Slack's date formatting of `ts` (whole seconds), with a fallback naming UTC. */
const dateOf = (ts: string) => new RegExp(`<!date\\^${ts.split('.')[0]}\\^\\{date_short\\}[^|>]*\\|[^>]+>`);

describe('replies a new team reads', () => {
  it('history: one prompt or many in good English, the range for 0, and the cap said out loud', async () => {
    const app = await launch(fake, { env: FAST });
    await promptIn(app, 'CH');
    const one = await app.command('history', { channel_id: 'CH' });
    expect(one.json<{ text: string }>().text).toBe('The only prompt in this channel.');
    await promptIn(app, 'CH');
    expect(replyText(await app.command('history 1', { channel_id: 'CH' }))).toContain(
      'The latest of 2 prompts in this channel',
    );
    const all = replyText(await app.command('history 999', { channel_id: 'CH' }));
    expect(all).toContain('You asked for 999 prompts; I show at most 20.');
    expect(all).toContain('The last 2 of 2 prompts in this channel');
    for (const text of ['history 0', 'history -3', 'history lots']) {
      expect(replyText(await app.command(text, { channel_id: 'CH' })), text).toContain(
        '`history` takes a number of prompts from 1 to 20, e.g. `history 5`.',
      );
    }
    expect(replyText(await app.command('history 2', { channel_id: 'CH' }))).not.toMatch(/\b1 prompts\b/);
  });

  it('a schedule it cannot read shows each example once', async () => {
    fake.setUser('U1', { is_admin: true });
    const app = await launch(fake);
    for (const when of ['someday', 'tuesday', '09:00', 'mon 25:00', '0 9 * *']) {
      const reply = replyText(await app.command(`schedule ${when}`, { channel_id: 'CS' }));
      expect(reply, when).toContain("Couldn't read");
      const examples = [...(reply.split('\n')[0] ?? '').matchAll(/`[^`]+`/g)].map((m) => m[0]);
      expect(examples.length, when).toBeGreaterThan(0);
      expect(new Set(examples).size, `${when}: ${reply}`).toBe(examples.length);
    }
  });

  it('export: the file goes to the requester in a direct message; the channel sees nothing', async () => {
    fake.setChannel('CEXP', { name: 'export-me', members: ['UA'] });
    const app = await launch(fake);
    const ts = await promptIn(app, 'CEXP');
    await app.event(threadReply({ user: 'UA', channel: 'CEXP', thread_ts: ts, text: 'my answer' }));
    const res = await app.command('export md', {
      channel_id: 'CEXP',
      user_id: 'UA',
      response_url: fake.responseUrl(),
    });
    expect(replyText(res)).toContain(PREPARING_EXPORT);
    const done = await fake.waitForResponse((r) => r.body.text === EXPORT_SENT);
    expect(done.body.response_type).toBe('ephemeral');
    const open = fake.calls('conversations.open');
    expect(open.map((c) => c.args.users)).toEqual(['UA']);
    const dm = (open[0]?.response?.body as { channel?: { id: string } } | undefined)?.channel?.id;
    expect(dm).toMatch(/^D/);
    const [upload] = fake.uploads();
    expect(upload?.channel).toBe(dm);
    expect(upload?.initialComment).toBe('The archive of <#CEXP> you asked for: 1 prompt and 1 answer.');
    expect(upload?.bytes.toString('utf8')).toContain(': 1 prompt and 1 answer, newest first.');
    expect(fake.messages('CEXP').filter((m) => m.files || m.upload)).toEqual([]);
    expect(fake.calls('files.completeUploadExternal').map((c) => c.args.channel_id)).toEqual([dm]);
  });

  it('stats says "no votes" once, not "no votes 0 voters"', async () => {
    const app = await launch(fake);
    await promptIn(app, 'CQ');
    const reply = replyText(await app.command('stats', { channel_id: 'CQ' }));
    expect(reply).toMatch(/\|\d{1,2} \w{3} \d{4}> no votes · 0 answers/);
    expect(reply).not.toContain('no votes 0 voters');
  });
});

describe("times in the reader's zone", () => {
  it('results, history, stats, the Home tab and the discussion window show dates with <!date^…>, in mrkdwn only', async () => {
    fake.setChannel('CZ', { name: 'zones', members: ['U1'] });
    const app = await launch(fake);
    const ts = await promptIn(app, 'CZ');
    await app.event(reactionAdded({ user: 'U1', reaction: 'compass', channel: 'CZ', ts }));
    const answer = await app.event(
      threadReply({ user: 'U1', channel: 'CZ', thread_ts: ts, text: 'an answer' }),
    );
    expect(answer.status).toBe(200);

    const surfaces: [string, unknown][] = [];
    for (const text of ['results', 'history', 'stats']) {
      const body = (await app.command(text, { channel_id: 'CZ' })).json<{ blocks: unknown[] }>();
      surfaces.push([text, body.blocks]);
    }
    await app.event(appHomeOpened({ user: 'U1' }));
    const home = await fake.waitFor('views.publish', (c) => c.args.user_id === 'U1');
    surfaces.push(['home', (home.args.view as { blocks: unknown[] }).blocks]);
    await app.post(
      blockActionsBody(
        blockActionsPayload({
          action_id: 'open_discussion',
          value: `CZ/${ts}`,
          user_id: 'U1',
          view: { id: 'VH', type: 'home', private_metadata: '' },
        }),
      ),
    );
    // A loading window opens at once; the discussion replaces it (views.update).
    const loading = await fake.waitFor('views.open');
    const modal = await fake.waitFor('views.update', (c) => c.seq > loading.seq);
    surfaces.push(['discussion', (modal.args.view as { blocks: unknown[] }).blocks]);

    for (const [name, blocks] of surfaces) {
      const all = texts(blocks);
      const dated = all.filter((t) => t.text.includes('<!date^'));
      expect(dated.length, name).toBeGreaterThan(0);
      expect(
        dated.every((t) => t.type === 'mrkdwn'),
        name,
      ).toBe(true);
      expect(
        all.some((t) => dateOf(ts).test(t.text)),
        name,
      ).toBe(true);
      // No bare UTC date outside Slack's formatting.
      const bare = all.map((t) => t.text.replace(/<!date\^[^>]+>/g, '')).join('\n');
      expect(bare, name).not.toMatch(/\d{1,2} \w{3} \d{4}/);
    }
    // The answer's time too, in the discussion window.
    const discussion = JSON.stringify(surfaces.at(-1)?.[1]);
    expect(discussion).toMatch(/<!date\^\d+\^\{date_short\} \{time\}\|\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC>/);
  });
});

describe('results where people look', () => {
  it('the week-close summary is a reply in the prompt thread, also sent to the channel', async () => {
    const app = await launch(fake, { env: { PROMPT_CLOSE_AFTER: '1s' } });
    const ts = await promptIn(app, 'CB');
    const summary = await fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === ts, 10_000);
    // Form-encoded by the Web API client, as Slack receives it.
    expect(summary.args).toMatchObject({ channel: 'CB', thread_ts: ts, reply_broadcast: 'true' });
    // Slack shows it in the channel (its history) as well as in the thread.
    expect(await channelHistory('CB')).toContain(answered(summary).ts);
  });

  it('PROMPT_CLOSE_BROADCAST=false keeps it in the thread only', async () => {
    const app = await launch(fake, { env: { PROMPT_CLOSE_AFTER: '1s', PROMPT_CLOSE_BROADCAST: 'false' } });
    const ts = await promptIn(app, 'CN');
    const summary = await fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === ts, 10_000);
    expect(summary.args).toMatchObject({ channel: 'CN', thread_ts: ts, reply_broadcast: 'false' });
    expect(await channelHistory('CN')).toEqual([ts]);
  });
});
