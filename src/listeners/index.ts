/** Wires every Slack surface the app answers: events, the slash command, block actions, modal submissions. */
import type { App } from '@slack/bolt';
import { createAccess } from '../app/access.js';
import type { Deps } from '../app/deps.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerEvents } from './events/index.js';
import { registerGate } from './gate.js';
import { registerViews } from './views/index.js';

export function registerListeners(app: App, deps: Deps): void {
  // First: a request from a workspace the app is not installed in goes no further.
  registerGate(app, deps.workspaces, deps.logger);
  // Who may see which channel's archive: one short-lived cache shared by the Home tab, the modal and exports.
  const access = createAccess();
  registerEvents(app, deps, access);
  registerCommands(app, deps, access);
  registerActions(app, deps, access);
  registerViews(app, deps, access);
}
