/**
 * Every event the app handles, by type: the one place to add an event (and its subscription in
 * src/slack/surface.ts and manifest.yml). test/manifest.test.ts fails on an `app.event(...)` or
 * `app.message(...)` anywhere in src/: such a listener would never fire, because events stop here.
 */
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs, types } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { messageListener } from './answers.js';
import { fileSharedListener } from './files.js';
import { homeListener } from './home.js';
import { purgeListener } from './lifecycle.js';
import { reactionListener } from './votes.js';

type EventType = types.SlackEvent['type'];
type EventListener<T extends string> = (
  args: SlackEventMiddlewareArgs<T> & AllMiddlewareArgs,
) => Promise<void>;

/** Event type → its listener. test/manifest.test.ts checks these types against the manifest's subscriptions. */
export function eventListeners(deps: Deps, access: Access): { [T in EventType]?: EventListener<T> } {
  const reactions = reactionListener(deps);
  return {
    reaction_added: reactions,
    reaction_removed: reactions,
    message: messageListener(deps),
    app_uninstalled: purgeListener(deps),
    tokens_revoked: purgeListener(deps),
    app_home_opened: homeListener(deps, access),
    file_shared: fileSharedListener(deps),
  };
}

/**
 * Events are most of the traffic (every vote, every message in the app's channels), so they are dispatched
 * by type from one global middleware, which Bolt runs after its signature check, its ack and its
 * `ignoreSelf`. An event never goes on to Bolt's listener chain, whose matchers run for every registered
 * listener and are held until the slowest one is done (README "Performance").
 */
export function registerEvents(app: App, deps: Deps, access: Access): void {
  const events = eventListeners(deps, access);
  app.use(async (args) => {
    if (!('event' in args)) return args.next();
    const listener = events[args.event.type as EventType] as EventListener<string> | undefined;
    if (listener) await listener(args);
  });
}
