/** Who the bot is, asked of Slack once at start-up (auth.test). */
import type { webApi } from '@slack/bolt';
import type { Identity } from '../app/deps.js';
import { describe } from './errors.js';

export class StartupError extends Error {}

export async function whoAmI(client: webApi.WebClient): Promise<Identity> {
  try {
    const me = await client.auth.test();
    if (!me.user_id || !me.team_id) throw new Error('auth.test returned no user_id/team_id');
    return { teamId: me.team_id, botUserId: me.user_id, botId: me.bot_id ?? '', teamUrl: me.url };
  } catch (error) {
    throw new StartupError(`SLACK_BOT_TOKEN was not accepted by Slack (auth.test: ${describe(error)})`);
  }
}
