/**
 * The real app on a PostgreSQL server (DATABASE_URL), alone and as two instances on one database.
 * Run by `npm run test:postgres`; with no server these tests fail, they do not skip.
 */
import { describe, expect, it } from 'vitest';
import { answered, launch, type Running, replyText, useSlackFake } from '../integration/harness.js';
import { freshDatabase, SERVER_URL } from '../store/pg-databases.js';
import { reactionAdded } from '../support/signing.js';
import type { SlackFake } from '../support/slack-fake.js';

if (!SERVER_URL)
  throw new Error('these tests need a PostgreSQL server: set TEST_DATABASE_URL (npm run test:postgres does)');

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

/** DATABASE_URL for a fresh schema of the test server. */
async function databaseUrl(): Promise<{ url: string; db: Awaited<ReturnType<typeof freshDatabase>> }> {
  const db = await freshDatabase();
  const url = new URL(SERVER_URL as string);
  url.searchParams.set('options', `-c search_path=${db.schema}`);
  return { url: url.toString(), db };
}

async function postPrompt(app: Running, channel: string): Promise<string> {
  await app.command('now', { channel_id: channel });
  const [post] = await fake.waitForCalls('chat.postMessage', 1, 5000, (c) => c.args.channel === channel);
  await fake.waitForCalls('reactions.add', 3, 5000, (c) => c.args.channel === channel);
  const ts = post ? answered(post).ts : undefined;
  if (!ts) throw new Error('no prompt ts');
  return ts;
}

describe('the app on PostgreSQL', () => {
  it('stores votes in the database before the 200; a retry sent to a second instance counts once', async () => {
    const { url, db } = await databaseUrl();
    const env = { DATABASE_URL: url, TALLY_MIN_VOTERS: '1' }; // two voters' tally, shown
    const a = await launch(fake, { env });
    const b = await launch(fake, { env });
    const ts = await postPrompt(a, 'CPG1');

    const vote = reactionAdded({ user: 'U1', reaction: 'compass', ts, channel: 'CPG1' });
    const res = await a.event(vote, { event_id: 'EvPg1' });
    expect(res.status).toBe(200);
    const rows = await db.admin.query<{ user_id: string }>('SELECT user_id FROM votes');
    expect(rows).toEqual([{ user_id: 'U1' }]); // committed by the time Slack got its 200

    // Slack retries the same event_id; a load balancer sends it to the other instance.
    expect((await b.event(vote, { event_id: 'EvPg1', retryNum: 1 })).status).toBe(200);
    expect(
      (await b.event(reactionAdded({ user: 'U2', reaction: 'compass', ts, channel: 'CPG1' }))).status,
    ).toBe(200);
    for (const app of [a, b]) {
      expect(replyText(await app.command('results', { channel_id: 'CPG1' }))).toContain(
        '2 votes from 2 people',
      );
    }
    const health = (await (await fetch(`${b.proc.url}/healthz`)).json()) as {
      writes: Record<string, number>;
    };
    expect(health.writes).toMatchObject({ duplicates: 1, failures: 0 });
    expect(health.writes.commits).toBeGreaterThanOrEqual(1);
  });
});
