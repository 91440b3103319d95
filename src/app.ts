/** Entry point: check the configuration, start the bot, stop it cleanly on SIGTERM/SIGINT. */
import { startBot } from './bot.js';
import { environment, loadConfig } from './config.js';
import { PromptLibraryError } from './domain/prompts.js';
import { StartupError } from './slack/identity.js';
import { StoreOpenError } from './store/store.js';

const checked = loadConfig(environment());
if (!checked.ok) {
  process.stderr.write(`lead-vs-manage cannot start; fix these settings (environment or .env):\n`);
  for (const problem of checked.problems) process.stderr.write(`  ${problem}\n`);
  process.exit(1);
}

try {
  const bot = await startBot(checked.config);
  const shutdown = (signal: string) => {
    process.stdout.write(`${signal} received, shutting down\n`);
    bot.stop().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`shutdown failed: ${error instanceof Error ? error.message : error}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  const known =
    error instanceof StoreOpenError || error instanceof PromptLibraryError || error instanceof StartupError;
  process.stderr.write(
    `lead-vs-manage cannot start: ${known ? error.message : error instanceof Error ? error.stack : error}\n`,
  );
  process.exit(1);
}
