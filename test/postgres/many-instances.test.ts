/**
 * Issue 15, point 2: three real app processes on one PostgreSQL database and one Slack fake. Each scheduled
 * slot is posted once, each week closed once, a `now` counted once, also when one instance is SIGKILLed and
 * when Slack answers 500 to a post it took. Run by `npm run test:postgres` (needs a server; never skips).
 */
import { describe, expect, it } from 'vitest';
import {
  answered,
  launchProcess,
  promptIdOf,
  type Running,
  replyText,
  useSlackFake,
} from '../integration/harness.js';
import { freshDatabase, SERVER_URL } from '../store/pg-databases.js';
import type { AppProcess } from '../support/app-process.js';
import type { SlackCall, SlackFake, SlackMessage } from '../support/slack-fake.js';

if (!SERVER_URL)
  throw new Error('these tests need a PostgreSQL server: set TEST_DATABASE_URL (npm run test:postgres does)');

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

const WAIT = 60_000;

/** DATABASE_URL for a fresh schema of the test server, and a connection to look at its rows. */
async function database() {
  const db = await freshDatabase();
  const url = new URL(SERVER_URL as string);
  url.searchParams.set('options', `-c search_path=${db.schema}`);
  return { url: url.toString(), db };
}

/** Several app processes (some tests SIGKILL one). */
const launchMany = (n: number, env: Record<string, string>) =>
  Promise.all(Array.from({ length: n }, () => launchProcess(fake, { env })));

const slotOf = (m: Record<string, unknown>) =>
  (m.metadata as { event_payload?: { slot?: string } } | undefined)?.event_payload?.slot;
const promptIdOfMessage = (m: SlackMessage) =>
  (m.metadata as { event_payload?: { prompt_id?: string } } | undefined)?.event_payload?.prompt_id;

/** The channel's prompts (top-level messages) and the summaries in their threads, as the fake keeps them. */
function channelHistory(channel: string) {
  const all = fake.messages(channel);
  // A prompt with replies carries its own ts as thread_ts, as in Slack.
  const prompts = all.filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
  const summaries = all.filter((m) => m.thread_ts !== undefined && m.thread_ts !== m.ts);
  const perSlot = new Map<string, number>();
  for (const p of prompts) {
    const slot = slotOf(p);
    if (slot) perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
  }
  const summariesOf = (ts: string) => summaries.filter((s) => s.thread_ts === ts).length;
  return { prompts, summaries, perSlot, summariesOf };
}

/** Completed scheduler ticks of an instance, from /healthz: a positive sign that its scheduler ran. */
async function ticks(app: Running): Promise<number> {
  const res = await fetch(`${app.proc.url}/healthz`);
  return ((await res.json()) as { ticks: number }).ticks;
}

/** Waits until every instance has completed `n` more ticks than now (each closes overdue prompts once a second). */
async function afterTicks(apps: Running[], n: number): Promise<void> {
  const from = await Promise.all(apps.map(ticks));
  await Promise.all(
    apps.map((app, i) =>
      expect
        .poll(() => ticks(app), { timeout: WAIT, interval: 200 })
        .toBeGreaterThanOrEqual((from[i] ?? 0) + n),
    ),
  );
}

/** Which instance posted which slot, from their logs. */
function postedBy(apps: Running[]): string {
  return apps
    .map((app, i) => `#${i + 1}: ${app.proc.lines.filter((l) => /posted prompt .*slot /.test(l)).length}`)
    .join(', ');
}

describe('three instances on one database', () => {
  it('post each slot of a seconds schedule once, also after one is SIGKILLed; each prompt is closed once', async () => {
    const { url, db } = await database();
    // A close the killed instance claimed just before it died has no summary, and never gets one from another
    // instance: a summary is posted at most once (README, Running on PostgreSQL). Such a prompt is closed in the
    // database with no summary recorded; every other one must get its summary.
    const claimedUnposted = async () =>
      new Set(
        (
          await db.admin.query<{ ts: string }>(
            "SELECT ts FROM posts WHERE channel = 'CMANY' AND closed_at IS NOT NULL AND summary_ts IS NULL",
          )
        ).map((r) => r.ts),
      );
    const env = {
      DATABASE_URL: url,
      PROMPT_CHANNEL: 'CMANY',
      PROMPT_CRON: '*/2 * * * * *',
      PROMPT_CLOSE_AFTER: '3s',
    };
    const apps = await launchMany(3, env);
    const slotsPosted = () => channelHistory('CMANY').perSlot.size;
    await expect.poll(slotsPosted, { timeout: WAIT, interval: 200 }).toBeGreaterThanOrEqual(5);

    const [victim, ...survivors] = apps as [Running<AppProcess>, Running<AppProcess>, Running<AppProcess>];
    await victim.proc.kill();
    const killedAt = Date.now();
    // The two left post the slots that follow.
    const slotsAfterKill = () =>
      [...channelHistory('CMANY').perSlot.keys()].filter((s) => Date.parse(s) > killedAt).length;
    await expect.poll(slotsAfterKill, { timeout: WAIT, interval: 200 }).toBeGreaterThanOrEqual(4);
    // Prompts older than PROMPT_CLOSE_AFTER are closed by now, and the closers ran again since.
    const { prompts } = channelHistory('CMANY');
    const closable = prompts.slice(0, -2);
    const unsummarised = async () => {
      const stuck = await claimedUnposted();
      return closable.filter((p) => channelHistory('CMANY').summariesOf(p.ts) === 0 && !stuck.has(p.ts))
        .length;
    };
    await expect.poll(unsummarised, { timeout: WAIT, interval: 200 }).toBe(0);
    await afterTicks(survivors, 4);
    await Promise.all(survivors.map((a) => a.proc.stop()));

    const history = channelHistory('CMANY');
    console.log(
      `${history.perSlot.size} slots posted (${postedBy(apps)}; #1 killed after the first ${history.perSlot.size - slotsAfterKill()})`,
    );
    expect([...history.perSlot.values()].every((n) => n === 1)).toBe(true);
    expect(history.prompts).toHaveLength(history.perSlot.size);
    // One rotation: no prompt twice.
    const ids = history.prompts.map(promptIdOfMessage);
    expect(new Set(ids).size).toBe(ids.length);
    // Every prompt closed at most once, and all but the newest closed.
    for (const p of history.prompts) expect(history.summariesOf(p.ts)).toBeLessThanOrEqual(1);
    const stuck = await claimedUnposted();
    expect(stuck.size).toBeLessThanOrEqual(1); // only the killed instance can have left one
    for (const p of closable) {
      if (!stuck.has(p.ts)) expect(history.summariesOf(p.ts)).toBe(1);
    }
  }, 180_000);

  it('close an overdue prompt once', async () => {
    const { url } = await database();
    const apps = await launchMany(3, { DATABASE_URL: url, PROMPT_CLOSE_AFTER: '2s' });
    await apps[0]?.command('now', { channel_id: 'CCLOSE' });
    const [prompt] = await fake.waitForCalls('chat.postMessage', 1, WAIT, (c) => c.args.channel === 'CCLOSE');
    const ts = prompt ? answered(prompt).ts : undefined;
    await fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === ts, WAIT);
    await afterTicks(apps, 4); // every instance looked for overdue prompts again since
    expect(fake.calls('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  }, 120_000);

  it('count a `now` sent to each of them at once once, within PROMPT_NOW_COOLDOWN', async () => {
    const { url } = await database();
    const apps = await launchMany(3, { DATABASE_URL: url });
    const replies = await Promise.all(apps.map((a) => a.command('now', { channel_id: 'CNOW' })));
    await fake.waitForCalls('chat.postMessage', 1, WAIT, (c) => c.args.channel === 'CNOW');
    const waits = replies
      .map(replyText)
      .filter((r) => r.includes('A prompt went up here less than 10 minutes ago'));
    expect(waits).toHaveLength(2);
    // A later command on every instance was answered: the first `now`'s post had its chance to go out.
    for (const app of apps) await app.command('results', { channel_id: 'CNOW' });
    await fake.waitForCalls('reactions.add', 3, WAIT, (c) => c.args.channel === 'CNOW');
    expect(fake.calls('chat.postMessage').filter((c) => c.args.channel === 'CNOW')).toHaveLength(1);
  }, 120_000);

  it('post `now`s sent to each of them at once one after another, each the next prompt of one rotation', async () => {
    const { url, db } = await database();
    const apps = await launchMany(3, { DATABASE_URL: url, PROMPT_NOW_COOLDOWN: '0' });
    await Promise.all(apps.map((a) => a.command('now', { channel_id: 'CROT' })));
    const isPrompt = (c: SlackCall) => c.args.channel === 'CROT' && !c.args.thread_ts;
    const posts = await fake.waitForCalls('chat.postMessage', 3, WAIT, isPrompt);
    // Each prompt is recorded before its reactions are added (summaries get reactions too: count the prompts').
    const promptTs = () =>
      new Set(
        fake
          .calls('chat.postMessage')
          .filter(isPrompt)
          .map((c) => (c.response?.body as { ts?: string } | undefined)?.ts),
      );
    await fake.waitForCalls('reactions.add', 9, WAIT, (c) => promptTs().has(c.args.timestamp as string));
    expect(new Set(posts.map(promptIdOf)).size).toBe(3);
    const used = await db.admin.query<{ prompt_id: string }>(
      "SELECT prompt_id FROM rotation_used WHERE channel = 'CROT' ORDER BY position",
    );
    expect(used.map((r) => r.prompt_id).sort()).toEqual(posts.map(promptIdOf).sort());
  }, 120_000);
});

describe('three instances and a Slack that answers 500 to a post it took', () => {
  it('the instance that posted finds it in the history; nobody posts that slot again', async () => {
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    const { url } = await database();
    const apps = await launchMany(3, {
      DATABASE_URL: url,
      PROMPT_CHANNEL: 'C500',
      PROMPT_CRON: '*/2 * * * * *',
    });
    await expect
      .poll(() => channelHistory('C500').perSlot.size, { timeout: WAIT, interval: 200 })
      .toBeGreaterThanOrEqual(3);
    await Promise.all(apps.map((a) => a.proc.stop()));
    const history = channelHistory('C500');
    const failed = fake.calls('chat.postMessage').find((c) => c.response?.status === 500);
    expect(failed && slotOf(failed.args)).toBeDefined();
    expect(history.perSlot.get(slotOf(failed?.args ?? {}) as string)).toBe(1);
    expect([...history.perSlot.values()].every((n) => n === 1)).toBe(true);
    expect(apps.map((a) => a.proc.logs()).join('\n')).toMatch(/had gone through after all/);
  }, 120_000);

  it('a summary Slack took and answered 500 to is in the thread once', async () => {
    const { url } = await database();
    const apps = await launchMany(3, { DATABASE_URL: url, PROMPT_CLOSE_AFTER: '2s' });
    await apps[0]?.command('now', { channel_id: 'CSUM' });
    const [prompt] = await fake.waitForCalls('chat.postMessage', 1, WAIT, (c) => c.args.channel === 'CSUM');
    const ts = prompt ? answered(prompt).ts : undefined;
    await fake.waitForCalls('reactions.add', 3, WAIT, (c) => c.args.channel === 'CSUM');
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    const summary = (c: SlackCall) => c.args.thread_ts === ts;
    await Promise.any(apps.map((a) => a.proc.waitForLine(/closed prompt/, WAIT)));
    await afterTicks(apps, 4);
    expect(fake.messages('CSUM').filter((m) => m.thread_ts === ts && m.ts !== ts)).toHaveLength(1);
    expect(
      fake
        .calls('chat.postMessage')
        .filter(summary)
        .map((c) => c.response?.status),
    ).toEqual([500]);
    // The closer looked for it in the thread, found it and did not post it again.
    expect(fake.calls('conversations.replies').filter((c) => c.args.ts === ts).length).toBeGreaterThan(0);
  }, 120_000);

  it('the look-ups fail too and that instance is SIGKILLed: another one settles it, the channel waits till then', async () => {
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    fake.failNext('conversations.history', { status: 500 }, 3);
    const { url, db } = await database();
    const apps = await launchMany(3, {
      DATABASE_URL: url,
      PROMPT_CHANNEL: 'CUNS',
      PROMPT_CRON: '*/2 * * * * *',
    });
    const unconfirmed = /could not confirm whether the prompt for slot (\S+) in channel CUNS went out/;
    const holder = await Promise.any(apps.map((a) => a.proc.waitForLine(unconfirmed, WAIT).then(() => a)));
    const slot = unconfirmed.exec(holder.proc.lines.find((l) => unconfirmed.test(l)) ?? '')?.[1];
    expect(await db.admin.query('SELECT post_id FROM unsettled_posts')).toHaveLength(1);
    await holder.proc.kill();
    const others = apps.filter((a) => a !== holder);

    const settled = /had gone out after all/;
    const settler = await Promise.any(others.map((a) => a.proc.waitForLine(settled, WAIT).then(() => a)));
    // The schedule goes on once it is settled.
    await expect
      .poll(() => channelHistory('CUNS').perSlot.size, { timeout: WAIT, interval: 200 })
      .toBeGreaterThanOrEqual(3);
    await Promise.all(others.map((a) => a.proc.stop()));

    const history = channelHistory('CUNS');
    expect(history.perSlot.get(slot as string)).toBe(1);
    expect([...history.perSlot.values()].every((n) => n === 1)).toBe(true);
    expect(await db.admin.query('SELECT post_id FROM unsettled_posts')).toEqual([]);
    // Nothing else went up in the channel before it was settled, on any instance.
    const settledAt = settler.proc.entries.find((e) => settled.test(e.line))?.at.getTime() ?? 0;
    const promptCalls = fake
      .calls('chat.postMessage')
      .filter((c) => c.args.channel === 'CUNS' && !c.args.thread_ts);
    expect(promptCalls.filter((c) => c.at.getTime() < settledAt).map((c) => slotOf(c.args))).toEqual([slot]);
    // It was recorded: its votes count.
    const recorded = await db.admin.query<{ slot: string }>("SELECT slot FROM posts WHERE channel = 'CUNS'");
    expect(recorded.map((r) => r.slot)).toContain(slot);
  }, 120_000);
});
