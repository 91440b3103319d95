/**
 * The baseline for bench/run.ts: a bare Bolt app, as small as an app can be. One no-op `reaction_added`
 * listener; Bolt's own HTTPReceiver (acks events before listeners run); no store, no logging below warn.
 *
 * Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, BOT_ID, BOT_USER_ID, PORT, HOST.
 * Prints `bare-bolt ready on port N` once it listens.
 */
import { App, LogLevel } from '@slack/bolt';

const env = process.env;

const app = new App({
  token: env.SLACK_BOT_TOKEN,
  signingSecret: env.SLACK_SIGNING_SECRET,
  clientOptions: { slackApiUrl: env.SLACK_API_URL },
  botId: env.BOT_ID,
  botUserId: env.BOT_USER_ID,
  logLevel: LogLevel.WARN,
});

app.event('reaction_added', async () => {});

const server = await app.start({ port: Number(env.PORT ?? 0), host: env.HOST ?? '127.0.0.1' });
const address = server.address();
process.stdout.write(
  `bare-bolt ready on port ${typeof address === 'object' && address ? address.port : env.PORT}\n`,
);

process.once('SIGTERM', () => {
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
