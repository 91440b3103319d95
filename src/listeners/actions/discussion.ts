/**
 * "Read the discussion" and its Previous/Next buttons. The click's trigger_id is good for 3 s and once, and
 * the membership check may take longer: a loading modal is opened at once (views.open), then replaced
 * (views.update) by the thread, shown only after the viewer's membership of its channel is checked again in
 * the workspace the click came from, or by the explanation why not.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { discussionFor } from '../../app/discussion.js';
import { actor } from '../../slack/actor.js';
import { loadingView } from '../../views/discussion.js';
import { decodeDiscussionState, parsePage, parsePromptRef } from '../../views/ids.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function openDiscussionAction(deps: Deps, access: Access) {
  return async ({ ack, body, action, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const who = actor(body, context);
    if (!who || !body.trigger_id) return;
    const ref = parsePromptRef(action.value);
    const trigger = body.trigger_id;
    deps.background.run(`opening the discussion ${action.value ?? ''} for ${who.user}`, async () => {
      const opened = await client.views.open({ trigger_id: trigger, view: loadingView() });
      const viewId = opened.view?.id;
      if (!viewId) throw new Error('views.open returned no view id');
      const view = await discussionFor(deps, access, client, who.team, who.user, ref, 0);
      await client.views.update({ view_id: viewId, view });
    });
  };
}

export function discussionPageAction(deps: Deps, access: Access) {
  return async ({ ack, body, action, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const who = actor(body, context);
    const viewId = body.view?.id;
    if (!who || !viewId) return;
    const state = decodeDiscussionState(body.view?.private_metadata);
    const page = parsePage(action.value);
    deps.background.run(`paging the discussion for ${who.user}`, async () => {
      const view = await discussionFor(deps, access, client, who.team, who.user, state, page);
      await client.views.update({ view_id: viewId, view });
    });
  };
}
