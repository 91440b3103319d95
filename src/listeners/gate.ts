/**
 * The workspace gate: the first global middleware, so a signed request from a workspace the app is not installed
 * in reaches no listener. With a single bot token Bolt authorizes every signed request with that token whatever
 * workspace it names (and skips authorization for app_uninstalled and tokens_revoked), so the check is here, in
 * one place: events get a quiet 200, commands and actions an ephemeral "not installed" and nothing else.
 * Nothing is stored, scheduled or posted. Which workspaces are served is `deps.workspaces` (src/app/workspaces.ts).
 *
 * Installed through OAuth, Bolt looks each request's workspace up in the installation store first and stops at
 * once when it has none: `notInstalledHandler` then gives such a request the same answer.
 */
import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { Workspaces } from '../app/workspaces.js';
import type { Logger } from '../slack/logger.js';
import { teamsNamed } from '../slack/request-team.js';
import { NOT_INSTALLED } from '../views/replies.js';

function workspaceGate(workspaces: Workspaces, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const teams = teamsNamed(args.body, args.context);
    const installed = await Promise.all(teams.map((t) => workspaces.isInstalled(t)));
    if (teams.length > 0 && installed.every(Boolean)) return args.next();
    logger.warn(
      `ignored a signed request from a workspace this app is not installed in (${teams.join(', ') || 'none named'})`,
    );
    if ('command' in args) {
      await args.ack({ response_type: 'ephemeral', text: NOT_INSTALLED });
    } else if ('action' in args && 'ack' in args) {
      await args.ack();
      // Only a message's button comes with a response_url; posting there needs no token of that workspace.
      if ('respond' in args && typeof args.body === 'object' && 'response_url' in args.body) {
        await args.respond({ response_type: 'ephemeral', replace_original: false, text: NOT_INSTALLED });
      }
    } else if ('ack' in args && typeof args.ack === 'function') {
      await (args.ack as () => Promise<void>)();
    }
  };
}

export function registerGate(app: App, workspaces: Workspaces, logger: Logger): void {
  app.use(workspaceGate(workspaces, logger));
}
