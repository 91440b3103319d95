/**
 * "Read the discussion" (views.open) and its Previous/Next buttons (views.update). The thread named by the
 * button or the modal's metadata is shown only after the viewer's membership of its channel is checked
 * again, in the workspace the click came from.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { discussionFor } from '../../app/discussion.js';
import { actor } from '../../slack/actor.js';
import { decodeDiscussionState, parsePage, parsePromptRef } from '../../views/ids.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function openDiscussionAction(deps: Deps, access: Access) {
  return async ({ ack, body, action, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const who = actor(body, context);
    if (!who || !body.trigger_id) return;
    const ref = parsePromptRef(action.value);
    deps.background.run(`opening the discussion ${action.value ?? ''} for ${who.user}`, async () => {
      const view = await discussionFor(deps, access, client, who.team, who.user, ref, 0);
      await client.views.open({ trigger_id: body.trigger_id, view });
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
