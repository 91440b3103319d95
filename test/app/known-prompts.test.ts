/** Which messages are prompts: a yes is remembered (up to a bound), a no is asked again. */
import { describe, expect, it } from 'vitest';
import { knownPrompts } from '../../src/app/known-prompts.js';
import type { PostRecord } from '../../src/store/schema.js';

function storeOf(prompts: Set<string>) {
  const asked: string[] = [];
  return {
    asked,
    async post(team: string, channel: string, ts: string): Promise<PostRecord | undefined> {
      asked.push(ts);
      return prompts.has(`${channel}/${ts}`)
        ? { team, channel, ts, promptId: 'p', postedAt: '2026-11-29T10:00:00.000Z' }
        : undefined;
    },
  };
}

describe('known prompts', () => {
  it('remembers a prompt, asks again about a message that was not one yet', async () => {
    const prompts = new Set(['C1/1.1']);
    const store = storeOf(prompts);
    const known = knownPrompts(store);
    expect(await known.has('T1', 'C1', '1.1')).toBe(true);
    expect(await known.has('T1', 'C1', '1.1')).toBe(true);
    expect(await known.has('T1', 'C1', '2.2')).toBe(false);
    prompts.add('C1/2.2'); // recorded a moment later
    expect(await known.has('T1', 'C1', '2.2')).toBe(true);
    expect(await known.has('T1', 'C2', '1.1')).toBe(false); // another channel's message
    expect(store.asked).toEqual(['1.1', '2.2', '2.2', '1.1']);
  });

  it('keeps the latest prompts only', async () => {
    const store = storeOf(new Set(['C1/1.1', 'C1/2.2', 'C1/3.3']));
    const known = knownPrompts(store, 2);
    for (const ts of ['1.1', '2.2', '3.3', '3.3', '2.2', '1.1']) await known.has('T1', 'C1', ts);
    expect(store.asked).toEqual(['1.1', '2.2', '3.3', '1.1']);
  });
});
