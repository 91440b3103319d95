/**
 * Group commit (and group reads) as a queue: work that arrives while batches are in flight waits, and the
 * next batch takes everything waiting (up to `max`), so under load one statement serves many callers and at
 * low load each goes at once. Every item was queued before its batch was sent, so what a batch reads or
 * writes is as the caller would have found it alone.
 *
 * Up to `inFlight` batches run at once (one's statement runs while another waits for the disk). Items that
 * share a key (`keys`: the rows they write, their event id) never run in two batches at once, nor twice in
 * one: a later one waits for a later batch, so each sees what the earlier one did, and two batches never
 * wait for each other's rows.
 */
export function batchQueue<T>(opts: {
  /** Runs one batch; it settles each item itself. */
  run: (batch: T[]) => Promise<void>;
  max: number;
  inFlight?: number;
  keys?: (item: T) => readonly string[];
}): (item: T) => void {
  const inFlight = opts.inFlight ?? 1;
  let queue: T[] = [];
  let running = 0;
  /** Keys of the items in batches in flight. */
  const busy = new Set<string>();
  const take = (): T[] => {
    const batch: T[] = [];
    const rest: T[] = [];
    const taken = new Set<string>();
    for (const item of queue) {
      const keys = opts.keys?.(item) ?? [];
      if (batch.length >= opts.max || keys.some((k) => busy.has(k) || taken.has(k))) {
        rest.push(item);
        // A later item with the same key stays behind this one.
        for (const k of keys) taken.add(k);
        continue;
      }
      batch.push(item);
      for (const k of keys) taken.add(k);
    }
    queue = rest;
    return batch;
  };
  const pump = (): void => {
    while (running < inFlight && queue.length > 0) {
      const batch = take();
      if (batch.length === 0) return; // everything waiting shares a key with a batch in flight
      const keys = batch.flatMap((item) => opts.keys?.(item) ?? []);
      for (const k of keys) busy.add(k);
      running++;
      void opts.run(batch).finally(() => {
        for (const k of keys) busy.delete(k);
        running--;
        pump();
      });
    }
  };
  return (item) => {
    queue.push(item);
    pump();
  };
}
