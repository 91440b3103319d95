/** The replies to `/lead-vs-manage revisit on|off`, word for word (tests assert these). */
import { COMMAND } from '../slack/surface.js';

/** "at most one prompt in 4" (PROMPT_REVISIT_EVERY). */
function howOften(every: number): string {
  return every <= 1 ? 'as often as one is due' : `at most one prompt in ${every}`;
}

export function revisitReply(on: boolean, already: boolean, every: number): string {
  if (on) {
    return (
      `Revisits are ${already ? 'already ' : ''}on here: a prompt this channel discussed 12 months or more ago ` +
      `may come back (${howOften(every)}), and its results will show then and now side by side. ` +
      `\`${COMMAND} revisit off\` stops it.`
    );
  }
  return already
    ? `Revisits are already off here. \`${COMMAND} revisit on\` lets prompts discussed 12 months or more ago come back.`
    : `Revisits are off here: prompts come from the rotation only. \`${COMMAND} revisit on\` turns them back on.`;
}
