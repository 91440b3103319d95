/**
 * What `/lead-vs-manage now <id or words>`, `next`, `suggest` and `library` answer, and the notes sent to
 * whoever suggested a prompt. Word for word (tests assert these). Pure.
 */
import type { types } from '@slack/bolt';
import type { Prompt } from '../domain/prompts.js';
import { COMMAND } from '../slack/surface.js';
import { ACTIONS } from './ids.js';
import { escapeMrkdwn, LIMITS, plural, truncate } from './text.js';

/** Prompts offered at once when `now <words>` matches several. */
const MAX_CHOICES = 5;

const quote = (text: string, max = 280) => `>${escapeMrkdwn(truncate(text, max))}`;
const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** Who may review prompts and choose the library, when the one asking may not. */
export function ownRefusal(
  v:
    | { reason: 'listed-admins'; admins: readonly string[] }
    | { reason: 'workspace-admins' }
    | { reason: 'check-failed' },
  what: string,
): string {
  switch (v.reason) {
    case 'listed-admins':
      return `Only the app's admins can ${what}: ${v.admins.map((id) => `<@${id}>`).join(', ')}.`;
    case 'workspace-admins':
      return `Only your workspace's admins and owners can ${what}.`;
    case 'check-failed':
      return `I couldn't check whether you may ${what} just now. Try again in a minute.`;
  }
}

export function noMatch(query: string): string {
  return `No prompt in your workspace's library matches “${escapeMrkdwn(truncate(query, 80))}”. Try other words, or \`${COMMAND} now\` for the next one in the rotation.`;
}

/** `now <words>` matched several prompts: one button each (the first MAX_CHOICES). */
export function nowChoices(
  matches: readonly Prompt[],
  query: string,
): { text: string; blocks: types.KnownBlock[] } {
  const shown = matches.slice(0, MAX_CHOICES);
  const more = matches.length - shown.length;
  const text = `${plural(matches.length, 'prompt')} match “${escapeMrkdwn(truncate(query, 80))}”. Which one should go up here?`;
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  for (const p of shown) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`${quote(p.text)}\n\`${p.id}\``, LIMITS.sectionText) },
      accessory: { type: 'button', action_id: ACTIONS.ownChoose, text: plain('Post this one'), value: p.id },
    });
  }
  if (more > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `And ${more} more: add words to narrow it down.` }],
    });
  }
  return { text, blocks };
}

export const POSTING_CHOSEN = 'Posting it here now…';

/** `next`: the prompt the channel's rotation posts next, with a Skip button for admins. */
export function nextReply(
  prompt: Prompt,
  opts: { canSkip: boolean; fallback: boolean; note?: string },
): { text: string; blocks: types.KnownBlock[] } {
  const from = prompt.own ? "your team's own library" : 'the shipped library';
  const head = `${opts.note ? `${opts.note}\n` : ''}*Next in this channel's rotation* (from ${from}):`;
  const text = `${opts.note ? `${opts.note} ` : ''}Next in this channel's rotation: ${truncate(prompt.text, 200)}`;
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`${head}\n${quote(prompt.text)}`, LIMITS.sectionText) },
    },
  ];
  const notes = [
    'Only you can see this; the channel sees it when it goes up.',
    ...(opts.fallback
      ? ['Your workspace uses its own prompts only and has none approved, so the shipped library stands in.']
      : []),
    ...(opts.canSkip ? ['Skip it and it comes back in the next pass through the library.'] : []),
  ];
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: notes.join(' ') }] });
  if (opts.canSkip) {
    blocks.push({
      type: 'actions',
      block_id: 'own_next',
      elements: [{ type: 'button', action_id: ACTIONS.ownSkip, text: plain('Skip it'), value: prompt.id }],
    });
  }
  return { text, blocks };
}

export function skippedNote(skipped: Prompt): string {
  return `Skipped “${escapeMrkdwn(truncate(skipped.text, 80))}”: it comes back in the next pass.`;
}

export const NEXT_CHANGED =
  'The next prompt changed meanwhile (a prompt went up, or someone skipped it). Here is the one up next now.';

const MODE_TEXT = {
  both: "the shipped library, with your team's approved prompts joining it",
  shipped: 'the shipped library only',
  own: "your team's own prompts only",
} as const;

/** `library` without a mode: which prompts the rotation draws on here. */
export function libraryStatus(mode: keyof typeof MODE_TEXT, own: number, fallback: boolean): string {
  const lines = [
    `Every channel here draws on ${MODE_TEXT[mode]}. Your team's library holds ${plural(own, 'approved prompt')}.`,
  ];
  if (fallback) lines.push('None is approved yet, so the shipped library stands in until one is.');
  lines.push(
    `Admins change it with \`${COMMAND} library own\`, \`shipped\` or \`both\`; anyone can suggest a prompt with \`${COMMAND} suggest\`.`,
  );
  return lines.join(' ');
}

export function librarySet(mode: keyof typeof MODE_TEXT, own: number): string {
  return `Done: every channel here now draws on ${MODE_TEXT[mode]} (${plural(own, 'approved prompt')} of your team's). Each channel keeps its place in its rotation.`;
}

export const LIBRARY_OWN_EMPTY = `Your team has no approved prompts yet, so \`own\` would leave nothing to post. Suggest some with \`${COMMAND} suggest\` and approve them in the Home tab, or import a file, then try again.`;

export const FORM_FAILED =
  "I couldn't open the form just now. Try again in a moment, or use the *Suggest a prompt* button in my Home tab.";

/** A note to whoever suggested a prompt, once it was reviewed. */
export function reviewedNote(
  text: string,
  outcome: 'approved' | 'rejected',
  by: string,
  opts: { reason?: string; shippedOnly?: boolean } = {},
): string {
  const { reason, shippedOnly } = opts;
  if (outcome === 'approved') {
    const when = shippedOnly
      ? 'Your workspace posts only the shipped library for now, so it waits there until an admin changes that with `/lead-vs-manage library both`.'
      : 'It joins the rotation and goes up in one of the coming weeks.';
    return `Your suggestion is in your team's library now (approved by <@${by}>). ${when}\n${quote(text)}`;
  }
  const why = reason ? `\n*Why:* ${escapeMrkdwn(reason)}` : '';
  return `Your suggestion wasn't added to your team's library (reviewed by <@${by}>).\n${quote(text)}${why}`;
}

/** What a reviewer is told when someone else got there first. */
export function alreadyReviewed(status: string | undefined, by: string | undefined): string {
  if (status === undefined) return 'This suggestion is no longer there.';
  const who = by ? ` by <@${by}>` : '';
  return `Someone got there first: this prompt was ${status}${who}.`;
}
