/** Maps every Slack surface the app answers to its handler. */
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs, types } from '@slack/bolt';
import { type Access, createAccess } from '../access.js';
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

type EventType = types.SlackEvent['type'];
type EventListener<T extends string> = (
  args: SlackEventMiddlewareArgs<T> & AllMiddlewareArgs,
) => Promise<void>;

/**
 * Event type → its listener. test/manifest.test.ts checks these types against the manifest's subscriptions.
 */
export function eventListeners(deps: Deps, access: Access): { [T in EventType]?: EventListener<T> } {
  return {
    reaction_added: reactionListener(deps),
    reaction_removed: reactionListener(deps),
    message: messageListener(deps),
    app_uninstalled: purgeListener(deps),
    tokens_revoked: purgeListener(deps),
    app_home_opened: homeListener(deps, access),
  };
}

export function registerListeners(app: App, deps: Deps): void {
  // Who may see which channel's archive: one short-lived cache shared by the Home tab, the modal and exports.
  const access = createAccess();

  // Events are most of the traffic (every vote, every message in the channels the app is in), so they are
  // dispatched by type from one global middleware, which Bolt runs (after its signature check, its ack and
  // its own ignoreSelf) before its listeners. An event never goes on to them: Bolt runs the matcher chain of
  // every registered listener for every request and holds it until the slowest listener is done: with one
  // registration per event type the app managed 37 to 55 % of bare Bolt's rate at 1M stored votes, and
  // 66 % or more since (README "Performance").
  const events = eventListeners(deps, access);
  app.use(async (args) => {
    if (!('event' in args)) return args.next();
    const listener = events[args.event.type as EventType] as EventListener<string> | undefined;
    if (listener) await listener(args);
  });

  app.command(COMMAND, leadVsManageCommand(deps, access));
  app.action(ACTIONS.homeFilter, homeFilterAction(deps, access));
  app.action(ACTIONS.homeNewer, homePageAction(deps, access));
  app.action(ACTIONS.homeOlder, homePageAction(deps, access));
  app.action(ACTIONS.openDiscussion, openDiscussionAction(deps, access));
  app.action(ACTIONS.discussionPrevious, discussionPageAction(deps, access));
  app.action(ACTIONS.discussionNext, discussionPageAction(deps, access));
}
