/** The one slash command; its sub-commands are a table in lead-vs-manage.ts. */
import type { App } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { createNowCooldown } from '../../app/now-cooldown.js';
import { createSettingsAccess } from '../../app/settings-access.js';
import { COMMAND } from '../../slack/surface.js';
import { leadVsManageCommand } from './lead-vs-manage.js';

export function registerCommands(app: App, deps: Deps, access: Access): void {
  // Who may change settings (workspace roles remembered a few minutes), and the `now` cooldown per channel.
  const settings = createSettingsAccess({ adminUserIds: deps.config.adminUserIds });
  const cooldown = createNowCooldown({
    store: deps.store,
    claims: deps.coordination,
    cooldownMs: deps.config.nowCooldownMs,
    now: deps.now,
  });
  app.command(COMMAND, leadVsManageCommand(deps, access, settings, cooldown));
}
