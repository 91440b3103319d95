/**
 * The schedule record keeps who set it (`setBy`) and whether `schedule off` removed PROMPT_CHANNEL's default
 * (`removed`), through the journal and the snapshot; a snapshot written before either existed still loads.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSchedule } from '../../src/store/check.js';
import { open, removeTempDirs, scheduleRecord, tempFile } from './helpers.js';

afterAll(removeTempDirs);

describe('schedule records', () => {
  it('keep setBy and removed across a restart (journal, then snapshot)', async () => {
    const file = tempFile();
    let store = await open(file);
    await store.commit([{ type: 'schedule', schedule: { ...scheduleRecord(), setBy: 'U1' } }]);
    await store.commit([
      { type: 'schedule', schedule: { ...scheduleRecord('C2'), paused: true, removed: true } },
    ]);
    await store.close();
    store = await open(file);
    const [a, b] = await Promise.all([store.schedule('T0001', 'C0001'), store.schedule('T0001', 'C2')]);
    expect(a?.setBy).toBe('U1');
    expect(b).toMatchObject({ removed: true, paused: true });
    await store.close();
  });

  it('a snapshot from before setBy and removed loads as it was', async () => {
    const file = tempFile();
    const old = { ...scheduleRecord() } as Record<string, unknown>;
    delete old.setBy;
    delete old.removed;
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        seq: 0,
        schedules: [old],
        rotations: [],
        tombstones: [],
        eventIds: [],
        posts: [],
      }),
    );
    const store = await open(file);
    const loaded = await store.schedule('T0001', 'C0001');
    expect(loaded).toEqual(old);
    expect(loaded && 'setBy' in loaded).toBe(false);
    await store.close();
  });

  it('refuses a setBy that is not a user id string and a removed that is not true or false', () => {
    expect(() => checkSchedule({ ...scheduleRecord(), setBy: 42 }, 's')).toThrow(
      's.setBy must be a non-empty string',
    );
    expect(() => checkSchedule({ ...scheduleRecord(), removed: 'yes' }, 's')).toThrow(
      's.removed must be true or false',
    );
  });
});
