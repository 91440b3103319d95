/**
 * Step 2 of the composition root (src/bot.ts): the app in Slack. With one workspace (SLACK_BOT_TOKEN): who the bot
 * is (auth.test, asked again while Slack cannot be reached), the receiver and Bolt with that token. Installed
 * through OAuth (SLACK_CLIENT_ID): the installations in the database (every sealed token checked, and sealed
 * again under the current key), the receiver with Bolt's installer, and Bolt authorizing each request by its
 * workspace's installation. Either way: which workspaces are served and the clients to reach each.
 */
import { type App, type HTTPReceiver, type SocketModeReceiver, webApi } from '@slack/bolt';
import type { Background, Identity } from './app/deps.js';
import { installedWorkspaces } from './app/installed-workspaces.js';
import { singleWorkspace, type Workspaces } from './app/workspaces.js';
import type { Config } from './config.js';
import { notInstalledHandler } from './listeners/not-installed.js';
import { StartupError, whoAmI } from './slack/identity.js';
import type { Logger } from './slack/logger.js';
import { installerOptions } from './slack/oauth.js';
import { createApp, createReceiver } from './slack/receiver.js';
import type { Db } from './store/postgres/db.js';
import { installationsTable } from './store/postgres/installations.js';
import { plural } from './views/text.js';

export interface SlackConnection {
  app: App;
  receiver: HTTPReceiver | SocketModeReceiver;
  workspaces: Workspaces;
  /** The bot of SLACK_BOT_TOKEN; undefined when installed through OAuth. */
  identity: Identity | undefined;
}

export interface ConnectOptions {
  logger: Logger;
  /** Slack's Web API base URL, for messages. */
  apiUrl: string;
  /** SLACK_API_URL and the logger, for every Web API client. */
  clientOptions: webApi.WebClientOptions;
  background: Background;
  /** The store's PostgreSQL database (distribution mode keeps its installations there). */
  database: Db | undefined;
  signal?: AbortSignal;
  onWaiting(reason: string): void;
}

export async function connectSlack(config: Config, opts: ConnectOptions): Promise<SlackConnection> {
  const { logger, clientOptions } = opts;
  const auth = config.auth;
  if (auth.mode === 'single') {
    const askOnce = new webApi.WebClient(auth.botToken, {
      ...clientOptions,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 5000,
    });
    const identity = await whoAmI(askOnce, {
      apiUrl: opts.apiUrl,
      logger,
      signal: opts.signal,
      onWaiting: opts.onWaiting,
    });
    const receiver = createReceiver(config, logger, clientOptions);
    const app = createApp(config, logger, receiver, identity, clientOptions);
    // Prompts go out through a client that never re-sends by itself (see src/slack/post-once.ts).
    const postClient = new webApi.WebClient(auth.botToken, {
      ...clientOptions,
      retryConfig: { retries: 0 },
      timeout: 15_000,
    });
    return {
      app,
      receiver,
      identity,
      workspaces: singleWorkspace(identity, { client: app.client, postClient }),
    };
  }

  const db = opts.database;
  if (!db) throw new StartupError('SLACK_CLIENT_ID needs DATABASE_URL: installations are kept in PostgreSQL');
  const installations = installationsTable(db, auth.tokenKeys);
  let resealed: { resealed: number; from: string[] };
  try {
    resealed = await installations.reseal();
  } catch (e) {
    throw new StartupError(`TOKEN_ENCRYPTION_KEY: ${(e as Error).message}`);
  }
  if (resealed.resealed > 0) {
    logger.info(
      `sealed the bot tokens of ${plural(resealed.resealed, 'workspace')} again with key "${auth.tokenKeys.current}" ` +
        `(they were under ${resealed.from.map((id) => `"${id}"`).join(', ')}); once every instance runs with ` +
        'this TOKEN_ENCRYPTION_KEY, the older keys can be removed from it',
    );
  }
  const installer = installerOptions({ auth, installations, db, clientOptions, logger });
  const receiver = createReceiver(config, logger, clientOptions, installer);
  const app = createApp(config, logger, receiver, undefined, clientOptions);
  app.error(notInstalledHandler(logger, opts.background));
  return {
    app,
    receiver,
    identity: undefined,
    workspaces: installedWorkspaces(installations, clientOptions),
  };
}
