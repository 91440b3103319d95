/** The one slash command; its sub-commands are a table in lead-vs-manage.ts. */
import type { App } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { COMMAND } from '../../slack/surface.js';
import { leadVsManageCommand } from './lead-vs-manage.js';

export function registerCommands(app: App, deps: Deps, access: Access): void {
  app.command(COMMAND, leadVsManageCommand(deps, access, deps.admins, deps.cooldown));
}
