/**
 * The discussion window of one prompt: its answers, paged, shown only after the viewer's membership of its
 * channel is checked again, in the workspace the click came from.
 */
import type { types, webApi } from '@slack/bolt';
import { describe } from '../slack/errors.js';
import { discussionView, unavailableView } from '../views/discussion.js';
import type { Access } from './access.js';
import { promptResult } from './archive.js';
import type { Deps } from './deps.js';

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
  const post = await deps.store.post(team, ref.channel, ref.ts);
  if (!post) return unavailableView();
  let member = false;
  try {
    member = await access.isMember(client, team, user, ref.channel);
  } catch (error) {
    deps.logger.warn(`could not check whether ${user} is in ${ref.channel}: ${describe(error)}`);
  }
  if (!member) return unavailableView();
  return discussionView({
    result: await promptResult(deps.store, await deps.prompts.forTeam(team), post),
    answers: await deps.store.answers(team, ref.channel, ref.ts),
    page,
    teamUrl: (await deps.workspaces.bot(team))?.teamUrl,
  });
}
