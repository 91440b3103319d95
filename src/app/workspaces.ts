/**
 * Which workspaces the app serves, who its bot is in each, and how to talk to Slack there. A signed request from
 * any other workspace is turned away at the door (src/listeners/gate.ts), schedules and week-closing run for these
 * workspaces only (src/jobs/scheduler.ts), and work done outside a request (scheduled posts, closing a week,
 * looking up voters) uses the client of the workspace it is for.
 *
 * Two implementations: one workspace, the workspace of SLACK_BOT_TOKEN (below); or every workspace with an
 * installation in the database, each with its own bot token (installed-workspaces.ts).
 */
import type { webApi } from '@slack/bolt';
import type { Identity } from './deps.js';

/** The app's bot in one workspace. */
interface WorkspaceBot {
  team: string;
  botUserId: string;
  botId: string | undefined;
  /** The workspace URL, e.g. https://acme.slack.com/, for message links. */
  teamUrl: string | undefined;
}

export interface Workspaces {
  /** Whether the app is installed in `team`: its requests are served, its schedules run. */
  isInstalled(team: string): Promise<boolean>;
  /** Every workspace the app is installed in. */
  installed(): Promise<string[]>;
  /** The bot of `team`; undefined when the app is not installed there. */
  bot(team: string): Promise<WorkspaceBot | undefined>;
  /** A Web API client with `team`'s bot token (Bolt's retry policy), for work outside a request. */
  client(team: string): webApi.WebClient;
  /** The same, but it never sends a request twice by itself (posting prompts, see src/slack/post-once.ts). */
  postClient(team: string): webApi.WebClient;
  /** The app was uninstalled from `team` or its token revoked: forget the installation and its token. */
  forget(team: string): Promise<void>;
}

/** The single workspace a bot token belongs to (auth.test at start-up), with that token's clients. */
export function singleWorkspace(
  identity: Identity,
  clients: { client: webApi.WebClient; postClient: webApi.WebClient },
): Workspaces {
  const ours = (team: string, what: string) => {
    if (team !== identity.teamId) {
      throw new Error(`asked for ${what} of workspace ${team}, but SLACK_BOT_TOKEN is of ${identity.teamId}`);
    }
  };
  return {
    isInstalled: async (team) => team === identity.teamId,
    installed: async () => [identity.teamId],
    bot: async (team) =>
      team === identity.teamId
        ? { team, botUserId: identity.botUserId, botId: identity.botId, teamUrl: identity.teamUrl }
        : undefined,
    client(team) {
      ours(team, 'a client');
      return clients.client;
    },
    postClient(team) {
      ours(team, 'a client');
      return clients.postClient;
    },
    // The token lives in the environment: nothing is stored to forget.
    forget: async () => undefined,
  };
}
