/**
 * Measuring how long the event loop stood still while something ran: a timer-gap detector (a setImmediate
 * loop noting the longest gap between two of its turns, which sees one long stall that
 * `monitorEventLoopDelay` can miss) together with `monitorEventLoopDelay`'s own maximum.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Stall {
  /** Longest gap between two turns of the setImmediate loop, ms. */
  gapMs: number;
  /** monitorEventLoopDelay's maximum, ms. */
  delayMaxMs: number;
}

/** Runs `fn` with both detectors on; the result and the longest stall seen while it ran. */
export async function withStall<T>(fn: () => Promise<T> | T): Promise<{ result: T; stall: Stall }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let gapMs = 0;
  let last = performance.now();
  let running = true;
  const turn = () => {
    const now = performance.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  try {
    const result = await fn();
    // One more turn, so a stall at the very end is seen too.
    await new Promise((resolve) => setImmediate(resolve));
    return { result, stall: { gapMs, delayMaxMs: delay.max / 1e6 } };
  } finally {
    running = false;
    delay.disable();
  }
}

/** p-th percentile (0–100) of the values, ms. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** A Markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
