/**
 * A workspace's own prompts in memory (suggestions, approved and imported prompts), per team in the order they
 * were added, and what the three team-prompt ops do to them. Records handed out are frozen.
 */
import type { Op, TeamPromptRecord } from './schema.js';

type TeamPromptOp = Extract<Op, { type: 'team-prompt-add' | 'team-prompt-edit' | 'team-prompt-status' }>;

function freeze(r: TeamPromptRecord): TeamPromptRecord {
  Object.freeze(r.themes);
  Object.freeze(r.source);
  if (r.view) Object.freeze(r.view);
  return Object.freeze(r);
}

export class TeamPromptTable {
  /** team → id → record, in the order added. */
  private readonly teams = new Map<string, Map<string, TeamPromptRecord>>();

  get(team: string, id: string): TeamPromptRecord | undefined {
    return this.teams.get(team)?.get(id);
  }

  /** One team's records, oldest first. */
  list(team: string): TeamPromptRecord[] {
    return [...(this.teams.get(team)?.values() ?? [])];
  }

  /** Every record, team by team (for the snapshot). */
  rows(): TeamPromptRecord[] {
    return [...this.teams.values()].flatMap((m) => [...m.values()]);
  }

  /** Adds a record unless the team already has that id (the first one stays). */
  add(record: TeamPromptRecord): void {
    let byId = this.teams.get(record.team);
    if (!byId) {
      byId = new Map();
      this.teams.set(record.team, byId);
    }
    if (!byId.has(record.id)) byId.set(record.id, freeze(record));
  }

  apply(op: TeamPromptOp): void {
    if (op.type === 'team-prompt-add') {
      this.add(op.prompt);
      return;
    }
    const byId = this.teams.get(op.team);
    const cur = byId?.get(op.id);
    if (!byId || !cur) return;
    if (op.type === 'team-prompt-edit') {
      const { setting: _s, view: _v, ...kept } = cur;
      byId.set(op.id, freeze({ ...kept, ...op.content, editedBy: op.by, editedAt: op.at }));
      return;
    }
    if (!op.from.includes(cur.status)) return;
    const { reason: _r, ...kept } = cur;
    const next: TeamPromptRecord = { ...kept, status: op.to, statusBy: op.by, statusAt: op.at };
    if (op.reason !== undefined) next.reason = op.reason;
    byId.set(op.id, freeze(next));
  }

  /** Forgets one team's records; true when it had any. */
  purge(team: string): boolean {
    return this.teams.delete(team);
  }
}
