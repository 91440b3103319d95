/** A posted prompt with its tally and number of answers: what results, history, the Home tab and stats show. */
import type { Prompt } from './prompts.js';
import type { Movement } from './second-look.js';
import type { Tally } from './tally.js';

export interface PromptResult {
  channel: string;
  ts: string;
  /** Undefined when the prompt has left the library since it was posted. */
  prompt: Prompt | undefined;
  promptId: string;
  tally: Tally;
  answers: number;
  /**
   * A tally with fewer voters than this is shown as "fewer than N voters" (TALLY_MIN_VOTERS; see
   * src/domain/privacy.ts). The read model always sets it; absent, every tally is shown.
   */
  minVoters?: number;
  /** The votes on the results summary ("where do you stand now?"), once the summary asked. */
  secondLook?: { tally: Tally; movement: Movement };
  /** For a revisit: the earlier post it brings back, and that post's votes. */
  revisitOf?: { ts: string; tally: Tally };
}
