/**
 * The app installed through OAuth (SLACK_CLIENT_ID), running in this process on a PostgreSQL database (PGlite here,
 * the server under `npm run test:postgres`), against the Slack fake: a browser that installs it, and Slack's signed
 * requests from each workspace. Bolt, its installer, the front door and the listeners run for real.
 */
import { randomBytes } from 'node:crypto';
import { type RunningBot, startBot } from '../../src/bot.js';
import { loadConfig, secretsOf } from '../../src/config.js';
import { createLogger } from '../../src/slack/logger.js';
import type { TestDatabase } from '../store/pg-databases.js';
import {
  type EventEnvelopeOptions,
  eventBody,
  postSigned,
  type SignedResponse,
  type SlackEvent,
  type SlashCommandOptions,
  slashCommandBody,
} from '../support/signing.js';
import type { Approved, InstallApproval, SlackFake } from '../support/slack-fake.js';
import { SECRET } from './harness.js';

export const CLIENT_ID = '1234567890.9876543210';
export const CLIENT_SECRET = 'c0ffee00c0ffee11c0ffee22c0ffee33';
export const STATE_SECRET = 'a-state-secret-of-at-least-32-characters!';

/** A TOKEN_ENCRYPTION_KEY entry: `id:` and 32 random bytes in base64. */
export const newKey = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

export function distributionEnv(fake: SlackFake, key: string, extra: Record<string, string> = {}) {
  return {
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    TOKEN_ENCRYPTION_KEY: key,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    // Required with SLACK_CLIENT_ID; the test hands the app its database itself.
    DATABASE_URL: 'postgres://lvm@127.0.0.1:9/handed-in-by-the-test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    // These tests read one- and two-voter tallies, which the small-group rule would keep private.
    TALLY_MIN_VOTERS: '1',
    ...extra,
  };
}

export interface Distribution {
  bot: RunningBot;
  url: string;
  /** Every log line so far, scrubbed as in production. */
  logs: string[];
  /** A slash command from `team` (response_url on the fake). */
  command(team: string, text: string, o?: SlashCommandOptions): Promise<SignedResponse>;
  /** An event from `team`. */
  event(team: string, event: SlackEvent, o?: EventEnvelopeOptions): Promise<SignedResponse>;
  post(body: string): Promise<SignedResponse>;
  stop(): Promise<void>;
}

export async function startDistribution(
  fake: SlackFake,
  db: TestDatabase,
  env: Record<string, string>,
): Promise<Distribution> {
  const checked = loadConfig(env);
  if (!checked.ok) throw new Error(checked.problems.join('\n'));
  const logs: string[] = [];
  const scrubbing = createLogger({
    level: checked.config.logLevel,
    secrets: secretsOf(checked.config),
    sink: (line) => logs.push(line),
  });
  // At LOG_LEVEL=debug the tests see every line the app, Bolt, the installer and the Web API clients write
  // (request bodies included) after scrubbing.
  const bot = await startBot(checked.config, { logger: scrubbing, database: db.connect() });
  const url = `http://127.0.0.1:${bot.port}`;
  const events = `${url}/slack/events`;
  return {
    bot,
    url,
    logs,
    command: (team, text, o = {}) =>
      postSigned(events, slashCommandBody({ team_id: team, response_url: fake.responseUrl(), ...o, text }), {
        secret: SECRET,
      }),
    event: (team, event, o = {}) => {
      const ws = { team_id: team, bot_user_id: `UBOT${team}`, ...o };
      return postSigned(events, eventBody(event, ws), { secret: SECRET });
    },
    post: (body) => postSigned(events, body, { secret: SECRET }),
    stop: () => bot.stop(),
  };
}

export interface InstallResult {
  /** The first answer of /slack/install. */
  start: Response;
  /** Where it sent the browser: Slack's consent page. */
  authorizeUrl: string;
  /** The state cookie it set in the browser (`name=value`). */
  cookie: string;
  approved: Approved;
  /** The answer of /slack/oauth_redirect, and its page. */
  end: Response;
  page: string;
}

/** A person installs the app from its /slack/install page, in the browser they started it in. */
export async function install(
  app: { url: string },
  fake: SlackFake,
  approval: InstallApproval = {},
): Promise<InstallResult> {
  const start = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
  const authorizeUrl = start.headers.get('location') ?? '';
  const cookie = (start.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const approved = fake.approveInstall(authorizeUrl, approval);
  const end = await redirectBack(app, approved.query, cookie);
  return { start, authorizeUrl, cookie, approved, end, page: await end.clone().text() };
}

/** The browser comes back from Slack to /slack/oauth_redirect with `query`, sending `cookie`. */
export function redirectBack(app: { url: string }, query: string, cookie: string): Promise<Response> {
  return fetch(`${app.url}/slack/oauth_redirect${query}`, {
    headers: cookie ? { cookie } : {},
    redirect: 'manual',
  });
}

/** The bot token Slack handed out in the install's oauth.v2.access answer. */
export function tokenOf(fake: SlackFake, team: string): string {
  const tokens = fake
    .calls('oauth.v2.access')
    .map((c) => (c.response?.body as { access_token?: string } | undefined)?.access_token)
    .filter((t): t is string => typeof t === 'string' && fake.teamOfToken(t) === team);
  const token = tokens.at(-1);
  if (!token) throw new Error(`no token was handed out for ${team}`);
  return token;
}
