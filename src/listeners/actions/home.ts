/**
 * Home tab interactions: the channel filter and the Newer/Older buttons. Each acknowledges at once and
 * republishes the viewer's Home tab afterwards, checking their channels again (a filter on a channel they
 * are not in is dropped, whatever the payload says).
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { publishHome } from '../../app/home.js';
import { actor } from '../../slack/actor.js';
import { ALL_CHANNELS, decodeHomeState, parsePage } from '../../views/ids.js';

type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;
type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function homeFilterAction(deps: Deps, access: Access) {
  return async ({ ack, body, action, client, context }: SelectArgs): Promise<void> => {
    await ack();
    const who = actor(body, context);
    if (!who) return;
    const value = action.selected_option?.value;
    const channel = value && value !== ALL_CHANNELS ? value : undefined;
    deps.background.run(`filtering the Home tab of ${who.user}`, () =>
      publishHome(deps, access, client, who.team, who.user, { channel, page: 0 }),
    );
  };
}

export function homePageAction(deps: Deps, access: Access) {
  return async ({ ack, body, action, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const who = actor(body, context);
    if (!who) return;
    const { channel } = decodeHomeState(body.view?.private_metadata);
    const page = parsePage(action.value);
    deps.background.run(`paging the Home tab of ${who.user}`, () =>
      publishHome(deps, access, client, who.team, who.user, { channel, page }),
    );
  };
}
