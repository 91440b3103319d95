/**
 * Issue 15, point 3: installing through OAuth. /slack/install sends the browser to Slack's consent page with a state
 * that the app signed and recorded; /slack/oauth_redirect accepts that state once, from the browser it was given to,
 * exchanges the code (oauth.v2.access) and stores the installation with its bot token sealed; a forged, replayed
 * or foreign state is refused before any code is exchanged. Org-wide installs (Enterprise Grid) are refused; a
 * workspace of a Grid org installs like any other.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/slack/surface.js';
import { installationsTable } from '../../src/store/postgres/installations.js';
import { parseKeyRing } from '../../src/store/token-crypto.js';
import { everyRow, freshDatabase, type TestDatabase } from '../store/pg-databases.js';
import { reactionAdded } from '../support/signing.js';
import { type SlackFake, startSlackFake } from '../support/slack-fake.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  type Distribution,
  distributionEnv,
  install,
  newKey,
  redirectBack,
  STATE_SECRET,
  startDistribution,
  tokenOf,
} from './distribution.js';
import { answered } from './harness.js';

let fake: SlackFake;
let db: TestDatabase;
let app: Distribution | undefined;
const KEY = newKey('k1');

beforeAll(async () => {
  fake = await startSlackFake({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  fake.addWorkspace({ teamId: 'T2', teamName: 'Team Two' });
  fake.addWorkspace({ teamId: 'T5', teamName: 'Grid Five', enterprise: { id: 'E1', name: 'Acme Grid' } });
  return () => fake.close();
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
  fake.reset();
});

async function start(): Promise<Distribution> {
  db = await freshDatabase();
  app = await startDistribution(fake, db, distributionEnv(fake, KEY));
  return app;
}

const rows = (q: string) => db.admin.query<Record<string, unknown>>(q);

describe('installing through OAuth', () => {
  it('/slack/install → Slack → /slack/oauth_redirect stores the workspace with its token sealed', async () => {
    const a = await start();
    const done = await install(a, fake, { team: 'T2', user: 'U2ADMIN' });

    // /slack/install: straight to Slack's consent page, with the app's scopes and a state kept in this browser.
    expect(done.start.status).toBe(302);
    const consent = new URL(done.authorizeUrl);
    expect(`${consent.origin}${consent.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(consent.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(consent.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
    expect(done.cookie).toBe(`slack-app-oauth-state=${done.approved.state}`);

    // Back from Slack: installed, and the page says what to do next.
    expect(done.end.status).toBe(200);
    expect(done.page).toContain('Lead vs Manage is now installed in <strong>Team Two</strong>.');
    expect(done.page).toContain('<code>/invite @lead-vs-manage</code>');
    const [exchange] = fake.calls('oauth.v2.access');
    expect(exchange?.args).toMatchObject({ client_id: CLIENT_ID, code: done.approved.code });
    const token = tokenOf(fake, 'T2');

    // The table holds the workspace, its bot and its URL in the clear, and the token only sealed.
    expect(
      await rows('SELECT team_id, enterprise_id, bot_user_id, bot_id, team_url, key_id FROM installations'),
    ).toEqual([
      {
        team_id: 'T2',
        enterprise_id: null,
        bot_user_id: 'UBOTT2',
        bot_id: 'BBOTT2',
        team_url: 'https://t2.slack.com/',
        key_id: 'k1',
      },
    ]);
    const everything = await everyRow(db.admin, db.schema);
    expect(everything).toContain('UBOTT2');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(5, 25)); // nor a piece of it
    const [row] = await rows('SELECT sealed, nonce FROM installations');
    expect(Buffer.from(row?.sealed as Uint8Array).includes(Buffer.from(token.slice(5)))).toBe(false);
    // …and the key of TOKEN_ENCRYPTION_KEY opens it again.
    const ring = parseKeyRing(KEY);
    if (!ring.ok) throw new Error(ring.problem);
    expect((await installationsTable(db.connect(), ring.ring).bot('T2'))?.token).toBe(token);

    // The workspace is served, with its own token.
    await a.command('T2', 'now', { channel_id: 'CT2' });
    const post = await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'CT2');
    expect(post.token).toBe(token);
    expect(answered(post).ok).toBe(true);

    // Nothing secret reached the log, at debug level (client secret, state secret, the key, the token).
    const logs = a.logs.join('');
    expect(logs).toContain('installed in workspace T2 (Team Two)');
    for (const secret of [CLIENT_SECRET, STATE_SECRET, KEY.slice(3), token])
      expect(logs).not.toContain(secret);
  });

  it('refuses a forged state, a replayed one, and one brought by another browser, before exchanging any code', async () => {
    const a = await start();
    // A state signed with another secret, in a matching cookie: forged.
    const first = await fetch(`${a.url}/slack/install`, { redirect: 'manual' });
    const real = fake.approveInstall(first.headers.get('location') ?? '', { team: 'T2' });
    const [header, , signature] = real.state.split('.');
    const forgedState = `${header}.${Buffer.from(JSON.stringify({ installOptions: { scopes: [] }, now: new Date() })).toString('base64url')}.${signature}`;
    const forged = await redirectBack(
      a,
      `?code=${real.code}&state=${forgedState}`,
      `slack-app-oauth-state=${forgedState}`,
    );
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('This install link has expired');

    // The real state, but from a browser without its cookie.
    const elsewhere = await redirectBack(a, real.query, '');
    expect(elsewhere.status).toBe(400);
    expect(fake.calls('oauth.v2.access')).toEqual([]);

    // The real state from its browser: installed. The same again (a replay, cookie and all): refused.
    const cookie = (first.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    expect((await redirectBack(a, real.query, cookie)).status).toBe(200);
    const again = fake.approveInstall(first.headers.get('location') ?? '', { team: 'T2' });
    const replay = await redirectBack(a, again.query, cookie);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('This install link has expired');
    expect(fake.calls('oauth.v2.access')).toHaveLength(1);
    expect(a.logs.join('')).toContain('an install did not complete');
  });

  it('a person who cancels on Slack is told nothing was installed', async () => {
    const a = await start();
    const done = await install(a, fake, { team: 'T2', cancel: true });
    expect(done.end.status).toBe(200);
    expect(done.page).toContain('Install cancelled');
    expect(await rows('SELECT team_id FROM installations')).toEqual([]);
  });
});

describe('Enterprise Grid', () => {
  it('an org-wide install is refused: token revoked, nothing stored, the page says to install per workspace', async () => {
    const a = await start();
    const done = await install(a, fake, { orgWide: { id: 'E1', name: 'Acme Grid' } });
    expect(done.end.status).toBe(403);
    expect(done.page).toContain(
      "Lead vs Manage can't be installed for all of <strong>Acme Grid</strong> at once",
    );
    expect(done.page).toContain('<a href="/slack/install">');
    const exchanged = fake.calls('oauth.v2.access')[0]?.response?.body as
      | { access_token?: string }
      | undefined;
    const orgToken = exchanged?.access_token;
    expect(orgToken).toMatch(/^xoxb-/);
    const revoke = await fake.waitFor('auth.revoke');
    expect(revoke.token).toBe(orgToken);
    expect(await rows('SELECT team_id FROM installations')).toEqual([]);
    expect(a.logs.join('')).toContain('refused an org-wide install for Acme Grid (E1); token revoked');

    // Requests of that org (authorized org-wide) find no installation.
    const orgWide = [
      { enterprise_id: 'E1', team_id: null, user_id: 'UB', is_bot: true, is_enterprise_install: true },
    ];
    const vote = await a.event('T5', reactionAdded({ user: 'U5', reaction: 'compass', ts: '1.1' }), {
      authorizations: orgWide,
    });
    expect(vote.status).toBe(200);
    expect(vote.body).toBe('');
  });

  it('a workspace of a Grid org installs by itself and keeps its enterprise id', async () => {
    const a = await start();
    const done = await install(a, fake, { team: 'T5' });
    expect(done.end.status).toBe(200);
    expect(await rows('SELECT team_id, enterprise_id FROM installations')).toEqual([
      { team_id: 'T5', enterprise_id: 'E1' },
    ]);
    await a.command('T5', 'now', { channel_id: 'C5', enterprise_id: 'E1', enterprise_name: 'Acme Grid' });
    const post = await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C5');
    expect(post.token).toBe(tokenOf(fake, 'T5'));
  });
});
