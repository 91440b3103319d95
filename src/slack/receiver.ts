/**
 * Bolt's receiver for the configured mode, and the Bolt App around it. With one workspace (SLACK_BOT_TOKEN) Bolt
 * authorizes every request with that token; installed through OAuth (`installer`), the receiver also serves the
 * install pages and Bolt authorizes each request with its own workspace's installation.
 */
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Identity } from '../app/deps.js';
import type { Config } from '../config.js';
import type { Logger } from './logger.js';
import type { InstallerOptions } from './oauth.js';
import { socketModeLogger } from './private-logs.js';

export function createReceiver(
  config: Config,
  logger: Logger,
  clientOptions: webApi.WebClientOptions,
  installer?: InstallerOptions,
): HTTPReceiver | SocketModeReceiver {
  if (config.socketMode) {
    // A copy: the Socket Mode client writes its own retry policy (100 retries) into the options it is given.
    return new SocketModeReceiver({
      appToken: config.appToken ?? '',
      // Its client logs each message it receives at debug: interactive ones only by type (src/slack/private-logs.ts).
      logger: socketModeLogger(logger),
      installerOptions: { clientOptions: { ...clientOptions } },
    });
  }
  return new HTTPReceiver({
    signingSecret: config.signingSecret ?? '',
    logger,
    ...installer,
    // The listener's durable store write happens before Slack gets its 200; slow work runs after.
    processBeforeResponse: true,
    // A signed request no listener acknowledges (an old button, say) gets a quiet 200 after 1 s, not a 404 after 3.
    unhandledRequestTimeoutMillis: 1000,
    unhandledRequestHandler: ({ logger: log, response }) => {
      log.warn('a request no listener acknowledged was answered 200 and ignored');
      if (!response.headersSent) response.writeHead(200).end();
    },
  });
}

/** `identity`: who the bot is with SLACK_BOT_TOKEN; undefined when installed through OAuth. */
export function createApp(
  config: Config,
  logger: Logger,
  receiver: HTTPReceiver | SocketModeReceiver,
  identity: Identity | undefined,
  clientOptions: webApi.WebClientOptions,
): App {
  const single =
    config.auth.mode === 'single' && identity
      ? { token: config.auth.botToken, botId: identity.botId, botUserId: identity.botUserId }
      : // The receiver's installer authorizes each request; the error handler answers those it cannot.
        { extendedErrorHandler: true };
  const app = new App({
    ...single,
    receiver,
    // Bolt's conversation store is not used (the app keeps its state in the store); it costs every event.
    convoStore: false,
    socketMode: config.socketMode,
    logger,
    // Without it Bolt sets the logger it is given back to info, whatever LOG_LEVEL says.
    logLevel: logger.getLevel(),
    clientOptions: { ...clientOptions },
  });
  if (config.socketMode) ackAfterListeners(app);
  return app;
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
