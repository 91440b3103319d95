/** Maps every Slack surface the app answers to its handler. */
import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { COMMAND } from '../slack-surface.js';
import { leadVsManageCommand } from './commands/lead-vs-manage.js';
import { messageListener } from './events/answers.js';
import { purgeListener } from './events/lifecycle.js';
import { reactionListener } from './events/votes.js';

export function registerListeners(app: App, deps: Deps): void {
  app.command(COMMAND, leadVsManageCommand(deps));
  app.event('reaction_added', reactionListener(deps));
  app.event('reaction_removed', reactionListener(deps));
  app.event('message', messageListener(deps));
  app.event('app_uninstalled', purgeListener(deps));
  app.event('tokens_revoked', purgeListener(deps));
}
