/**
 * The app was uninstalled or its bot token revoked: forget everything of that workspace, then its installation and
 * token (distribution mode). In that order: until the data is gone the installation stays, so Slack's retry of a
 * purge that failed still passes the workspace gate; a retry after both steps finds nothing left to do.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';

type LifecycleArgs = SlackEventMiddlewareArgs<'app_uninstalled' | 'tokens_revoked'> & AllMiddlewareArgs;

export function purgeListener(deps: Deps) {
  return async ({ event, body, context }: LifecycleArgs): Promise<void> => {
    if (event.type === 'tokens_revoked' && (event.tokens.bot ?? []).length === 0) return; // only user tokens went
    const team = context.teamId ?? body.team_id;
    await deps.store.commit([{ type: 'purge', team }], { eventId: body.event_id });
    await deps.workspaces.forget(team);
    deps.logger.warn(`${event.type}: deleted every prompt, vote and answer of workspace ${team}`);
  };
}
