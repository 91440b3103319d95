/**
 * Long work in slices: a loop calls `pause()` after each piece, which gives the event loop a turn once the
 * slice has run `budgetMs`, so acks and other requests wait at most about that long behind it.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export const SLICE_MS = 5;

export function slices(budgetMs = SLICE_MS): { pause(): Promise<void> | undefined } {
  let since = performance.now();
  return {
    pause() {
      if (performance.now() - since < budgetMs) return undefined;
      return nextTurn().then(() => {
        since = performance.now();
      });
    },
  };
}
