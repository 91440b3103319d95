/**
 * "Read the discussion" (views.open) and its Previous/Next buttons (views.update). The thread named by the
 * button or the modal's metadata is shown only after the viewer's membership of its channel is checked
 * again, in the workspace the click came from.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  types,
  webApi,
} from '@slack/bolt';
import type { Access } from '../../access.js';
import { promptResult } from '../../archive.js';
import type { Deps } from '../../deps.js';
import { describe } from '../../posting.js';
import { discussionView, unavailableView } from '../../views/discussion.js';
import { decodeDiscussionState, parsePage, parsePromptRef } from '../../views/ids.js';
import { actor } from './home.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The modal for `user` on thread `ref`: the answers if they may see them, else an explanation. */
export async function discussionFor(
  deps: Deps,
  access: Access,
  client: webApi.WebClient,
  team: string,
  user: string,
  ref: { channel: string; ts: string } | undefined,
  page: number,
): Promise<types.ModalView> {
  if (!ref) return unavailableView();
  const post = deps.store.post(team, ref.channel, ref.ts);
  if (!post) return unavailableView();
  let member = false;
  try {
    member = await access.isMember(client, team, user, ref.channel);
  } catch (error) {
    deps.logger.warn(`could not check whether ${user} is in ${ref.channel}: ${describe(error)}`);
  }
  if (!member) return unavailableView();
  return discussionView({
    result: promptResult(deps.store, deps.library, post),
    answers: deps.store.answers(team, ref.channel, ref.ts),
    page,
    teamUrl: deps.identity.teamUrl,
  });
}

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
