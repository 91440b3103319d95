/**
 * Step 3 of the composition root (src/bot.ts): the use cases the listeners and the scheduler are given. Work
 * outside a request (posting, closing, voter look-ups) goes through the clients of the workspace it is for.
 */
import { type BotDirectory, botDirectory } from './app/bot-directory.js';
import { type Closer, createCloser } from './app/closing.js';
import type { Background, Deps, Identity } from './app/deps.js';
import { createNowCooldown } from './app/now-cooldown.js';
import { closerPerWorkspace, posterPerWorkspace } from './app/per-workspace.js';
import { createPoster, type Poster, type UnsettledPosts } from './app/posting.js';
import { createSettingsAccess } from './app/settings-access.js';
import { createTeamLibraries } from './app/team-library.js';
import type { Workspaces } from './app/workspaces.js';
import type { Config } from './config.js';
import type { PromptLibrary } from './domain/library.js';
import type { Logger } from './slack/logger.js';
import type { PostOnceOptions } from './slack/post-once.js';
import type { ChosenStore } from './store/choose.js';

/** How posts and summaries retry (PostOnceOptions) and when an unconfirmed post is looked for again. */
export interface PostTiming {
  retry?: PostOnceOptions;
  recheckMs?: number;
}

export interface UseCaseParts {
  store: ChosenStore;
  library: PromptLibrary;
  workspaces: Workspaces;
  /** The bot of SLACK_BOT_TOKEN (its own reactions never count); undefined when installed through OAuth. */
  identity: Identity | undefined;
  background: Background;
  logger: Logger;
  now: () => Date;
  /** Tells the scheduler that a channel's schedule was set, changed or removed here. */
  scheduleChanged: Deps['scheduleChanged'];
  postTiming?: PostTiming;
}

export interface UseCases {
  deps: Deps;
  post: Poster & { unsettled: UnsettledPosts };
  close: Closer;
  bots: BotDirectory;
}

export function buildUseCases(config: Config, parts: UseCaseParts): UseCases {
  const { store, library, workspaces, identity, background, logger, now, scheduleChanged, postTiming } =
    parts;
  const libraries = createTeamLibraries(store, library);
  const { coordination } = store;
  const close = closerPerWorkspace((team) =>
    createCloser({
      client: workspaces.client(team),
      postClient: workspaces.postClient(team),
      store,
      libraries,
      logger,
      now,
      broadcast: config.closeBroadcast,
      minVoters: config.tallyMinVoters,
    }),
  );
  const post = posterPerWorkspace(
    (team) =>
      createPoster({
        client: workspaces.client(team),
        postClient: workspaces.postClient(team),
        store,
        coordination,
        libraries,
        logger,
        now,
        close,
        revisitEvery: config.revisitEvery,
        retry: postTiming?.retry,
        recheckMs: postTiming?.recheckMs,
      }),
    coordination.unsettled,
  );
  const ownBots = identity ? [{ team: identity.teamId, user: identity.botUserId }] : [];
  const bots = botDirectory((team) => workspaces.client(team), logger, ownBots);
  const deps: Deps = {
    config,
    store,
    coordination,
    library,
    prompts: libraries,
    // Who may change settings (workspace roles remembered a few minutes), and the `now` cooldown per channel.
    admins: createSettingsAccess({ adminUserIds: config.adminUserIds }),
    cooldown: createNowCooldown({ store, claims: coordination, cooldownMs: config.nowCooldownMs, now }),
    logger,
    post,
    background,
    workspaces,
    bots,
    now,
    scheduleChanged,
  };
  return { deps, post, close, bots };
}
