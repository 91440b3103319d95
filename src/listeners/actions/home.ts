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
import type { Access } from '../../access.js';
import type { Deps } from '../../deps.js';
import { ALL_CHANNELS, decodeHomeState, parsePage } from '../../views/ids.js';
import { publishHome } from '../events/home.js';

type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;
type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Who clicked, in which workspace; undefined for a payload that does not say (it is then ignored). */
export function actor(
  body: BlockAction,
  context: { teamId?: string },
): { team: string; user: string } | undefined {
  const user = body.user?.id;
  const team = context.teamId ?? body.team?.id ?? body.user?.team_id;
  return user && team ? { team, user } : undefined;
}

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
