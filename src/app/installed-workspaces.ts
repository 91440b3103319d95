/**
 * Distribution mode: the app serves every workspace with an installation in the database (src/store/postgres/
 * installations.ts), each through its own bot token. Every answer comes from the table, which all instances share,
 * so an install or an uninstall handled by one instance holds for the others at once.
 */
import type { webApi } from '@slack/bolt';
import { TeamClient } from '../slack/team-client.js';
import { type Installations, NotInstalledError } from '../store/postgres/installations.js';
import type { Workspaces } from './workspaces.js';

export function installedWorkspaces(
  installations: Installations,
  clientOptions: webApi.WebClientOptions,
): Workspaces {
  const tokenOf = async (team: string): Promise<string> => {
    const bot = await installations.bot(team);
    if (!bot) throw new NotInstalledError(team);
    return bot.token;
  };
  const cache = (options: webApi.WebClientOptions) => {
    const clients = new Map<string, TeamClient>();
    return (team: string): webApi.WebClient => {
      let client = clients.get(team);
      if (!client) {
        // teamId: Bolt's per-request clients send it too (it matters to org-wide tokens, ignored otherwise).
        client = new TeamClient(team, tokenOf, { ...options, teamId: team });
        clients.set(team, client);
      }
      return client;
    };
  };
  const client = cache(clientOptions);
  const postClient = cache({ ...clientOptions, retryConfig: { retries: 0 }, timeout: 15_000 });

  return {
    isInstalled: (team) => installations.has(team),
    installed: () => installations.teams(),
    async bot(team) {
      const bot = await installations.bot(team);
      return bot && { team, botUserId: bot.botUserId, botId: bot.botId, teamUrl: bot.teamUrl };
    },
    client,
    postClient,
    forget: (team) => installations.forget(team),
  };
}
