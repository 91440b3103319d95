/**
 * Distribution mode on a PostgreSQL server, as it runs: two app processes (`node src/app.ts`) on one database behind
 * one load balancer. An install started on one instance completes on the other, a replayed state is refused by
 * either, each serves the workspace the other installed, and an uninstall handled by one holds for both. Neither
 * prints a secret. Run by `npm run test:postgres`; with no server these tests fail, they do not skip.
 */
import { describe, expect, it } from 'vitest';
import { NOT_INSTALLED } from '../../src/views/replies.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  distributionEnv,
  install,
  newKey,
  redirectBack,
  STATE_SECRET,
  tokenOf,
} from '../integration/distribution.js';
import { launch, type Running, replyText, SECRET, useSlackFake } from '../integration/harness.js';
import { everyRow, freshDatabase, SERVER_URL } from '../store/pg-databases.js';
import { appUninstalled, eventBody, postSigned, slashCommandBody } from '../support/signing.js';
import type { SlackFake } from '../support/slack-fake.js';

if (!SERVER_URL)
  throw new Error('these tests need a PostgreSQL server: set TEST_DATABASE_URL (npm run test:postgres does)');

let fake: SlackFake;
useSlackFake(
  (f) => {
    fake = f;
    fake.addWorkspace({ teamId: 'T2', teamName: 'Team Two' });
  },
  { oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } },
);

const KEY = newKey('k1');

async function twoInstances() {
  const db = await freshDatabase();
  const url = new URL(SERVER_URL as string);
  url.searchParams.set('options', `-c search_path=${db.schema}`);
  const env = {
    ...distributionEnv(fake, KEY, { DATABASE_URL: url.toString() }),
    SLACK_BOT_TOKEN: undefined,
  };
  const a = await launch(fake, { env });
  const b = await launch(fake, { env });
  return { db, a, b };
}

const endpoint = (app: Running) => `${app.proc.url}/slack/events`;
const command = (app: Running, team: string, text: string, channel = 'CT2') =>
  postSigned(
    endpoint(app),
    slashCommandBody({ team_id: team, channel_id: channel, text, response_url: fake.responseUrl() }),
    { secret: SECRET },
  );

describe('installed through OAuth, two instances on one database', () => {
  it('an install started on one completes on the other; a replay is refused by either; both serve it', async () => {
    const { db, a, b } = await twoInstances();
    const start = await fetch(`${a.proc.url}/slack/install`, { redirect: 'manual' });
    const cookie = (start.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const approved = fake.approveInstall(start.headers.get('location') ?? '', { team: 'T2' });
    const done = await redirectBack({ url: b.proc.url as string }, approved.query, cookie);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('installed in <strong>Team Two</strong>');
    for (const app of [a, b]) {
      const replay = await redirectBack({ url: app.proc.url as string }, approved.query, cookie);
      expect(replay.status).toBe(400);
    }
    expect(fake.calls('oauth.v2.access')).toHaveLength(1);
    const token = tokenOf(fake, 'T2');
    expect(await everyRow(db.admin, db.schema)).not.toContain(token);

    // Each instance serves T2 with its token.
    expect(replyText(await command(a, 'T2', 'results'))).toContain('No prompts in this channel yet');
    await command(b, 'T2', 'now');
    const post = await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'CT2');
    expect(post.token).toBe(token);
    // Recorded (the reactions follow the commit) before the uninstall below.
    await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.channel === 'CT2');

    // Uninstalled through one, the other turns T2 away.
    const res = await postSigned(endpoint(a), eventBody(appUninstalled(), { team_id: 'T2' }), {
      secret: SECRET,
    });
    expect(res.status).toBe(200);
    await command(b, 'T2', 'results');
    await fake.waitForResponse((r) => r.body.text === NOT_INSTALLED);
    expect(await db.admin.query('SELECT team_id FROM installations')).toEqual([]);
    expect(await everyRow(db.admin, db.schema)).not.toContain('CT2');

    // Neither process printed a secret.
    for (const app of [a, b]) {
      const logs = app.proc.logs();
      for (const secret of [CLIENT_SECRET, STATE_SECRET, KEY.slice(3), token])
        expect(logs).not.toContain(secret);
    }
  });

  it('a second install through either instance works again after the first', async () => {
    const { a, b } = await twoInstances();
    await install({ url: a.proc.url as string }, fake, { team: 'T2' });
    const again = await install({ url: b.proc.url as string }, fake, { team: 'T2' });
    expect(again.end.status).toBe(200);
    await command(a, 'T2', 'now', 'CT3');
    expect((await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'CT3')).token).toBe(
      tokenOf(fake, 'T2'),
    );
  });
});
