/**
 * Builds and starts the whole bot from a checked Config: prompts, store, Bolt app, listeners,
 * schedules, HTTP front door. Returns a handle whose stop() is the graceful shutdown.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { createCloser } from './closing.js';
import type { Config } from './config.js';
import { createBackground, type Deps, type Identity } from './deps.js';
import { promptLibrary } from './domain/library.js';
import { loadPrompts } from './domain/prompts.js';
import { createFrontDoor } from './http.js';
import { startScheduler } from './jobs/scheduler.js';
import { registerListeners } from './listeners/index.js';
import { createLogger, type Logger } from './logger.js';
import { createPoster, describe } from './posting.js';
import { COMMAND } from './slack-surface.js';
import { type OpenStoreOptions, openStore } from './store/file-store.js';
import type { Store } from './store/store.js';
import { botDirectory } from './users.js';

export const PROMPTS_DIR = fileURLToPath(new URL('../prompts', import.meta.url));

export interface RunningBot {
  port: number;
  stop(): Promise<void>;
}

export class StartupError extends Error {}

async function whoAmI(client: webApi.WebClient): Promise<Identity> {
  try {
    const me = await client.auth.test();
    if (!me.user_id || !me.team_id) throw new Error('auth.test returned no user_id/team_id');
    return { teamId: me.team_id, botUserId: me.user_id, botId: me.bot_id ?? '', teamUrl: me.url };
  } catch (error) {
    throw new StartupError(`SLACK_BOT_TOKEN was not accepted by Slack (auth.test: ${describe(error)})`);
  }
}

/** PROMPT_CHANNEL's schedule follows PROMPT_CRON/PROMPT_TZ at every start, unless set in Slack with `schedule`. */
async function applyDefaultSchedule(config: Config, store: Store, teamId: string, now: Date): Promise<void> {
  if (!config.promptChannel) return;
  const current = store.schedule(teamId, config.promptChannel);
  if (current?.origin === 'command') return;
  if (current && current.cron === config.promptCron && current.tz === config.promptTz) return;
  await store.commit([
    {
      type: 'schedule',
      schedule: {
        team: teamId,
        channel: config.promptChannel,
        cron: config.promptCron,
        tz: config.promptTz,
        paused: current?.paused ?? false,
        origin: 'default',
        since: now.toISOString(),
        ...(current?.lastSlot ? { lastSlot: current.lastSlot } : {}),
      },
    },
  ]);
}

/**
 * In Socket Mode Bolt acknowledges an event before its listeners run. Hold that acknowledgement until the
 * listeners are done, as HTTP mode does with processBeforeResponse, so a vote is on disk before Slack is
 * told it arrived; a listener that fails leaves the envelope unacknowledged and Slack sends it again.
 */
function ackAfterListeners(app: App): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event) => {
    let acked: { response?: Parameters<typeof event.ack>[0] } | undefined;
    await processEvent({
      ...event,
      ack: async (response) => {
        acked = { response };
      },
    });
    if (acked) await event.ack(acked.response);
  };
}

export interface StartOptions {
  logger?: Logger;
  now?: () => Date;
  /** Store tuning, and in tests a file layer that fails on purpose. */
  storeOptions?: OpenStoreOptions;
}

export async function startBot(config: Config, opts: StartOptions = {}): Promise<RunningBot> {
  const logger =
    opts.logger ??
    createLogger({
      level: config.logLevel,
      secrets: [config.botToken, config.signingSecret, config.appToken],
    });
  const now = opts.now ?? (() => new Date());

  const library = promptLibrary(loadPrompts(PROMPTS_DIR));
  mkdirSync(dirname(resolve(config.dbFile)), { recursive: true });
  const store = await openStore(config.dbFile, { log: (m) => logger.info(m), ...opts.storeOptions });

  let server: Server | undefined;
  let scheduler: ReturnType<typeof startScheduler> | undefined;
  try {
    const clientOptions = { slackApiUrl: config.slackApiUrl, logger };
    const client = new webApi.WebClient(config.botToken, clientOptions);
    const identity = await whoAmI(client);

    const receiver = config.socketMode
      ? // A copy: the Socket Mode client writes its own retry policy (100 retries) into the options it is given.
        new SocketModeReceiver({
          appToken: config.appToken ?? '',
          logger,
          installerOptions: { clientOptions: { ...clientOptions } },
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret ?? '',
          logger,
          // The listener's durable store write happens before Slack gets its 200; slow work runs after.
          processBeforeResponse: true,
          // A signed request no listener acknowledges (an old button, say) gets a quiet 200 after 1 s, not a 404 after 3.
          unhandledRequestTimeoutMillis: 1000,
          unhandledRequestHandler: ({ logger: log, response }) => {
            log.warn('a request no listener acknowledged was answered 200 and ignored');
            if (!response.headersSent) response.writeHead(200).end();
          },
        });
    const app = new App({
      token: config.botToken,
      botId: identity.botId,
      botUserId: identity.botUserId,
      receiver,
      // Bolt's conversation store is not used (the app keeps its state in the store); it costs every event.
      convoStore: false,
      socketMode: config.socketMode,
      logger,
      clientOptions: { ...clientOptions },
    });

    if (config.socketMode) ackAfterListeners(app);

    const background = createBackground(logger);
    const close = createCloser({ client: app.client, store, library, logger, now });
    // Prompts go out through a client that never re-sends by itself (see src/post-once.ts).
    const postClient = new webApi.WebClient(config.botToken, {
      ...clientOptions,
      retryConfig: { retries: 0 },
      timeout: 15_000,
    });
    const post = createPoster({ client: app.client, postClient, store, library, logger, now, close });
    const bots = botDirectory(app.client, identity.botUserId, logger);
    const deps: Deps = {
      config,
      store,
      library,
      client: app.client,
      logger,
      post,
      background,
      identity,
      bots,
      now,
    };
    registerListeners(app, deps);

    await applyDefaultSchedule(config, store, identity.teamId, now());
    scheduler = startScheduler({
      store,
      post,
      logger,
      now,
      catchupMs: config.catchupMs,
      closeAfterMs: config.closeAfterMs,
      close,
      teams: () => [identity.teamId],
    });

    let stopping = false;
    server = createFrontDoor({
      slack: receiver instanceof HTTPReceiver ? receiver.requestListener : undefined,
      command: COMMAND,
      signingSecret: config.signingSecret,
      logger,
      health: () => ({
        ok: !stopping && (scheduler?.running ?? false),
        mode: config.socketMode ? 'socket' : 'http',
        store: stopping ? 'closed' : 'loaded',
        schedules: scheduler?.running ? 'running' : 'stopped',
        writes: { ...store.stats() },
      }),
    });
    const listening = server;
    await new Promise<void>((ok, fail) => {
      listening.once('error', fail);
      listening.listen(config.port, config.host, () => ok());
    });
    if (config.socketMode) await app.start();

    const address = listening.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      `lead-vs-manage ready on port ${port} (${config.socketMode ? 'socket mode' : 'http mode'}), ` +
        `${library.all.length} prompts, ${store.schedules().length} schedules`,
    );

    const running = scheduler;
    return {
      port,
      async stop() {
        if (stopping) return;
        stopping = true;
        await running.stop();
        await new Promise<void>((ok) => listening.close(() => ok()));
        listening.closeAllConnections?.();
        await bots.stop();
        await background.drain();
        if (config.socketMode) await app.stop();
        await store.close();
        logger.info('lead-vs-manage stopped: schedules stopped, store flushed');
      },
    };
  } catch (error) {
    await scheduler?.stop();
    server?.close();
    await store.close();
    throw error;
  }
}
