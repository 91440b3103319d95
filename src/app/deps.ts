/** What listeners and jobs are handed: built once by the composition root (src/bot.ts), never imported back from it. */
import type { Config } from '../config.js';
import type { PromptLibrary } from '../domain/library.js';
import type { Logger } from '../slack/logger.js';
import type { Coordination } from '../store/coordination.js';
import type { Store } from '../store/store.js';
import type { BotDirectory } from './bot-directory.js';
import type { NowCooldown } from './now-cooldown.js';
import type { Poster } from './posting.js';
import type { SettingsAccess } from './settings-access.js';
import type { TeamLibraries } from './team-library.js';
import type { Workspaces } from './workspaces.js';

/** Who the bot is, from auth.test at start-up (the one workspace of SLACK_BOT_TOKEN). */
export interface Identity {
  teamId: string;
  botUserId: string;
  botId: string;
  /** The workspace URL, e.g. https://acme.slack.com/, for message links. */
  teamUrl: string | undefined;
}

/** Work that must not delay an ack (Web API calls): run after the response, tracked so shutdown can drain it. */
export interface Background {
  run(what: string, task: () => Promise<unknown>): void;
  drain(): Promise<void>;
}

export interface Deps {
  config: Config;
  store: Store;
  /** What instances agree on: one post at a time per channel, the `now` claims, unsettled posts. */
  coordination: Coordination;
  /** The shipped library. */
  library: PromptLibrary;
  /** Each workspace's library: the shipped one with its own prompts, per its library mode. */
  prompts: TeamLibraries;
  /** Who may change settings and review a workspace's own prompts (ADMIN_USER_IDS, else admins and owners). */
  admins: SettingsAccess;
  /** `now` waits PROMPT_NOW_COOLDOWN per channel, whether typed or chosen from a list. */
  cooldown: NowCooldown;
  logger: Logger;
  post: Poster;
  background: Background;
  /**
   * The workspaces the app serves (requests from any other are turned away, their schedules never run), their
   * bots and their clients. A listener uses the client Bolt hands it (the token of the request's workspace).
   */
  workspaces: Workspaces;
  /** Which voters are bots (their reactions do not count). */
  bots: BotDirectory;
  now: () => Date;
  /** Tells the scheduler a channel's schedule was written here (set once the scheduler runs). */
  scheduleChanged?: (team: string, channel: string) => void;
}

export function createBackground(logger: Logger): Background {
  const tasks = new Set<Promise<unknown>>();
  return {
    run(what, task) {
      const p: Promise<unknown> = new Promise((resolve) => setImmediate(resolve))
        .then(task)
        .catch((error) => logger.error(`${what} failed:`, error))
        .finally(() => tasks.delete(p));
      tasks.add(p);
    },
    async drain() {
      while (tasks.size > 0) await Promise.all([...tasks]);
    },
  };
}
