/**
 * The app's Slack surface in one place: the slash command, the bot events it subscribes to, the Web API methods
 * it calls, and the bot scopes those need. The app's wiring imports it; test/manifest.test.ts checks manifest.yml,
 * Slack's published specs and the code in src/ against it. Plain data, no Slack import.
 *
 * Adding a Web API call or an event listener: add it here with its scopes, then copy `requiredBotScopes()` into
 * manifest.yml (`oauth_config.scopes.bot`) and reinstall the app so the workspace grants the new scope.
 */

export const COMMAND = '/lead-vs-manage';

/** Manifest names of the bot events subscribed (`settings.event_subscriptions.bot_events`). */
export const BOT_EVENTS = [
  'app_home_opened',
  'app_uninstalled',
  'tokens_revoked',
  'reaction_added',
  'reaction_removed',
  'message.channels',
  'message.groups',
  'file_shared',
] as const;
export type BotEvent = (typeof BOT_EVENTS)[number];

/**
 * Every Web API method the app calls. `client.filesUploadV2(...)` counts as the two methods it calls:
 * files.getUploadURLExternal, then files.completeUploadExternal.
 */
export const WEB_API_METHODS = [
  'auth.test',
  // Gives back the token of an org-wide install, which the app refuses (src/slack/oauth.ts).
  'auth.revoke',
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.delete',
  'reactions.add',
  'conversations.join',
  'conversations.history',
  'conversations.replies',
  'conversations.info',
  'conversations.open',
  'users.conversations',
  'users.info',
  'views.publish',
  'views.open',
  'views.update',
  'views.push',
  'files.info',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
] as const;
export type WebApiMethod = (typeof WEB_API_METHODS)[number];

/**
 * Bot-token scopes each method needs as this app uses it (public and private channels; the one DM with the person who
 * asked for an export).
 * Sources: the `security` section of Slack's 2020 OpenAPI spec, with its legacy scopes read as their granular bot
 * equivalents (chat:write:bot → chat:write, channels:write → channels:join for conversations.join), and Slack's
 * current docs for the files.*External methods, which the 2020 spec predates.
 */
export const METHOD_SCOPES = {
  'auth.test': [],
  'auth.revoke': [],
  'chat.postMessage': ['chat:write'],
  // An anonymous answer's author: the message only they see, and deleting the answer the bot posted.
  'chat.postEphemeral': ['chat:write'],
  'chat.delete': ['chat:write'],
  'reactions.add': ['reactions:write'],
  'conversations.join': ['channels:join'],
  // Conversations API methods need the read scope of each channel type they touch.
  'conversations.history': ['channels:history', 'groups:history'],
  // Whether a post went out after all: an anonymous answer or a week's summary is a reply, so it is looked for
  // among its thread's replies (post-once), not in the channel's history.
  'conversations.replies': ['channels:history', 'groups:history'],
  // Whether the bot can post in a channel it was just given a schedule for (a private one needs an invitation).
  'conversations.info': ['channels:read', 'groups:read'],
  // The direct message an export is sent to.
  'conversations.open': ['im:write'],
  'users.conversations': ['channels:read', 'groups:read'],
  // Tells whether a voter is a bot (bots' reactions do not count).
  'users.info': ['users:read'],
  'views.publish': [],
  'views.open': [],
  'views.update': [],
  'views.push': [],
  // A YAML file an admin shares with the app in a direct message: its name, size and download address (the
  // download itself, url_private_download with the bot token, needs the same scope).
  'files.info': ['files:read'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
} as const satisfies Record<WebApiMethod, readonly string[]>;

/**
 * Scopes each subscribed event needs (Slack's 2020 Events API spec, `x-scopes-required`, and Slack's docs for
 * app_home_opened, which needs the App Home feature and a bot user but no scope).
 */
export const EVENT_SCOPES = {
  app_home_opened: [],
  app_uninstalled: [],
  tokens_revoked: [],
  reaction_added: ['reactions:read'],
  reaction_removed: ['reactions:read'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  file_shared: ['files:read'],
} as const satisfies Record<BotEvent, readonly string[]>;

/** Scopes that come with a feature rather than a call: a slash command needs `commands`. */
const FEATURE_SCOPES = { slash_commands: ['commands'] } as const;

export type BotScope =
  | (typeof METHOD_SCOPES)[WebApiMethod][number]
  | (typeof EVENT_SCOPES)[BotEvent][number]
  | (typeof FEATURE_SCOPES)[keyof typeof FEATURE_SCOPES][number];

/** The sorted union of every scope above: exactly what manifest.yml must request, nothing more. */
export function requiredBotScopes(): BotScope[] {
  const groups: readonly (readonly BotScope[])[] = [
    ...Object.values(METHOD_SCOPES),
    ...Object.values(EVENT_SCOPES),
    ...Object.values(FEATURE_SCOPES),
  ];
  return [...new Set(groups.flat())].sort();
}

/** The minimal bot scopes, derived from the tables above. */
export const BOT_SCOPES: readonly BotScope[] = Object.freeze(requiredBotScopes());
