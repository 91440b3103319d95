/**
 * The Slack fake's installs, driven by the real Web API client: oauth.v2.access refuses what Slack refuses (unknown
 * client, wrong secret, a code used twice or never issued, another redirect_uri) and answers what Slack answers;
 * each workspace's token sees only that workspace.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackFake, startSlackFake } from './slack-fake.js';

const CLIENT = { clientId: '111.222', clientSecret: 'abcdef0123456789abcdef0123456789' };
let fake: SlackFake;
const noRetry = { retryConfig: { retries: 0 } };

beforeAll(async () => {
  fake = await startSlackFake({ oauth: CLIENT });
  fake.addWorkspace({ teamId: 'T2', teamName: 'Team Two', enterprise: { id: 'E1', name: 'Grid' } });
});
afterAll(() => fake.close());

const consent = (extra = '') =>
  `https://slack.com/oauth/v2/authorize?scope=chat:write,commands&state=s1&client_id=${CLIENT.clientId}${extra}`;

async function exchange(args: Record<string, string | undefined>): Promise<Record<string, unknown>> {
  const client = new WebClient(undefined, { slackApiUrl: fake.url, ...noRetry });
  try {
    return (await client.apiCall('oauth.v2.access', args)) as unknown as Record<string, unknown>;
  } catch (e) {
    return (e as { data: Record<string, unknown> }).data;
  }
}

describe('the fake: installs', () => {
  it("answers oauth.v2.access like Slack's documented example, once per code", async () => {
    const approved = fake.approveInstall(consent(), { team: 'T2', user: 'U9' });
    expect(approved.query).toBe(`?code=${approved.code}&state=s1`);
    const args = { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code: approved.code };
    const answer = await exchange(args);
    expect(answer).toMatchObject({
      ok: true,
      access_token: expect.stringMatching(/^xoxb-/),
      token_type: 'bot',
      scope: 'chat:write,commands',
      bot_user_id: 'UBOTT2',
      app_id: 'A0LVM',
      team: { id: 'T2', name: 'Team Two' },
      enterprise: { id: 'E1', name: 'Grid' },
      is_enterprise_install: false,
      authed_user: { id: 'U9' },
    });
    expect(await exchange(args)).toMatchObject({ ok: false, error: 'invalid_code' });
    const me = await new WebClient(answer.access_token as string, { slackApiUrl: fake.url }).auth.test();
    expect(me).toMatchObject({
      team_id: 'T2',
      user_id: 'UBOTT2',
      enterprise_id: 'E1',
      url: 'https://t2.slack.com/',
    });
  });

  it('refuses an unknown client, a wrong secret, a made-up code and another redirect_uri; takes HTTP Basic auth', async () => {
    const code = () => fake.approveInstall(consent('&redirect_uri=https%3A%2F%2Fapp%2Fback')).code;
    const good = {
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      redirect_uri: 'https://app/back',
    };
    expect(await exchange({ ...good, code: code(), client_id: '999.999' })).toMatchObject({
      error: 'invalid_client_id',
    });
    expect(await exchange({ ...good, code: code(), client_secret: 'nope' })).toMatchObject({
      error: 'bad_client_secret',
    });
    expect(await exchange({ ...good, code: 'made-up' })).toMatchObject({ error: 'invalid_code' });
    expect(await exchange({ ...good, code: code(), redirect_uri: 'https://elsewhere' })).toMatchObject({
      error: 'bad_redirect_uri',
    });
    const basic = Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64');
    const client = new WebClient(undefined, {
      slackApiUrl: fake.url,
      headers: { Authorization: `Basic ${basic}` },
      ...noRetry,
    });
    expect(
      await client.apiCall('oauth.v2.access', { code: code(), redirect_uri: 'https://app/back' }),
    ).toMatchObject({ ok: true });
    expect(() => fake.approveInstall(consent().replace(CLIENT.clientId, '999.999'))).toThrow('client_id');
  });

  it("answers an org-wide install with team null; a token finds no other workspace's channel", async () => {
    const org = fake.approveInstall(consent(), { orgWide: { id: 'E1', name: 'Grid' } });
    const answer = await exchange({
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      code: org.code,
    });
    expect(answer).toMatchObject({ team: null, enterprise: { id: 'E1' }, is_enterprise_install: true });
    const me = await new WebClient(answer.access_token as string, { slackApiUrl: fake.url }).auth.test();
    expect(me).toMatchObject({ is_enterprise_install: true, enterprise_id: 'E1' });

    const t2 = fake.approveInstall(consent(), { team: 'T2' });
    const token = (
      await exchange({
        ...CLIENT,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        code: t2.code,
      })
    ).access_token as string;
    const home = new WebClient('xoxb-home-workspace', { slackApiUrl: fake.url, ...noRetry });
    await home.chat.postMessage({ channel: 'CHOME', text: 'hello' });
    const other = new WebClient(token, { slackApiUrl: fake.url, ...noRetry });
    await expect(other.chat.postMessage({ channel: 'CHOME', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    const posted = await other.chat.postMessage({ channel: 'CT2', text: 'in T2' });
    expect(posted.message).toMatchObject({ team: 'T2', user: 'UBOTT2', bot_id: 'BBOTT2' });
    expect(fake.teamOfToken(token)).toBe('T2');
    await other.auth.revoke();
    await expect(other.auth.test()).rejects.toMatchObject({ data: { error: 'token_revoked' } });
  });
});
