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

/** The workspace an interaction came from. */
export function actionTeam(body: BlockAction, context: { teamId?: string }): string | undefined {
  return context.teamId ?? body.team?.id ?? body.user.team_id;
}

export function homeFilterAction(deps: Deps, access: Access) {
  return async ({ ack, body, action, client, context }: SelectArgs): Promise<void> => {
    await ack();
    const team = actionTeam(body, context);
    if (!team) return;
    const value = action.selected_option?.value;
    const channel = value && value !== ALL_CHANNELS ? value : undefined;
    deps.background.run(`filtering the Home tab of ${body.user.id}`, () =>
      publishHome(deps, access, client, team, body.user.id, { channel, page: 0 }),
    );
  };
}

export function homePageAction(deps: Deps, access: Access) {
  return async ({ ack, body, action, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const team = actionTeam(body, context);
    if (!team) return;
    const { channel } = decodeHomeState(body.view?.private_metadata);
    const page = parsePage(action.value);
    deps.background.run(`paging the Home tab of ${body.user.id}`, () =>
      publishHome(deps, access, client, team, body.user.id, { channel, page }),
    );
  };
}
