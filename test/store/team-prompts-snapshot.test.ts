/**
 * The file store's snapshot and workspaces' own prompts: a snapshot written before they existed loads, the
 * prompts survive a fold and a restart, and a malformed one refuses start-up with the record named.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { open, openError, removeTempDirs, T, teamPromptRecord, tempFile } from './helpers.js';

afterAll(removeTempDirs);

/** A snapshot as the app wrote it before own prompts (and before settings) existed. */
const OLD_SNAPSHOT = `{"version":1,"seq":2,"schedules":[],"rotations":[{"team":"${T}","channel":"C0001","seed":5,"cycle":0,"used":["a"]}],"tombstones":[],"eventIds":["E1"],"posts":[
{"team":"${T}","channel":"C0001","ts":"1.1","promptId":"a","postedAt":"2025-11-25T10:00:00.000Z","votes":{},"answers":[]}
]}
`;

describe('snapshots and own prompts', () => {
  it('loads a snapshot written before own prompts existed, then keeps them through a fold and a restart', async () => {
    const file = tempFile();
    writeFileSync(file, OLD_SNAPSHOT, { mode: 0o600 });
    const store = await open(file);
    expect(await store.teamPrompts(T)).toEqual([]);
    expect(await store.rotation(T, 'C0001')).toMatchObject({ used: ['a'] });
    await store.commit([{ type: 'team-prompt-add', prompt: teamPromptRecord('own-a') }]);
    await store.compact();
    await store.close();
    expect(readFileSync(file, 'utf8').split('\n')[0]).toContain(
      '"teamPrompts":[{"team":"T0001","id":"own-a"',
    );
    const again = await open(file);
    expect(await again.teamPrompts(T)).toEqual([teamPromptRecord('own-a')]);
    await again.close();
  });

  it('refuses a snapshot whose own prompt is malformed, naming it', async () => {
    const file = tempFile();
    const bad = { ...teamPromptRecord('own-a'), form: 'poem' };
    writeFileSync(
      file,
      OLD_SNAPSHOT.replace('"tombstones":[]', `"teamPrompts":[${JSON.stringify(bad)}],"tombstones":[]`),
    );
    const error = await openError(file);
    expect(error.message).toContain('teamPrompts[0].form must be one of statement, situation');
  });
});
