/** Maps every Slack surface the app answers to its handler. */
import type { App } from '@slack/bolt';
import { createAccess } from '../access.js';
import type { Deps } from '../deps.js';
import { COMMAND } from '../slack-surface.js';
import { ACTIONS } from '../views/ids.js';
import { discussionPageAction, openDiscussionAction } from './actions/discussion.js';
import { homeFilterAction, homePageAction } from './actions/home.js';
import { leadVsManageCommand } from './commands/lead-vs-manage.js';
import { messageListener } from './events/answers.js';
import { homeListener } from './events/home.js';
import { purgeListener } from './events/lifecycle.js';
import { reactionListener } from './events/votes.js';

export function registerListeners(app: App, deps: Deps): void {
  // Who may see which channel's archive: one short-lived cache shared by the Home tab, the modal and exports.
  const access = createAccess();
  app.command(COMMAND, leadVsManageCommand(deps, access));
  app.event('reaction_added', reactionListener(deps));
  app.event('reaction_removed', reactionListener(deps));
  app.event('message', messageListener(deps));
  app.event('app_uninstalled', purgeListener(deps));
  app.event('tokens_revoked', purgeListener(deps));
  app.event('app_home_opened', homeListener(deps, access));
  app.action(ACTIONS.homeFilter, homeFilterAction(deps, access));
  app.action(ACTIONS.homeNewer, homePageAction(deps, access));
  app.action(ACTIONS.homeOlder, homePageAction(deps, access));
  app.action(ACTIONS.openDiscussion, openDiscussionAction(deps, access));
  app.action(ACTIONS.discussionPrevious, discussionPageAction(deps, access));
  app.action(ACTIONS.discussionNext, discussionPageAction(deps, access));
}
