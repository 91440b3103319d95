/**
 * reaction_added / reaction_removed on one of our prompts: the vote is on disk before Slack gets its 200.
 * Each (message, person, emoji) keeps only its latest event, so out-of-order deliveries settle correctly.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { isVoteEmoji } from '../../domain/options.js';
import type { Deps } from '../../deps.js';

type ReactionArgs = SlackEventMiddlewareArgs<'reaction_added' | 'reaction_removed'> & AllMiddlewareArgs;

/** "handshake::skin-tone-3" counts as "handshake". */
export function baseEmoji(reaction: string): string {
  return reaction.split('::')[0] ?? reaction;
}

export function reactionListener(deps: Deps) {
  return async ({ event, body, context }: ReactionArgs): Promise<void> => {
    const emoji = baseEmoji(event.reaction);
    if (event.item.type !== 'message' || !isVoteEmoji(emoji)) return;
    if (event.user === deps.identity.botUserId) return;
    const team = context.teamId ?? body.team_id;
    const { channel, ts } = event.item;
    if (!deps.store.post(team, channel, ts)) return;
    await deps.store.commit(
      [{ type: 'vote', team, channel, ts, vote: { user: event.user, emoji, on: event.type === 'reaction_added', eventTs: event.event_ts } }],
      { eventId: body.event_id },
    );
  };
}
