/**
 * A workspace's own prompts on PostgreSQL (table `team_prompts`, migration 2): the three ops as SQL, with the
 * file store's rules (src/store/team-prompt-table.ts), and the reads.
 * - add: a second prompt with the same (team, id) changes nothing;
 * - edit: replaces what the prompt says, never its status;
 * - status: moves only from one of the statuses the op names, so two reviews at once cannot undo each other.
 */
import { checkTeamPromptRecord } from '../check-team-prompts.js';
import type { Op, TeamPromptContent, TeamPromptRecord } from '../schema.js';
import type { Queryable } from './db.js';
import type { Statement } from './ops.js';

type TeamPromptOp = Extract<Op, { type: 'team-prompt-add' | 'team-prompt-edit' | 'team-prompt-status' }>;

const ADD = `
  INSERT INTO team_prompts (team, id, status, via, author, file, created_at, status_by, status_at, reason,
    edited_by, edited_at, content)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (team, id) DO NOTHING`;

const EDIT = `
  UPDATE team_prompts SET content = $3, edited_by = $4, edited_at = $5 WHERE team = $1 AND id = $2`;

const STATUS = `
  UPDATE team_prompts SET status = $4, status_by = $5, status_at = $6, reason = $7
  WHERE team = $1 AND id = $2 AND status = ANY ($3::text[])`;

const nullable = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function contentOf(c: TeamPromptContent): string {
  const { form, setting, themes, text, discuss, source, view } = c;
  return JSON.stringify({ form, setting, themes, text, discuss, source, view });
}

export function teamPromptStatements(op: TeamPromptOp): Statement[] {
  switch (op.type) {
    case 'team-prompt-add': {
      const p = op.prompt;
      const values = [p.team, p.id, p.status, p.via, p.author, p.file, p.createdAt, p.statusBy, p.statusAt];
      const more = [p.reason, p.editedBy, p.editedAt];
      return [{ text: ADD, values: [...values, ...more].map(nullable).concat(contentOf(p)) }];
    }
    case 'team-prompt-edit':
      return [{ text: EDIT, values: [op.team, op.id, contentOf(op.content), op.by, op.at] }];
    case 'team-prompt-status':
      return [
        {
          text: STATUS,
          values: [op.team, op.id, op.from, op.to, op.by, op.at, nullable(op.reason)],
        },
      ];
  }
}

interface Row {
  team: string;
  id: string;
  status: string;
  via: string;
  author: string | null;
  file: string | null;
  created_at: string;
  status_by: string | null;
  status_at: string | null;
  reason: string | null;
  edited_by: string | null;
  edited_at: string | null;
  content: Record<string, unknown>;
}

const COLUMNS =
  'team, id, status, via, author, file, created_at, status_by, status_at, reason, edited_by, edited_at, content';

/** A row as the record the file store would hold (checked, so a hand-edited row cannot slip through). */
function toRecord(r: Row): TeamPromptRecord {
  const raw: Record<string, unknown> = {
    ...r.content,
    team: r.team,
    id: r.id,
    status: r.status,
    via: r.via,
    createdAt: r.created_at,
    author: r.author ?? undefined,
    file: r.file ?? undefined,
    statusBy: r.status_by ?? undefined,
    statusAt: r.status_at ?? undefined,
    reason: r.reason ?? undefined,
    editedBy: r.edited_by ?? undefined,
    editedAt: r.edited_at ?? undefined,
  };
  return checkTeamPromptRecord(raw, `team_prompts row (${r.team}, ${r.id})`);
}

export async function readTeamPrompt(
  db: Queryable,
  team: string,
  id: string,
): Promise<TeamPromptRecord | undefined> {
  const [row] = await db.query<Row>(`SELECT ${COLUMNS} FROM team_prompts WHERE team = $1 AND id = $2`, [
    team,
    id,
  ]);
  return row && toRecord(row);
}

export async function readTeamPrompts(db: Queryable, team: string): Promise<TeamPromptRecord[]> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM team_prompts WHERE team = $1 ORDER BY ord`, [
    team,
  ]);
  return rows.map(toRecord);
}
