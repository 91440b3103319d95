/**
 * Moving a store's data between the lowdb file (DB_FILE) and PostgreSQL (DATABASE_URL), both ways.
 * The file store is opened first, which takes its lock: while the app runs on that file, nothing moves.
 * Each workspace of the source replaces the same workspace in the target (others there are left alone),
 * so running it again gives the same result. At the end the prompts, votes and answers of every
 * workspace are counted in the target through the Store interface and compared with the source.
 */
import { existsSync } from 'node:fs';
import { type FileStore, type OpenStoreOptions, openStore } from '../file-store.js';
import type { Db } from '../postgres/db.js';
import { openPostgresStore, type PostgresStore } from '../postgres/postgres-store.js';
import { addEventIds, readEventIds, readTeam, readTeams } from '../postgres/transfer.js';
import type { Store } from '../store.js';
import { type Counts, countIn, countsOf, rememberEventIds, type TeamData, writeTeam } from './data.js';
import { readFileStore } from './from-file.js';

export interface MoveOptions {
  dbFile: string;
  /** Opens the PostgreSQL side (the CLI: a pool on DATABASE_URL). The store closes it. */
  connect: () => Db;
  /** Progress lines. */
  out: (line: string) => void;
  /** Event ids kept when moving to the file (its store remembers this many). Default 50,000. */
  maxEventIds?: number;
  fileOptions?: OpenStoreOptions;
}

interface TeamCheck {
  team: string;
  source: Counts;
  target: Counts;
}

export interface MoveReport {
  checks: TeamCheck[];
  eventIds: number;
  /** Every workspace has the same counts in the target as in the source. */
  ok: boolean;
}

export class MoveError extends Error {}

async function verify(teams: TeamData[], target: Store, eventIds: number): Promise<MoveReport> {
  const checks: TeamCheck[] = [];
  for (const t of teams)
    checks.push({ team: t.team, source: countsOf(t), target: await countIn(target, t.team) });
  const same = (c: TeamCheck) =>
    c.source.prompts === c.target.prompts &&
    c.source.votes === c.target.votes &&
    c.source.answers === c.target.answers;
  return { checks, eventIds, ok: checks.every(same) };
}

async function openFile(o: MoveOptions): Promise<FileStore> {
  return openStore(o.dbFile, { foldEveryMs: 0, log: o.out, ...o.fileOptions });
}

/** Copies DB_FILE into PostgreSQL. */
export async function moveToPostgres(o: MoveOptions): Promise<MoveReport> {
  if (!existsSync(o.dbFile) && !existsSync(`${o.dbFile}.journal`)) {
    throw new MoveError(`${o.dbFile} does not exist: there is nothing to copy (is DB_FILE set right?)`);
  }
  const file = await openFile(o);
  let pg: PostgresStore | undefined;
  try {
    const source = await readFileStore(file, o.dbFile);
    const db = o.connect();
    pg = await openPostgresStore(db, { log: o.out });
    for (const t of source.teams) {
      o.out(`copying workspace ${t.team}…`);
      await writeTeam(pg, t);
    }
    await addEventIds(db, source.eventIds);
    return await verify(source.teams, pg, source.eventIds.length);
  } finally {
    await pg?.close();
    await file.close();
  }
}

/** Copies PostgreSQL into DB_FILE. */
export async function moveToLowdb(o: MoveOptions): Promise<MoveReport> {
  const file = await openFile(o); // first: refuse before reading anything while the app holds the file
  let pg: PostgresStore | undefined;
  try {
    const db = o.connect();
    pg = await openPostgresStore(db, { log: o.out });
    const teams: TeamData[] = [];
    for (const team of await readTeams(db)) teams.push(await readTeam(db, team));
    const eventIds = await readEventIds(db, o.maxEventIds ?? 50_000);
    for (const t of teams) {
      o.out(`copying workspace ${t.team}…`);
      await writeTeam(file, t);
    }
    await rememberEventIds(file, eventIds);
    return await verify(teams, file, eventIds.length);
  } finally {
    await pg?.close();
    await file.close();
  }
}

/** The report as a table, one workspace a line, then the verdict. */
export function formatReport(r: MoveReport, target: string): string[] {
  const cell = (s: number, t: number) => (s === t ? String(t) : `${t} (source ${s})`);
  const lines = ['workspace  prompts  votes  answers'];
  for (const c of r.checks) {
    lines.push(
      [
        c.team,
        cell(c.source.prompts, c.target.prompts),
        cell(c.source.votes, c.target.votes),
        cell(c.source.answers, c.target.answers),
      ].join('  '),
    );
  }
  const n = r.checks.length;
  const workspaces = `${n} ${n === 1 ? 'workspace' : 'workspaces'}`;
  lines.push(
    r.ok
      ? `Done: ${workspaces} copied to ${target} and checked (same prompts, votes and answers); ${r.eventIds} event ids kept.`
      : `Counts differ in ${target} for the workspaces marked above: do not start the app on it; run the command again.`,
  );
  return lines;
}
