/** A posted prompt with its tally and number of answers: what results, history, the Home tab and stats show. */
import type { Prompt } from './prompts.js';
import type { Tally } from './tally.js';

export interface PromptResult {
  channel: string;
  ts: string;
  /** Undefined when the prompt has left the library since it was posted. */
  prompt: Prompt | undefined;
  promptId: string;
  tally: Tally;
  answers: number;
}
