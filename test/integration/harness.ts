/** Starting the real app against the Slack fake, and talking to it the way Slack does. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type AppProcess, startApp, stopAllApps, tmpDir } from '../support/app-process.js';
import {
  type EventEnvelopeOptions,
  eventBody,
  postSigned,
  type SignedResponse,
  type SlackEvent,
  type SlashCommandOptions,
  slashCommandBody,
} from '../support/signing.js';
import {
  type SlackCall,
  type SlackFake,
  type SlackFakeOptions,
  startSlackFake,
} from '../support/slack-fake.js';

export const SECRET = '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, 'e');
export const BOT_TOKEN = 'xoxb-test-1234567890-abcdefghijklmnop';

/**
 * The environment the app runs with in tests: HTTP mode against the fake on a free port of 127.0.0.1,
 * with its store at `dbFile`. `extra` adds or overrides (an undefined value removes a variable).
 */
export function appEnv(
  fake: { url: string },
  dbFile: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    PORT: '0',
    HOST: '127.0.0.1',
    DB_FILE: dbFile,
    ...extra,
  };
}

export interface Running {
  proc: AppProcess;
  dir: string;
  dbFile: string;
  command(text: string, o?: SlashCommandOptions): Promise<SignedResponse>;
  event(event: SlackEvent, o?: EventEnvelopeOptions & { retryNum?: number }): Promise<SignedResponse>;
  post(body: string, opts?: Parameters<typeof postSigned>[2]): Promise<SignedResponse>;
  /** The store's snapshot and journal, as text (what is on disk). */
  disk(): string;
}

export async function launch(
  fake: SlackFake,
  opts: { env?: Record<string, string | undefined>; dir?: string } = {},
): Promise<Running> {
  const dir = opts.dir ?? tmpDir();
  const dbFile = join(dir, 'db.json');
  const proc = startApp({ env: appEnv(fake, dbFile, { LOG_LEVEL: 'debug', ...opts.env }) });
  const { url } = await proc.ready;
  const endpoint = `${url}/slack/events`;
  return {
    proc,
    dir,
    dbFile,
    command: (text, o = {}) =>
      postSigned(endpoint, slashCommandBody({ response_url: fake.responseUrl(), ...o, text }), {
        secret: SECRET,
      }),
    event: (event, o = {}) =>
      postSigned(endpoint, eventBody(event, o), { secret: SECRET, retryNum: o.retryNum }),
    post: (body, o = { secret: SECRET }) => postSigned(endpoint, body, o),
    // Every file of the store: the snapshot file, its segment files, the journal and `.bak`.
    disk: () =>
      readdirSync(dir)
        .filter((name) => name.startsWith('db.json'))
        .map((name) => safeRead(join(dir, name)))
        .join('\n'),
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The ephemeral text a command answered with (its HTTP response body). */
export function replyText(res: SignedResponse): string {
  if (res.body === '') return '';
  const body = res.json<{ text?: string; blocks?: unknown[]; response_type?: string }>();
  return [body.text ?? '', JSON.stringify(body.blocks ?? [])].join('\n');
}

/** What the fake answered a call with. */
export function answered(call: SlackCall): { ok?: boolean; ts?: string; error?: string } {
  return (call.response?.body ?? {}) as { ok?: boolean; ts?: string; error?: string };
}

/** The prompt id a posted prompt carries in its metadata. */
export function promptIdOf(call: SlackCall): string {
  return (call.args.metadata as { event_payload: { prompt_id: string } }).event_payload.prompt_id;
}

/**
 * One Slack fake for the enclosing file or describe block: started before its tests, every app stopped and
 * the fake reset after each test, closed at the end. `use` receives it.
 */
export function useSlackFake(use: (fake: SlackFake) => void, opts?: SlackFakeOptions): void {
  let fake: SlackFake | undefined;
  beforeAll(async () => {
    fake = await startSlackFake(opts);
    use(fake);
  });
  afterEach(async () => {
    await stopAllApps();
    fake?.reset();
  });
  afterAll(async () => {
    await fake?.close();
  });
}
