/**
 * Ops as SQL: each op of a commit becomes one statement (a rotation three), run in order in the commit's
 * transaction, so each sees what the ops before it did. Consecutive votes share one statement.
 * The rules are the file store's (src/store/state.ts), in SQL:
 * - a vote counts only on a known prompt; per (prompt, emoji, person) the greatest event ts wins, compared
 *   as decimal numbers, the first one on a tie;
 * - an answer is stored only in the thread of a known prompt and unless tombstoned; an older edit never
 *   replaces a newer one; an answer moved to another thread leaves the first; a deletion removes the row
 *   and leaves a tombstone; edits and deletions leave no old text in any table (UPDATE and DELETE);
 * - a slot claim only moves `last_slot` forwards; a purge deletes every row of the workspace.
 */
import { compareTs } from '../../domain/slack-ts.js';
import { instantMs } from '../check.js';
import type { Op } from '../schema.js';
import { teamPromptStatements } from './team-prompts.js';

export interface Statement {
  text: string;
  values: unknown[];
}

type VoteOp = Extract<Op, { type: 'vote' | 'second-vote' }>;

const UPSERT_POST = `
  INSERT INTO posts (team, channel, ts, prompt_id, posted_at, slot, closed_at, summary_ts, revisit_of)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (team, channel, ts) DO UPDATE SET
    prompt_id = excluded.prompt_id, posted_at = excluded.posted_at,
    slot = excluded.slot, closed_at = excluded.closed_at,
    summary_ts = excluded.summary_ts, revisit_of = excluded.revisit_of`;

const SET_SUMMARY = 'UPDATE posts SET summary_ts = $4 WHERE team = $1 AND channel = $2 AND ts = $3';

const CLOSE_POST = 'UPDATE posts SET closed_at = $4 WHERE team = $1 AND channel = $2 AND ts = $3';

// Rows in first-seen order (ORDER BY ord) so `votes.id` records the order people first voted.
// `votes` or `second_votes` (the second look): the same columns and rules.
const upsertVotesInto = (table: 'votes' | 'second_votes') => `
  INSERT INTO ${table} (post_id, emoji, user_id, is_on, event_ts)
  SELECT p.id, v.emoji, v.user_id, v.is_on, v.event_ts
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[])
    WITH ORDINALITY AS v (team, channel, ts, emoji, user_id, is_on, event_ts, ord)
  JOIN posts p ON p.team = v.team AND p.channel = v.channel AND p.ts = v.ts
  ORDER BY v.ord
  ON CONFLICT (post_id, emoji, user_id) DO UPDATE SET is_on = excluded.is_on, event_ts = excluded.event_ts
  WHERE excluded.event_ts::numeric > ${table}.event_ts::numeric`;
const UPSERT_VOTES = { vote: upsertVotesInto('votes'), 'second-vote': upsertVotesInto('second_votes') };

const UPSERT_ANSWER = `
  INSERT INTO answers (team, channel, ts, post_id, user_id, text, edited_at, edited_ms, delete_hash)
  SELECT p.team, p.channel, $4, p.id, $5, $6, $7, $8, $9
  FROM posts p
  WHERE p.team = $1 AND p.channel = $2 AND p.ts = $3
    AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.team = $1 AND t.channel = $2 AND t.ts = $4)
  ON CONFLICT (team, channel, ts) DO UPDATE SET
    post_id = excluded.post_id, user_id = excluded.user_id, text = excluded.text,
    edited_at = excluded.edited_at, edited_ms = excluded.edited_ms, delete_hash = excluded.delete_hash
  WHERE answers.post_id <> excluded.post_id
    OR answers.edited_ms IS NULL
    OR excluded.edited_ms >= answers.edited_ms`;

const UNANSWER = `
  WITH gone AS (DELETE FROM answers WHERE team = $1 AND channel = $2 AND ts = $3)
  INSERT INTO tombstones (team, channel, ts) VALUES ($1, $2, $3)
  ON CONFLICT (team, channel, ts) DO UPDATE SET at = now()`;

const UPSERT_SCHEDULE = `
  INSERT INTO schedules (team, channel, cron, tz, paused, origin, since, last_slot, last_slot_ms, set_by, removed)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (team, channel) DO UPDATE SET
    cron = excluded.cron, tz = excluded.tz, paused = excluded.paused, origin = excluded.origin,
    since = excluded.since, last_slot = excluded.last_slot, last_slot_ms = excluded.last_slot_ms,
    set_by = excluded.set_by, removed = excluded.removed`;

/** Fields given set their column; a NULL keeps what is there. */
const MERGE_CHANNEL_SETTINGS = `
  INSERT INTO channel_settings (team, channel, anonymous, revisit) VALUES ($1, $2, $3, $4)
  ON CONFLICT (team, channel) DO UPDATE SET
    anonymous = coalesce(excluded.anonymous, channel_settings.anonymous),
    revisit = coalesce(excluded.revisit, channel_settings.revisit)`;

const MERGE_WORKSPACE_SETTINGS = `
  INSERT INTO workspace_settings (team, library) VALUES ($1, $2)
  ON CONFLICT (team) DO UPDATE SET library = coalesce(excluded.library, workspace_settings.library)`;

const CLAIM_SLOT = `
  UPDATE schedules SET last_slot = $3, last_slot_ms = $4
  WHERE team = $1 AND channel = $2 AND (last_slot_ms IS NULL OR last_slot_ms < $4)`;

const UPSERT_ROTATION = `
  INSERT INTO rotations (team, channel, seed, cycle) VALUES ($1, $2, $3, $4)
  ON CONFLICT (team, channel) DO UPDATE SET seed = excluded.seed, cycle = excluded.cycle`;

const INSERT_USED = `
  INSERT INTO rotation_used (team, channel, position, prompt_id)
  SELECT $1, $2, u.ord, u.prompt_id FROM unnest($3::text[]) WITH ORDINALITY AS u (prompt_id, ord)`;

const PURGE = `
  WITH p AS (DELETE FROM posts WHERE team = $1),
       t AS (DELETE FROM tombstones WHERE team = $1),
       s AS (DELETE FROM schedules WHERE team = $1),
       c AS (DELETE FROM channel_settings WHERE team = $1),
       w AS (DELETE FROM workspace_settings WHERE team = $1),
       tp AS (DELETE FROM team_prompts WHERE team = $1),
       n AS (DELETE FROM now_claims WHERE team = $1),
       u AS (DELETE FROM unsettled_posts WHERE team = $1)
  DELETE FROM rotations WHERE team = $1`;

const nullable = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** The statements that apply `ops` (already checked by checkOp) in order. */
export function statementsFor(ops: readonly Op[]): Statement[] {
  const out: Statement[] = [];
  let votes: VoteOp[] = [];
  const flushVotes = () => {
    if (votes.length > 0) out.push(upsertVotes(votes));
    votes = [];
  };
  for (const op of ops) {
    if (op.type === 'vote' || op.type === 'second-vote') {
      if (votes[0] !== undefined && votes[0].type !== op.type) flushVotes();
      votes.push(op);
      continue;
    }
    flushVotes();
    out.push(...statementsForOne(op));
  }
  flushVotes();
  return out;
}

function statementsForOne(op: Exclude<Op, VoteOp>): Statement[] {
  switch (op.type) {
    case 'post': {
      const p = op.post;
      return [
        {
          text: UPSERT_POST,
          values: [
            p.team,
            p.channel,
            p.ts,
            p.promptId,
            p.postedAt,
            nullable(p.slot),
            nullable(p.closedAt),
            nullable(p.summaryTs),
            nullable(p.revisitOf),
          ],
        },
      ];
    }
    case 'close':
      return [{ text: CLOSE_POST, values: [op.team, op.channel, op.ts, op.at] }];
    case 'summary':
      return [{ text: SET_SUMMARY, values: [op.team, op.channel, op.ts, op.summaryTs] }];
    case 'answer': {
      const a = op.answer;
      const editedMs = a.editedAt === undefined ? null : instantMs(a.editedAt);
      return [
        {
          text: UPSERT_ANSWER,
          values: [
            op.team,
            op.channel,
            op.threadTs,
            a.ts,
            nullable(a.user),
            a.text,
            nullable(a.editedAt),
            editedMs,
            nullable(a.deleteHash),
          ],
        },
      ];
    }
    case 'unanswer':
      return [{ text: UNANSWER, values: [op.team, op.channel, op.ts] }];
    case 'schedule': {
      const s = op.schedule;
      const lastSlotMs = s.lastSlot === undefined ? null : instantMs(s.lastSlot);
      return [
        {
          text: UPSERT_SCHEDULE,
          values: [
            s.team,
            s.channel,
            s.cron,
            s.tz,
            s.paused,
            s.origin,
            s.since,
            nullable(s.lastSlot),
            lastSlotMs,
            nullable(s.setBy),
            s.removed === true,
          ],
        },
      ];
    }
    case 'unschedule':
      return [
        { text: 'DELETE FROM schedules WHERE team = $1 AND channel = $2', values: [op.team, op.channel] },
      ];
    case 'pause':
      return [
        {
          text: 'UPDATE schedules SET paused = $3 WHERE team = $1 AND channel = $2',
          values: [op.team, op.channel, op.paused],
        },
      ];
    case 'slot':
      return [{ text: CLAIM_SLOT, values: [op.team, op.channel, op.slot, instantMs(op.slot)] }];
    case 'rotation': {
      const r = op.rotation;
      return [
        { text: UPSERT_ROTATION, values: [r.team, r.channel, r.seed, r.cycle] },
        { text: 'DELETE FROM rotation_used WHERE team = $1 AND channel = $2', values: [r.team, r.channel] },
        { text: INSERT_USED, values: [r.team, r.channel, r.used] },
      ];
    }
    case 'channel-settings':
      return [
        {
          text: MERGE_CHANNEL_SETTINGS,
          values: [op.team, op.channel, nullable(op.set.anonymous), nullable(op.set.revisit)],
        },
      ];
    case 'workspace-settings':
      return [{ text: MERGE_WORKSPACE_SETTINGS, values: [op.team, nullable(op.set.library)] }];
    case 'team-prompt-add':
    case 'team-prompt-edit':
    case 'team-prompt-status':
      return teamPromptStatements(op);
    case 'purge':
      return [{ text: PURGE, values: [op.team] }];
  }
}

/**
 * One statement for a run of votes of one kind (first or second look). ON CONFLICT may touch a row once per statement, so the run is first
 * reduced to one vote per (prompt, emoji, person): the greatest event ts, the first on a tie, kept at the
 * place of that key's first vote. Applying that after the stored vote gives what applying each in turn would.
 */
function upsertVotes(run: readonly VoteOp[]): Statement {
  const latest = new Map<string, VoteOp>();
  for (const op of run) {
    const key = JSON.stringify([op.team, op.channel, op.ts, op.vote.emoji, op.vote.user]);
    const cur = latest.get(key);
    if (cur === undefined) latest.set(key, op);
    else if (compareTs(op.vote.eventTs, cur.vote.eventTs) > 0) latest.set(key, op); // keeps its first place
  }
  const cols: unknown[][] = [[], [], [], [], [], [], []];
  for (const op of latest.values()) {
    const row = [op.team, op.channel, op.ts, op.vote.emoji, op.vote.user, op.vote.on, op.vote.eventTs];
    row.forEach((v, i) => {
      cols[i]?.push(v);
    });
  }
  return { text: UPSERT_VOTES[run[0]?.type ?? 'vote'], values: cols };
}
