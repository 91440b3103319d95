/**
 * Small groups stay private: a tally of very few voters would show how one of them voted (with two voters,
 * each can tell the other's vote from the numbers). Such a tally is shown as "fewer than N voters", without
 * per-option numbers, bars or a lean. Exports for the channel's members keep the numbers.
 */

/** The fewest voters a tally needs to be shown option by option (TALLY_MIN_VOTERS' default). */
export const DEFAULT_MIN_VOTERS = 3;

/** True when a tally has voters, but fewer than `minVoters`: show that there were votes, not what they were. */
export function tooFewToShow(voters: number, minVoters: number): boolean {
  return voters > 0 && voters < minVoters;
}
