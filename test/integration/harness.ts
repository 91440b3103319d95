/**
 * Starting the real app against the Slack fake, and talking to it the way Slack does. `launch` runs it in the test's
 * process (startBot, as src/app.ts does); `launchProcess` runs `src/app.ts` as a child process, for what needs one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type InProcessOptions, startAppInProcess } from '../support/app-in-process.js';
import type { RunningApp } from '../support/app-output.js';
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

export interface Running<P extends RunningApp = RunningApp> {
  /** The app's output and its stop (a child process's handle, or the same for an app in this process). */
  proc: P;
  dir: string;
  dbFile: string;
  command(text: string, o?: SlashCommandOptions): Promise<SignedResponse>;
  event(event: SlackEvent, o?: EventEnvelopeOptions & { retryNum?: number }): Promise<SignedResponse>;
  post(body: string, opts?: Parameters<typeof postSigned>[2]): Promise<SignedResponse>;
  /** The store's snapshot and journal, as text (what is on disk). */
  disk(): string;
}

export interface LaunchOptions {
  env?: Record<string, string | undefined>;
  /** The store's directory (default: a fresh one); a restart passes the directory of the app before. */
  dir?: string;
}

/** The app in this process, on the store in `dir`, at LOG_LEVEL=debug unless `env` says otherwise. */
export async function launch(
  fake: SlackFake,
  opts: LaunchOptions & { now?: () => Date; start?: InProcessOptions['start'] } = {},
): Promise<Running> {
  const dir = opts.dir ?? tmpDir();
  const dbFile = join(dir, 'db.json');
  const proc = startAppInProcess({
    env: appEnv(fake, dbFile, { LOG_LEVEL: 'debug', ...opts.env }),
    now: opts.now,
    start: opts.start,
  });
  return running(fake, proc, dir, dbFile, (await proc.ready).url);
}

/**
 * The app as a child process (`node --import tsx src/app.ts`): for what needs a real process (SIGKILL, SIGTERM, the
 * store's lock against another process, start-up failures that exit).
 */
export async function launchProcess(fake: SlackFake, opts: LaunchOptions = {}): Promise<Running<AppProcess>> {
  const dir = opts.dir ?? tmpDir();
  const dbFile = join(dir, 'db.json');
  const proc = startApp({ env: appEnv(fake, dbFile, { LOG_LEVEL: 'debug', ...opts.env }) });
  return running(fake, proc, dir, dbFile, (await proc.ready).url);
}

function running<P extends RunningApp>(
  fake: SlackFake,
  proc: P,
  dir: string,
  dbFile: string,
  url: string,
): Running<P> {
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

/** What /healthz reports: the scheduler's completed ticks and the store's write counters among the rest. */
export async function healthOf(
  app: Running,
): Promise<{ ticks: number; writes: { journalWrites: number; folds: number } }> {
  const res = await fetch(`${app.proc.url}/healthz`);
  return (await res.json()) as { ticks: number; writes: { journalWrites: number; folds: number } };
}

const ticksOf = async (app: Running) => (await healthOf(app)).ticks;

/**
 * Resolves once the app's scheduler has completed `n` more ticks than when called (read from /healthz): the tick
 * under way at the call has ended and `n - 1` whole ticks started after it. A tick runs every due schedule, the
 * posts it starts and, at least once a second, the closing of overdue prompts, so this is the positive signal that
 * what the schedules would have done by now has been done (instead of a sleep, which passes vacuously when slow).
 */
export async function ticksPass(app: Running, n = 2, timeoutMs = 15_000): Promise<void> {
  const target = (await ticksOf(app)) + n;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ticks = await ticksOf(app);
    if (ticks >= target) return;
    if (Date.now() > deadline)
      throw new Error(`the scheduler ticked ${ticks} times, not ${target}, in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
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
