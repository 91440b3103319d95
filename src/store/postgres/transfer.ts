/**
 * Everything the PostgreSQL store holds, workspace by workspace, for `npm run migrate -- --to lowdb`;
 * and the bulk insert of event ids for `--to postgres`.
 */
import type { PostData, TeamData } from '../transfer/data.js';
import {
  readAllChannelSettings,
  readRotations,
  readSchedules,
  readWorkspaceSettings,
} from './channel-reads.js';
import type { Queryable } from './db.js';
import { readAnswers, readPosts, readVotes } from './reads.js';
import { readTeamPrompts } from './team-prompts.js';

/** Every workspace with something stored. */
export async function readTeams(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ team: string }>(
    `SELECT team FROM posts UNION SELECT team FROM schedules
     UNION SELECT team FROM rotations UNION SELECT team FROM tombstones
     UNION SELECT team FROM channel_settings UNION SELECT team FROM workspace_settings
     UNION SELECT team FROM team_prompts ORDER BY team`,
  );
  return rows.map((r) => r.team);
}

export async function readTeam(db: Queryable, team: string): Promise<TeamData> {
  const channels = await db.query<{ channel: string }>(
    'SELECT channel FROM posts WHERE team = $1 GROUP BY channel ORDER BY min(id)',
    [team],
  );
  const posts: PostData[] = [];
  for (const { channel } of channels) {
    // Oldest first, so the target numbers them in the same order.
    for (const post of (await readPosts(db, team, channel)).reverse()) {
      posts.push({
        post,
        votes: await readVotes(db, team, channel, post.ts),
        secondVotes: await readVotes(db, team, channel, post.ts, 'second_votes'),
        answers: await readAnswers(db, team, channel, post.ts),
      });
    }
  }
  const tombstones = await db.query<{ channel: string; ts: string }>(
    'SELECT channel, ts FROM tombstones WHERE team = $1 ORDER BY at, channel, ts',
    [team],
  );
  return {
    team,
    posts,
    schedules: await readSchedules(db, team),
    rotations: await readRotations(db, team),
    tombstones,
    channelSettings: await readAllChannelSettings(db, team),
    workspaceSettings: await readWorkspaceSettings(db, team),
    teamPrompts: await readTeamPrompts(db, team),
  };
}

/** The `limit` most recent event ids, oldest first. */
export async function readEventIds(db: Queryable, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM (SELECT id, at FROM event_ids ORDER BY at DESC, id LIMIT $1) recent ORDER BY at, id',
    [limit],
  );
  return rows.map((r) => r.id);
}

/** Adds event ids (already there: left as they are). */
export async function addEventIds(db: Queryable, ids: readonly string[], chunk = 10_000): Promise<void> {
  for (let i = 0; i < ids.length; i += chunk) {
    await db.query('INSERT INTO event_ids (id) SELECT unnest($1::text[]) ON CONFLICT (id) DO NOTHING', [
      ids.slice(i, i + chunk),
    ]);
  }
}
