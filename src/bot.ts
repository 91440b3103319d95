/**
 * The composition root: builds the whole bot from a checked Config (prompts, store, Slack clients, Bolt app,
 * listeners, schedules, HTTP front door) and returns a handle whose stop() is the graceful shutdown.
 */
import type { Server } from 'node:http';
import { HTTPReceiver, webApi } from '@slack/bolt';
import { botDirectory } from './app/bot-directory.js';
import { createCloser } from './app/closing.js';
import { createBackground, type Deps } from './app/deps.js';
import { createPoster } from './app/posting.js';
import { loadPrompts, PROMPTS_DIR } from './app/prompt-files.js';
import { applyDefaultSchedule } from './app/schedules.js';
import { type Config, secretsOf } from './config.js';
import { promptLibrary } from './domain/library.js';
import { startScheduler } from './jobs/scheduler.js';
import { registerListeners } from './listeners/index.js';
import { createFrontDoor } from './slack/front-door.js';
import { whoAmI } from './slack/identity.js';
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

  let server: Server | undefined;
  let scheduler: ReturnType<typeof startScheduler> | undefined;
  try {
    // 1. Slack: who we are, then the receiver and the Bolt app.
    const clientOptions = { slackApiUrl: config.slackApiUrl, logger };
    const identity = await whoAmI(new webApi.WebClient(config.botToken, clientOptions));
    const receiver = createReceiver(config, logger, clientOptions);
    const app = createApp(config, logger, receiver, identity, clientOptions);

    // 2. The use cases' dependencies, and the listeners that call them.
    const background = createBackground(logger);
    const close = createCloser({ client: app.client, store, library, logger, now });
    // Prompts go out through a client that never re-sends by itself (see src/slack/post-once.ts).
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

    // 3. Schedules.
    await applyDefaultSchedule(deps, config, identity.teamId);
    const running = startScheduler({
      store,
      post,
      logger,
      now,
      catchupMs: config.catchupMs,
      closeAfterMs: config.closeAfterMs,
      close,
      teams: () => [identity.teamId],
    });
    scheduler = running;

    // 4. The HTTP front door (events in HTTP mode, /healthz in both), then Socket Mode's connection.
    let stopping = false;
    const listening = createFrontDoor({
      slack: receiver instanceof HTTPReceiver ? receiver.requestListener : undefined,
      command: COMMAND,
      signingSecret: config.signingSecret,
      logger,
      health: () => ({
        ok: !stopping && running.running,
        mode: config.socketMode ? 'socket' : 'http',
        store: stopping ? 'closed' : 'loaded',
        schedules: running.running ? 'running' : 'stopped',
        writes: { ...store.stats() },
      }),
    });
    server = listening;
    const port = await listen(listening, config.port, config.host);
    if (config.socketMode) await app.start();
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

/** Listens on port (0: any free port) and resolves with the port taken. */
async function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}
