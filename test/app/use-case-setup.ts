/**
 * What the use-case tests (posting, closing) share: a real file store in a fresh directory, the shipped prompt
 * library, Web API clients against the Slack fake that do not retry by themselves (as the app's post clients), the
 * app's own logger writing into a list, and a clock the test moves by hand.
 */
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { loadPrompts, PROMPTS_DIR } from '../../src/app/prompt-files.js';
import { createTeamLibraries, type TeamLibraries } from '../../src/app/team-library.js';
import { promptLibrary } from '../../src/domain/library.js';
import { createLogger, type Logger } from '../../src/slack/logger.js';
import { type FileStore, openStore } from '../../src/store/file-store.js';
import { tmpDir } from '../support/app-process.js';
import type { SlackFake } from '../support/slack-fake.js';

export const SHIPPED = promptLibrary(loadPrompts(PROMPTS_DIR));

export interface UseCaseSetup {
  store: FileStore;
  libraries: TeamLibraries;
  client: webApi.WebClient;
  postClient: webApi.WebClient;
  logger: Logger;
  /** Every log line so far. */
  logs: string[];
  clock: { now: Date };
  now: () => Date;
}

export async function useCaseSetup(
  fake: SlackFake,
  start = new Date('2026-11-23T09:00:00Z'),
): Promise<UseCaseSetup> {
  const store = await openStore(join(tmpDir(), 'db.json'), { foldEveryMs: 0 });
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', secrets: [], sink: (line) => logs.push(line.trimEnd()) });
  const options = { slackApiUrl: fake.url, logger, retryConfig: { retries: 0 } };
  const clock = { now: start };
  return {
    store,
    libraries: createTeamLibraries(store, SHIPPED),
    client: new webApi.WebClient('xoxb-unit-test', options),
    postClient: new webApi.WebClient('xoxb-unit-test', options),
    logger,
    logs,
    clock,
    now: () => clock.now,
  };
}
