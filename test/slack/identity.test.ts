/** whoAmI at start-up: a refused token stops at once, anything that may pass is asked again with backoff. */
import { webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StartupCancelled, StartupError, whoAmI } from '../../src/slack/identity.js';
import { createLogger } from '../../src/slack/logger.js';
import { type SlackFake, startSlackFake } from '../support/slack-fake.js';

let fake: SlackFake;
beforeAll(async () => {
  fake = await startSlackFake();
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

const quiet = () => undefined;
const logger = {
  ...createLogger({ level: 'error', secrets: [] }),
  debug: quiet,
  info: quiet,
  warn: quiet,
  error: quiet,
};
const client = () =>
  new webApi.WebClient('xoxb-test', {
    slackApiUrl: fake.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger,
  });
const ask = (onWaiting?: (reason: string) => void, signal?: AbortSignal) =>
  whoAmI(client(), { apiUrl: fake.url, logger, firstDelayMs: 10, onWaiting, signal });

describe('whoAmI', () => {
  it.each(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked'])(
    '%s stops start-up at once, naming SLACK_BOT_TOKEN',
    async (code) => {
      fake.failNext('auth.test', { error: code });
      const failure = ask();
      await expect(failure).rejects.toBeInstanceOf(StartupError);
      await expect(failure).rejects.toThrow(new RegExp(`SLACK_BOT_TOKEN .*${code}`));
      expect(fake.calls('auth.test')).toHaveLength(1);
    },
  );

  it.each([
    ['a 5xx', { status: 502 }, /HTTP 502/],
    ['a dropped connection', { drop: true }, /cannot be reached \(.+\)/],
    ['Slack’s own fatal_error', { error: 'fatal_error' }, /fatal_error/],
    [
      'a rate limit',
      { status: 429, retryAfter: 0 },
      /asks the app to wait \(rate limited, Retry-After 0 s\)/,
    ],
  ])('%s is asked again, with the reason told', async (_name, fault, reason) => {
    fake.failNext('auth.test', fault, 2);
    const reasons: string[] = [];
    const me = await ask((r) => reasons.push(r));
    expect(me).toMatchObject({ teamId: fake.teamId, botUserId: fake.botUserId });
    expect(fake.calls('auth.test')).toHaveLength(3);
    expect(reasons).toHaveLength(2);
    for (const r of reasons) expect(r).toMatch(reason);
    expect(reasons[0]).toContain(fake.url);
  });

  it('stops waiting when start-up is cancelled', async () => {
    fake.failNext('auth.test', { status: 503 }, Number.POSITIVE_INFINITY);
    const stop = new AbortController();
    const asked = ask(() => stop.abort(), stop.signal);
    await expect(asked).rejects.toBeInstanceOf(StartupCancelled);
  });
});
