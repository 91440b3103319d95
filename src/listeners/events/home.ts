/**
 * app_home_opened → the viewer's Home tab (src/app/home.ts). Acknowledged at once; the membership look-up
 * and the publish run after it.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { publishHome } from '../../app/home.js';
import { decodeHomeState } from '../../views/ids.js';

type HomeArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

export function homeListener(deps: Deps, access: Access) {
  return async ({ event, body, context, client }: HomeArgs): Promise<void> => {
    if (event.tab === 'messages') return;
    const team = context.teamId ?? body.team_id;
    // Keep the filter the viewer chose last time; the page starts again at the newest prompts.
    const { channel } = decodeHomeState(event.view?.private_metadata);
    deps.background.run(`publishing the Home tab of ${event.user}`, () =>
      publishHome(deps, access, client, team, event.user, { channel, page: 0 }),
    );
  };
}
