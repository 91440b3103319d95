/** Entry point: check the configuration, start the bot, stop it cleanly on SIGTERM/SIGINT. */
import { type RunningBot, startBot } from './bot.js';
import { environment, loadConfig, secretsOf } from './config.js';
import { PromptLibraryError } from './domain/prompts.js';
import { StartupCancelled, StartupError } from './slack/identity.js';
import { createLogger } from './slack/logger.js';
import { StoreOpenError } from './store/store.js';

const checked = loadConfig(environment());
if (!checked.ok) {
  // No secret is ever echoed here: the problems name variables and what is expected.
  process.stderr.write(`lead-vs-manage cannot start; fix these settings (environment or .env):\n`);
  for (const problem of checked.problems) process.stderr.write(`  ${problem}\n`);
  process.exit(1);
}

const { config } = checked;
// Every line from here on goes through the logger, which scrubs tokens, the signing secret and DATABASE_URL.
const logger = createLogger({
  level: config.logLevel,
  secrets: secretsOf(config),
});

// SIGTERM/SIGINT while start-up still waits for Slack cancels it (the store is closed, exit 0).
const starting = new AbortController();
let bot: RunningBot | undefined;
const shutdown = (signal: string) => {
  logger.info(`${signal} received, shutting down`);
  if (!bot) {
    starting.abort();
    return;
  }
  bot.stop().then(
    () => process.exit(0),
    (error) => {
      logger.error('shutdown failed:', error);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));

try {
  const started = await startBot(config, { logger, signal: starting.signal });
  bot = started;
  // A signal that came after Slack answered but before start-up finished.
  if (starting.signal.aborted) await started.stop().then(() => process.exit(0));
} catch (error) {
  if (error instanceof StartupCancelled) {
    logger.info('lead-vs-manage stopped before Slack answered; store closed');
    process.exit(0);
  }
  const known =
    error instanceof StoreOpenError || error instanceof PromptLibraryError || error instanceof StartupError;
  if (known) logger.error(`lead-vs-manage cannot start: ${error.message}`);
  else logger.error('lead-vs-manage cannot start:', error);
  process.exit(1);
}
