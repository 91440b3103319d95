/**
 * The workspace gate: the first global middleware, so a signed request from a workspace the app is not installed
 * in reaches no listener. With a single bot token Bolt authorizes every signed request with that token whatever
 * workspace it names (and skips authorization for app_uninstalled and tokens_revoked), so the check is here, in
 * one place: events get a quiet 200, commands and actions an ephemeral "not installed" and nothing else.
 * Nothing is stored, scheduled or posted. Which workspaces are served is `deps.workspaces` (src/app/workspaces.ts).
 */
import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { Workspaces } from '../app/workspaces.js';
import type { Logger } from '../slack/logger.js';
import { teamsNamed } from '../slack/request-team.js';
import { NOT_INSTALLED } from '../views/replies.js';

export function workspaceGate(workspaces: Workspaces, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const teams = teamsNamed(args.body, args.context);
    if (teams.length > 0 && teams.every((t) => workspaces.isInstalled(t))) return args.next();
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
