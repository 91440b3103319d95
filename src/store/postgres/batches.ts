/**
 * Group commit (and group reads) as a queue: work that arrives while a batch is in flight waits, and the next
 * batch takes everything waiting (up to `max`, and only what `fits`), so under load one statement serves many
 * callers and at low load each goes at once. Every item was queued before its batch was sent, so what a batch
 * reads or writes is as the caller would have found it alone.
 */
export function batchQueue<T>(opts: {
  /** Runs one batch; it settles each item itself. */
  run: (batch: T[]) => Promise<void>;
  max: number;
  /** Whether `item` may join `batch` (else it waits for a later one). */
  fits?: (batch: T[], item: T) => boolean;
}): (item: T) => void {
  let queue: T[] = [];
  let running = false;
  const take = (): T[] => {
    const batch: T[] = [];
    const rest: T[] = [];
    for (const item of queue) {
      if (batch.length < opts.max && (opts.fits?.(batch, item) ?? true)) batch.push(item);
      else rest.push(item);
    }
    queue = rest;
    return batch;
  };
  const pump = (): void => {
    if (running || queue.length === 0) return;
    running = true;
    void opts.run(take()).finally(() => {
      running = false;
      pump();
    });
  };
  return (item) => {
    queue.push(item);
    pump();
  };
}
