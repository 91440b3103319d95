/**
 * The composition root: builds the whole bot from a checked Config (prompts, store, Slack clients, Bolt app,
 * listeners, schedules, HTTP front door) and returns a handle whose stop() is the graceful shutdown.
 */
import type { RequestListener, Server } from 'node:http';
import { HTTPReceiver } from '@slack/bolt';
import { createBackground } from './app/deps.js';
import { loadPrompts, PROMPTS_DIR } from './app/prompt-files.js';
import { applyDefaultSchedule } from './app/schedules.js';
import { type Config, secretsOf } from './config.js';
import { connectSlack } from './connect-slack.js';
import { promptLibrary } from './domain/library.js';
import { type Scheduler, startScheduler } from './jobs/scheduler.js';
import { registerListeners } from './listeners/index.js';
import { createFrontDoor } from './slack/front-door.js';
import { DEFAULT_API_URL } from './slack/identity.js';
import { createLogger, type Logger } from './slack/logger.js';
import { INSTALL_PATH, REDIRECT_PATH } from './slack/oauth.js';
import { COMMAND } from './slack/surface.js';
import { connectDatabase, openChosenStore } from './store/choose.js';
import type { OpenStoreOptions } from './store/file-store.js';
import type { Db } from './store/postgres/db.js';
import { buildUseCases, type PostTiming } from './use-cases.js';

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
  /** With DATABASE_URL: this database instead of a connection to the URL (tests run PGlite in the process). */
  database?: Db;
  /** How posts and summaries retry and look again (tests shorten the waits; defaults in src/slack/post-once.ts). */
  postTiming?: PostTiming;
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
  const log = (m: string) => logger.info(m);
  const connections =
    config.databaseUrl === undefined
      ? undefined
      : opts.database
        ? { db: opts.database }
        : connectDatabase(config.databaseUrl, log);
  const database = connections?.db;
  const store = await openChosenStore(config, { log, fileOptions: opts.storeOptions, database: connections });
  const apiUrl = config.slackApiUrl ?? DEFAULT_API_URL;
  const distribution = config.auth.mode === 'distribution';

  // What /healthz reports; filled in as start-up goes.
  let stopping = false;
  let waitingFor: string | undefined = distribution
    ? 'opening the installations'
    : `asking Slack's API at ${apiUrl} who the bot is`;
  let boltListener: RequestListener | undefined;
  let scheduler: Scheduler | undefined;
  const server = createFrontDoor({
    slack: config.socketMode ? undefined : () => boltListener,
    // Installed through OAuth: the browser's GETs of the install pages go to Bolt's installer too.
    pages: distribution ? [INSTALL_PATH, REDIRECT_PATH] : [],
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
    logger.info(`listening on port ${port}; ${waitingFor}`);

    // 2. Slack: who we are or where we are installed, the receiver, Bolt, each workspace's clients.
    const background = createBackground(logger);
    const { app, receiver, workspaces, identity } = await connectSlack(config, {
      logger,
      apiUrl,
      clientOptions: { slackApiUrl: config.slackApiUrl, logger },
      background,
      database,
      signal: opts.signal,
      onWaiting: (reason) => {
        waitingFor = reason;
      },
    });
    waitingFor = distribution
      ? 'starting the listeners and the schedules'
      : 'Slack answered; starting the listeners and the schedules';

    // 3. The use cases, and the listeners that call them.
    const { deps, post, close, bots } = buildUseCases(config, {
      store,
      library,
      workspaces,
      identity,
      background,
      logger,
      now,
      scheduleChanged: (team, channel) => scheduler?.changed(team, channel),
      postTiming: opts.postTiming,
    });
    registerListeners(app, deps);

    // 4. Schedules (PROMPT_CHANNEL's is for the one workspace of SLACK_BOT_TOKEN).
    if (identity) await applyDefaultSchedule(deps, config, identity.teamId);
    const running = startScheduler({
      store,
      coordination: store.coordination,
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
