/** The queue behind the PostgreSQL store's group commits and grouped reads (src/store/postgres/batches.ts). */
import { describe, expect, it } from 'vitest';
import { batchQueue } from '../../src/store/postgres/batches.js';

interface Item {
  id: string;
  keys: string[];
}

/** A queue whose batches wait until the test lets each one finish. */
function held(inFlight: number, max = 100) {
  const batches: { ids: string[]; done(): void }[] = [];
  const push = batchQueue<Item>({
    max,
    inFlight,
    keys: (item) => item.keys,
    run: (batch) =>
      new Promise<void>((resolve) => {
        batches.push({ ids: batch.map((i) => i.id), done: resolve });
      }),
  });
  const settle = async (n: number) => {
    batches[n]?.done();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, push, settle, ids: () => batches.map((b) => b.ids) };
}

describe('batch queue', () => {
  it('sends the first item at once, and what arrives meanwhile together in the next batch', async () => {
    const q = held(1);
    for (const id of ['a', 'b', 'c']) q.push({ id, keys: [id] });
    expect(q.ids()).toEqual([['a']]);
    await q.settle(0);
    expect(q.ids()).toEqual([['a'], ['b', 'c']]);
  });

  it('takes at most `max` items in a batch', async () => {
    const q = held(1, 2);
    for (const id of ['a', 'b', 'c', 'd']) q.push({ id, keys: [id] });
    await q.settle(0);
    await q.settle(1);
    expect(q.ids()).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('runs batches side by side, but never two items with a key in common at once, and keeps their order', async () => {
    const q = held(3);
    q.push({ id: 'a1', keys: ['row-a', 'event-1'] });
    q.push({ id: 'a2', keys: ['row-a', 'event-2'] }); // the same row: waits for a1's batch
    q.push({ id: 'b1', keys: ['row-b', 'event-3'] });
    q.push({ id: 'b2', keys: ['row-b', 'event-4'] }); // waits for b1's batch
    q.push({ id: 'c1', keys: ['row-c', 'event-2'] }); // shares a2's event id: stays behind a2
    expect(q.ids()).toEqual([['a1'], ['b1']]); // a2, b2 and c1 wait for the rows in flight
    await q.settle(1); // b1 done: b2 may go, c1 still waits behind a2
    expect(q.ids()).toEqual([['a1'], ['b1'], ['b2']]);
    await q.settle(0); // a1 done
    expect(q.ids()).toEqual([['a1'], ['b1'], ['b2'], ['a2']]);
    await q.settle(3);
    expect(q.ids()).toEqual([['a1'], ['b1'], ['b2'], ['a2'], ['c1']]);
  });
});
