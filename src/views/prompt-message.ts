/** The weekly prompt as a Slack message: Block Kit plus a plain-text fallback and metadata naming it. */
import type { types } from '@slack/bolt';
import { VOTE_OPTIONS } from '../domain/options.js';
import type { Prompt } from '../domain/prompts.js';
import { answerButtonBlock } from './anonymous.js';
import { ownPromptContext } from './own-prompt.js';
import { escapeMrkdwn, LIMITS, readerDate, truncate } from './text.js';

export const PROMPT_EVENT_TYPE = 'lead_vs_manage_prompt';
const QUESTION = 'Leadership, management, or both?';

export interface PromptMessage {
  text: string;
  blocks: types.KnownBlock[];
  metadata: { event_type: string; event_payload: Record<string, string> };
}

const howToVote = VOTE_OPTIONS.map((o) => `:${o.emoji}: ${o.label}`).join('   ');

/** For a revisit: the team discussed this prompt before, on that date (in the reader's zone). */
export function discussedBefore(then: string): string {
  return `:leftwards_arrow_with_hook: *Your team discussed this one before*, on ${readerDate(then)}. Where do you stand now? The results will show then and now side by side.`;
}

/**
 * The prompt as posted: the text (with "Which is this?" before a situation), how to vote and the question for
 * the thread. Nothing that gives the answer away: no source, author, credit or lean until the week closes.
 * `revisitOf`: the ts of the channel's earlier post of this prompt, when it comes back (said under the text).
 */
export function promptMessage(
  prompt: Prompt,
  opts: {
    slot?: string;
    /** The ts of the channel's earlier post of this prompt, when it comes back. */
    revisitOf?: string;
    /** The channel allows anonymous answers: add the button. */
    anonymous?: boolean;
  } = {},
): PromptMessage {
  const lead = prompt.form === 'situation' ? '*Which is this?*\n' : '';
  const before: types.KnownBlock[] = opts.revisitOf
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: discussedBefore(opts.revisitOf) }] }]
    : [];
  const message: PromptMessage = {
    text: `${QUESTION} ${prompt.text} Vote with ${VOTE_OPTIONS.map((o) => `:${o.emoji}: ${o.label}`).join(', ')}, and answer in the thread.${opts.revisitOf ? ' Your team discussed this one before: where do you stand now?' : ''}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: QUESTION, emoji: true } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`${lead}>${escapeMrkdwn(prompt.text)}`, LIMITS.sectionText) },
      },
      ...before,
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*Vote by clicking a reaction below:* ${howToVote}\nPick more than one if you can't decide.`,
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `:speech_balloon: *Argue it in the thread:* ${escapeMrkdwn(prompt.discuss)}`,
            LIMITS.sectionText,
          ),
        },
      },
      ...ownPromptContext(prompt),
    ],
    metadata: {
      event_type: PROMPT_EVENT_TYPE,
      event_payload: {
        prompt_id: prompt.id,
        ...(opts.slot ? { slot: opts.slot } : {}),
        ...(opts.revisitOf ? { revisit_of: opts.revisitOf } : {}),
      },
    },
  };
  if (opts.anonymous) message.blocks.push(answerButtonBlock());
  return message;
}
