/**
 * Each workspace's library, read from a real store: what lookups find (never a pending or rejected suggestion;
 * a retired prompt still), what the rotation draws on per library mode, and the rotation's prompts handed out as
 * the same array while they do not change (the rotation plans its passes once per array).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTeamLibraries } from '../../src/app/team-library.js';
import { promptLibrary } from '../../src/domain/library.js';
import type { Op } from '../../src/store/schema.js';
import { open, removeTempDirs, T, teamPromptRecord, tempFile } from '../store/helpers.js';
import { samplePrompt } from '../support/prompt-fixture.js';

afterAll(removeTempDirs);

const shipped = promptLibrary([
  samplePrompt({ id: 'shipped-a' }),
  samplePrompt({ id: 'shipped-b', text: 'B.' }),
]);
const add = (id: string, status: 'pending' | 'approved' | 'rejected' | 'retired', team = T): Op => ({
  type: 'team-prompt-add',
  prompt: teamPromptRecord(id, { team, status, text: `Text of ${id}.` }),
});

describe('a workspace library', () => {
  it('finds shipped, approved and retired prompts, never pending or rejected ones, nor another workspace’s', async () => {
    const store = await open(tempFile());
    await store.commit([
      add('own-ok', 'approved'),
      add('own-wait', 'pending'),
      add('own-no', 'rejected'),
      add('own-old', 'retired'),
      add('own-theirs', 'approved', 'T-other'),
    ]);
    const lib = await createTeamLibraries(store, shipped).forTeam(T);
    expect(lib.mode).toBe('both');
    expect(lib.find('shipped-a')?.id).toBe('shipped-a');
    expect(lib.find('own-ok')).toMatchObject({
      own: true,
      author: 'U1',
      source: { title: 'Our offsite notes' },
    });
    expect(lib.find('own-old')?.text).toBe('Text of own-old.');
    for (const id of ['own-wait', 'own-no', 'own-theirs']) expect(lib.find(id), id).toBeUndefined();
    expect(lib.rotation.map((p) => p.id)).toEqual(['shipped-a', 'shipped-b', 'own-ok']);
    expect(lib.records.map((r) => r.id)).toEqual(['own-ok', 'own-wait', 'own-no', 'own-old']);
    await store.close();
  });

  it('draws on its mode: shipped, own, or own falling back to shipped when none is approved', async () => {
    const store = await open(tempFile());
    const libraries = createTeamLibraries(store, shipped);
    await store.commit([{ type: 'workspace-settings', team: T, set: { library: 'own' } }]);
    let lib = await libraries.forTeam(T);
    expect(lib.fallback).toBe(true);
    expect(lib.rotation).toBe(shipped.all);
    await store.commit([add('own-ok', 'approved')]);
    lib = await libraries.forTeam(T);
    expect([lib.fallback, lib.rotation.map((p) => p.id)]).toEqual([false, ['own-ok']]);
    await store.commit([{ type: 'workspace-settings', team: T, set: { library: 'shipped' } }]);
    expect((await libraries.forTeam(T)).rotation).toBe(shipped.all);
    await store.close();
  });

  it('hands out the same rotation array until its prompts change', async () => {
    const store = await open(tempFile());
    const libraries = createTeamLibraries(store, shipped);
    await store.commit([add('own-ok', 'approved'), add('own-wait', 'pending')]);
    const first = (await libraries.forTeam(T)).rotation;
    await store.commit([add('own-more', 'pending')]);
    expect((await libraries.forTeam(T)).rotation).toBe(first);
    await store.commit([
      {
        type: 'team-prompt-status',
        team: T,
        id: 'own-wait',
        from: ['pending'],
        to: 'approved',
        by: 'U9',
        at: '2026-01-01T00:00:00Z',
      },
    ]);
    const grown = (await libraries.forTeam(T)).rotation;
    expect(grown).not.toBe(first);
    expect(grown.map((p) => p.id)).toEqual(['shipped-a', 'shipped-b', 'own-ok', 'own-wait']);
    await store.close();
  });
});
