/**
 * reaction_added / reaction_removed on one of our prompts: the vote is on disk before Slack gets its 200.
 * Each (message, person, emoji) keeps only its latest event, so out-of-order deliveries settle correctly.
 * On a prompt's results summary the same reactions are its second look ("where do you stand now?"), kept apart
 * from the first votes under the same rules.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import { type KnownPrompts, knownPrompts } from '../../app/known-prompts.js';
import { isVoteEmoji } from '../../domain/options.js';
import type { Op, VoteRecord } from '../../store/schema.js';

type ReactionArgs = SlackEventMiddlewareArgs<'reaction_added' | 'reaction_removed'> & AllMiddlewareArgs;

/** Signed is not the same as well-formed: a reaction event we can count has these fields as strings. */
function isWellFormed(event: ReactionArgs['event']): boolean {
  const e = event as unknown as Record<string, unknown>;
  const item = e.item as Record<string, unknown> | null | undefined;
  return (
    typeof e.reaction === 'string' &&
    typeof e.user === 'string' &&
    typeof e.event_ts === 'string' &&
    /^\d+(\.\d+)?$/.test(e.event_ts) &&
    typeof item === 'object' &&
    item !== null &&
    typeof item.channel === 'string' &&
    typeof item.ts === 'string'
  );
}

/** "handshake::skin-tone-3" counts as "handshake". */
function baseEmoji(reaction: string): string {
  return reaction.split('::')[0] ?? reaction;
}

export function reactionListener(deps: Deps) {
  const prompts = knownPrompts(deps.store);
  return async ({ event, body, context }: ReactionArgs): Promise<void> => {
    if (!isWellFormed(event)) return;
    const emoji = baseEmoji(event.reaction);
    if (event.item.type !== 'message' || !isVoteEmoji(emoji)) return;
    const team = context.teamId ?? body.team_id;
    if (deps.bots.known(team, event.user) === true) return;
    const { channel } = event.item;
    const target = await voteTarget(deps, prompts, team, channel, event.item.ts);
    if (!target) return;
    const vote = { user: event.user, emoji, on: event.type === 'reaction_added', eventTs: event.event_ts };
    const { type, ts } = target;
    const applied = await deps.store.commit([{ type, team, channel, ts, vote }], { eventId: body.event_id });
    if (applied && vote.on && deps.bots.known(team, event.user) === undefined) {
      // First vote of someone we have not looked up: if it turns out to be a bot, withdraw the vote.
      // The look-up is queued and paced (src/app/bot-directory.ts), never on the ack path.
      deps.bots.checkLater(team, event.user, withdrawal(deps, { type, team, channel, ts, vote }));
    }
  };
}

type VoteOp = Extract<Op, { type: 'vote' | 'second-vote' }>;

/** A reaction on a prompt is a vote on it; on a prompt's results summary, a second-look vote on that prompt. */
async function voteTarget(
  deps: Deps,
  prompts: KnownPrompts,
  team: string,
  channel: string,
  ts: string,
): Promise<Pick<VoteOp, 'type' | 'ts'> | undefined> {
  if (await prompts.has(team, channel, ts)) return { type: 'vote', ts };
  const summarised = await deps.store.summaryOf(team, channel, ts);
  return summarised && { type: 'second-vote', ts: summarised.ts };
}

/**
 * What to do when a voter turns out to be a bot: take the vote back. Made outside the listener, so the
 * queued callback holds these few values and not the whole request (a burst of new voters queues thousands).
 */
function withdrawal(deps: Deps, op: VoteOp & { vote: VoteRecord }): () => Promise<void> {
  return async () => {
    const withdrawn = { ...op.vote, on: false, eventTs: justAfter(op.vote.eventTs) };
    await deps.store.commit([{ ...op, vote: withdrawn }]);
    deps.logger.info(`ignored a vote by bot user ${op.vote.user} on ${op.ts}`);
  };
}

/** A Slack ts a hair later than `ts` ("1764070000.000100" → "1764070000.0001001"), so it wins over it. */
function justAfter(ts: string): string {
  return ts.includes('.') ? `${ts}1` : `${ts}.1`;
}
