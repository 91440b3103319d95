/**
 * The composition root: builds the whole bot from a checked Config (prompts, store, Slack clients, Bolt app,
 * listeners, schedules, HTTP front door) and returns a handle whose stop() is the graceful shutdown.
 */
import type { RequestListener, Server } from 'node:http';
import { HTTPReceiver, webApi } from '@slack/bolt';
import { botDirectory } from './app/bot-directory.js';
import { createCloser } from './app/closing.js';
import { createBackground, type Deps } from './app/deps.js';
import { createPoster } from './app/posting.js';
import { loadPrompts, PROMPTS_DIR } from './app/prompt-files.js';
import { applyDefaultSchedule } from './app/schedules.js';
import { singleWorkspace } from './app/workspaces.js';
import { type Config, secretsOf } from './config.js';
import { promptLibrary } from './domain/library.js';
import { type Scheduler, startScheduler } from './jobs/scheduler.js';
import { registerListeners } from './listeners/index.js';
import { createFrontDoor } from './slack/front-door.js';
import { DEFAULT_API_URL, whoAmI } from './slack/identity.js';
import { createLogger, type Logger } from './slack/logger.js';
import { createApp, createReceiver } from './slack/receiver.js';
import { COMMAND } from './slack/surface.js';
import { openChosenStore } from './store/choose.js';
import type { OpenStoreOptions } from './store/file-store.js';

export interface RunningBot {
  port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  now?: () => Date;
  /** File store tuning, and in tests a file layer that fails on purpose. */
  storeOptions?: OpenStoreOptions;
  /** Aborted (SIGTERM) while start-up waits for Slack: startBot closes what it opened and throws StartupCancelled. */
  signal?: AbortSignal;
}

export async function startBot(config: Config, opts: StartOptions = {}): Promise<RunningBot> {
  const logger =
    opts.logger ??
    createLogger({
      level: config.logLevel,
      secrets: secretsOf(config),
    });
  const now = opts.now ?? (() => new Date());
  const library = promptLibrary(loadPrompts(PROMPTS_DIR));
  const store = await openChosenStore(config, { log: (m) => logger.info(m), fileOptions: opts.storeOptions });
  const apiUrl = config.slackApiUrl ?? DEFAULT_API_URL;

  // What /healthz reports; filled in as start-up goes.
  let stopping = false;
  let waitingFor: string | undefined = `asking Slack's API at ${apiUrl} who the bot is`;
  let boltListener: RequestListener | undefined;
  let scheduler: Scheduler | undefined;
  const server = createFrontDoor({
    slack: config.socketMode ? undefined : () => boltListener,
    command: COMMAND,
    signingSecret: config.signingSecret,
    logger,
    health: () => ({
      ok: !stopping && waitingFor === undefined && !!scheduler?.running,
      mode: config.socketMode ? 'socket' : 'http',
      store: stopping ? 'closed' : 'loaded',
      schedules: scheduler?.running ? 'running' : 'stopped',
      ticks: scheduler?.ticks ?? 0,
      slack: waitingFor === undefined ? 'connected' : 'connecting',
      ...(waitingFor === undefined ? {} : { reason: waitingFor }),
      writes: { ...store.stats() },
    }),
  });
  try {
    // 1. The front door first, so /healthz answers (503, with the reason) while Slack is out of reach.
    const port = await listen(server, config.port, config.host);
    logger.info(`listening on port ${port}; asking Slack's API at ${apiUrl} who the bot is`);

    // 2. Slack: who we are (asked again with backoff while Slack cannot be reached), the receiver, Bolt.
    const clientOptions = { slackApiUrl: config.slackApiUrl, logger };
    const askOnce = new webApi.WebClient(config.botToken, {
      ...clientOptions,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 5000,
    });
    const identity = await whoAmI(askOnce, {
      apiUrl,
      logger,
      signal: opts.signal,
      onWaiting: (reason) => {
        waitingFor = reason;
      },
    });
    waitingFor = 'Slack answered; starting the listeners and the schedules';
    const receiver = createReceiver(config, logger, clientOptions);
    const app = createApp(config, logger, receiver, identity, clientOptions);

    // 3. The use cases' dependencies, and the listeners that call them.
    const background = createBackground(logger);
    // Prompts and summaries go out through a client that never re-sends by itself (see src/slack/post-once.ts).
    const postClient = new webApi.WebClient(config.botToken, {
      ...clientOptions,
      retryConfig: { retries: 0 },
      timeout: 15_000,
    });
    const close = createCloser({
      postClient,
      store,
      library,
      logger,
      now,
      broadcast: config.closeBroadcast,
    });
    const { coordination } = store;
    const post = createPoster({
      client: app.client,
      postClient,
      store,
      coordination,
      library,
      logger,
      now,
      close,
    });
    const bots = botDirectory(app.client, identity.botUserId, logger);
    // One workspace per bot token; OAuth installs would hand in their installation store here.
    const workspaces = singleWorkspace(identity.teamId);
    const deps: Deps = {
      config,
      store,
      coordination,
      library,
      client: app.client,
      logger,
      post,
      background,
      identity,
      workspaces,
      bots,
      now,
    };
    registerListeners(app, deps);

    // 4. Schedules.
    await applyDefaultSchedule(deps, config, identity.teamId);
    const running = startScheduler({
      store,
      coordination,
      post,
      unsettled: post.unsettled,
      logger,
      now,
      catchupMs: config.catchupMs,
      closeAfterMs: config.closeAfterMs,
      close,
      teams: () => workspaces.installed(),
    });
    scheduler = running;

    // 5. Events reach Bolt: through the front door in HTTP mode, over Socket Mode's connection otherwise.
    if (receiver instanceof HTTPReceiver) boltListener = receiver.requestListener;
    if (config.socketMode) await app.start();
    waitingFor = undefined;
    logger.info(
      `lead-vs-manage ready on port ${port} (${config.socketMode ? 'socket mode' : 'http mode'}), ` +
        `${library.all.length} prompts, ${(await store.schedules()).length} schedules`,
    );

    return {
      port,
      async stop() {
        if (stopping) return;
        stopping = true;
        await running.stop();
        await post.unsettled.stop();
        await new Promise<void>((ok) => server.close(() => ok()));
        server.closeAllConnections?.();
        await bots.stop();
        await background.drain();
        if (config.socketMode) await app.stop();
        await store.close();
        logger.info('lead-vs-manage stopped: schedules stopped, store flushed');
      },
    };
  } catch (error) {
    stopping = true;
    await scheduler?.stop();
    server.close();
    server.closeAllConnections?.();
    await store.close();
    throw error;
  }
}

/** Listens on port (0: any free port) and resolves with the port taken. */
async function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}
