/** Entry point: check the configuration, start the bot, stop it cleanly on SIGTERM/SIGINT. */
import { startBot } from './bot.js';
import { environment, loadConfig, secretsOf } from './config.js';
import { PromptLibraryError } from './domain/prompts.js';
import { StartupError } from './slack/identity.js';
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

try {
  const bot = await startBot(config, { logger });
  const shutdown = (signal: string) => {
    logger.info(`${signal} received, shutting down`);
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
} catch (error) {
  const known =
    error instanceof StoreOpenError || error instanceof PromptLibraryError || error instanceof StartupError;
  if (known) logger.error(`lead-vs-manage cannot start: ${error.message}`);
  else logger.error('lead-vs-manage cannot start:', error);
  process.exit(1);
}
