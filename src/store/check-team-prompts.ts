/**
 * Shape checks for a workspace's own prompts (records and their ops), like check.ts for the rest: each returns
 * a fresh copy holding only the known fields, or throws an Error naming the offending field. What a prompt
 * may say (lengths, vocabularies, duplicates) is the domain's to check before it commits; this only keeps
 * malformed data out of the store.
 */
import { PROMPT_FORMS, SOURCE_LEANS } from '../domain/vocabulary.js';
import {
  type Op,
  TEAM_PROMPT_STATUSES,
  type TeamPromptContent,
  type TeamPromptRecord,
  type TeamPromptStatus,
} from './schema.js';

type Obj = Record<string, unknown>;

function fail(where: string, what: string): never {
  throw new Error(`${where} must be ${what}`);
}

function obj(value: unknown, where: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'an object');
  return value as Obj;
}

function str(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) fail(`${where}.${key}`, 'a non-empty string');
  return v;
}

function optStr(o: Obj, key: string, where: string): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, where);
}

function instant(o: Obj, key: string, where: string): string {
  const v = str(o, key, where);
  if (Number.isNaN(Date.parse(v))) fail(`${where}.${key}`, 'an ISO 8601 instant');
  return v;
}

function optInstant(o: Obj, key: string, where: string): string | undefined {
  return o[key] === undefined ? undefined : instant(o, key, where);
}

function oneOf<T extends string>(o: Obj, key: string, values: readonly T[], where: string): T {
  const v = o[key];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
    fail(`${where}.${key}`, `one of ${values.join(', ')}`);
  return v as T;
}

/** Copies `key` into `to` when it is set (so absent fields stay absent, never `undefined`). */
function put<T extends object, K extends keyof T>(to: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) to[key] = value;
}

function checkTeamPromptContent(value: unknown, where: string): TeamPromptContent {
  const o = obj(value, where);
  const themes = o.themes;
  if (
    !Array.isArray(themes) ||
    !themes.every((t) => typeof t === 'string' && t !== '') ||
    themes.length > 3
  ) {
    fail(`${where}.themes`, 'a list of at most 3 theme names');
  }
  const content: TeamPromptContent = {
    form: oneOf(o, 'form', PROMPT_FORMS, where),
    themes: [...(themes as string[])],
    text: str(o, 'text', where),
    discuss: str(o, 'discuss', where),
    source: {},
  };
  put(content, 'setting', optStr(o, 'setting', where));
  const s = obj(o.source, `${where}.source`);
  for (const key of ['title', 'credit', 'link', 'document'] as const) {
    put(content.source, key, optStr(s, key, `${where}.source`));
  }
  if (o.view !== undefined) {
    const v = obj(o.view, `${where}.view`);
    content.view = { leans: oneOf(v, 'leans', SOURCE_LEANS, `${where}.view`) };
    put(content.view, 'argument', optStr(v, 'argument', `${where}.view`));
  }
  return content;
}

export function checkTeamPromptRecord(value: unknown, where: string): TeamPromptRecord {
  const o = obj(value, where);
  const id = str(o, 'id', where);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) fail(`${where}.id`, 'a kebab-case id');
  const record: TeamPromptRecord = {
    team: str(o, 'team', where),
    id,
    status: oneOf(o, 'status', TEAM_PROMPT_STATUSES, where),
    via: oneOf(o, 'via', ['suggestion', 'import'] as const, where),
    createdAt: instant(o, 'createdAt', where),
    ...checkTeamPromptContent(o, where),
  };
  put(record, 'author', optStr(o, 'author', where));
  put(record, 'file', optStr(o, 'file', where));
  put(record, 'statusBy', optStr(o, 'statusBy', where));
  put(record, 'statusAt', optInstant(o, 'statusAt', where));
  put(record, 'reason', optStr(o, 'reason', where));
  put(record, 'editedBy', optStr(o, 'editedBy', where));
  put(record, 'editedAt', optInstant(o, 'editedAt', where));
  return record;
}

/** The team-prompt ops; undefined for any other op type (check.ts checks those). */
export function checkTeamPromptOp(o: Obj, where: string): Op | undefined {
  switch (o.type) {
    case 'team-prompt-add':
      return { type: 'team-prompt-add', prompt: checkTeamPromptRecord(o.prompt, `${where}.prompt`) };
    case 'team-prompt-edit':
      return {
        type: 'team-prompt-edit',
        team: str(o, 'team', where),
        id: str(o, 'id', where),
        content: checkTeamPromptContent(o.content, `${where}.content`),
        by: str(o, 'by', where),
        at: instant(o, 'at', where),
      };
    case 'team-prompt-status': {
      const from = o.from;
      if (
        !Array.isArray(from) ||
        from.length === 0 ||
        !from.every((s) => (TEAM_PROMPT_STATUSES as readonly unknown[]).includes(s))
      ) {
        fail(`${where}.from`, `a list of ${TEAM_PROMPT_STATUSES.join(', ')}`);
      }
      const op: Op = {
        type: 'team-prompt-status',
        team: str(o, 'team', where),
        id: str(o, 'id', where),
        from: [...(from as TeamPromptStatus[])],
        to: oneOf(o, 'to', TEAM_PROMPT_STATUSES, where),
        by: str(o, 'by', where),
        at: instant(o, 'at', where),
      };
      put(op, 'reason', optStr(o, 'reason', where));
      return op;
    }
    default:
      return undefined;
  }
}
