/** The three answers every prompt offers, as the reactions people click. Emoji names as Slack spells them. */
export const LEANS = ['leadership', 'management', 'both'] as const;
export type Lean = (typeof LEANS)[number];

export const VOTE_OPTIONS = [
  { emoji: 'compass', label: 'Leadership', lean: 'leadership' },
  { emoji: 'clipboard', label: 'Management', lean: 'management' },
  { emoji: 'handshake', label: 'Both', lean: 'both' },
] as const satisfies readonly { emoji: string; label: string; lean: Lean }[];

export type VoteEmoji = (typeof VOTE_OPTIONS)[number]['emoji'];

export function isVoteEmoji(name: string): name is VoteEmoji {
  return VOTE_OPTIONS.some((o) => o.emoji === name);
}
