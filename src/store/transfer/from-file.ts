/**
 * Reads everything a lowdb file store holds, workspace by workspace. The store is opened (which takes its
 * lock: a running app refuses the move) and folded, then its snapshot is loaded into a State of its own,
 * whose iteration gives what the Store interface cannot list: workspaces, tombstones, event ids.
 */
import { dirname } from 'node:path';
import type { FileStore } from '../file-store.js';
import { nodeFiles } from '../files.js';
import type { ScheduleRecord } from '../schema.js';
import { SnapshotFile } from '../snapshot-file.js';
import { State } from '../state.js';
import { readTexts } from '../stored-answer.js';
import type { TeamData } from './data.js';

export interface StoreContents {
  teams: TeamData[];
  /** Applied event ids, oldest first. */
  eventIds: string[];
}

/** `store` must be the file store open at `path` (so no other process writes it meanwhile). */
export async function readFileStore(store: FileStore, path: string): Promise<StoreContents> {
  await store.compact(); // the snapshot now holds every commit
  const limits = { maxEventIds: Number.MAX_SAFE_INTEGER, maxTombstones: Number.MAX_SAFE_INTEGER };
  const state = (await new SnapshotFile(nodeFiles, path, limits).read()) ?? new State(limits);
  const teams = new Map<string, TeamData>();
  const team = (id: string): TeamData => {
    let t = teams.get(id);
    if (!t) {
      t = {
        team: id,
        posts: [],
        schedules: [],
        rotations: [],
        tombstones: [],
        channelSettings: [],
        workspaceSettings: undefined,
        teamPrompts: [],
      };
      teams.set(id, t);
    }
    return t;
  };
  for (const { record: post } of state.postEntries()) {
    team(post.team).posts.push({
      post,
      votes: state.votes(post.team, post.channel, post.ts),
      secondVotes: state.votes(post.team, post.channel, post.ts, true),
      answers: await readTexts(nodeFiles, dirname(path), state.answers(post.team, post.channel, post.ts)),
    });
  }
  const schedules: ScheduleRecord[] = state.schedules();
  for (const s of schedules) team(s.team).schedules.push(s);
  for (const r of state.rotations()) team(r.team).rotations.push(r);
  for (const [id, channel, ts] of state.tombstones()) team(id).tombstones.push({ channel, ts });
  for (const { team: id, channel, set } of state.settings.channelRows())
    team(id).channelSettings.push({ channel, set });
  for (const row of state.settings.workspaceRows()) team(row.team).workspaceSettings = row.set;
  for (const prompt of state.teamPrompts.rows()) team(prompt.team).teamPrompts.push(prompt);
  return { teams: [...teams.values()], eventIds: state.eventIds() };
}
