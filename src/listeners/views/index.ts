/** Every modal submission the app answers, by callback id (the ids are in src/views/ids.ts). */
import type { App } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { CALLBACKS } from '../../views/ids.js';
import { editSubmit, rejectSubmit, suggestSubmit } from './own-forms.js';

export function registerViews(app: App, deps: Deps, access: Access): void {
  app.view(CALLBACKS.ownSuggest, suggestSubmit(deps, access));
  app.view(CALLBACKS.ownEdit, editSubmit(deps, access));
  app.view(CALLBACKS.ownReject, rejectSubmit(deps, access));
}
