/**
 * A workspace's own prompts as use cases: suggesting one (anyone), and reviewing, editing, retiring and
 * restoring them (the app's admins; the caller checks who may). Every read and write is scoped to the
 * workspace the request came from. A status only moves from the one the admin saw (`team-prompt-status`
 * names it), so two admins reviewing at once cannot undo each other.
 */
import { randomBytes } from 'node:crypto';
import {
  MAX_PENDING_PER_PERSON,
  type SuggestionField,
  type SuggestionInput,
  suggestionId,
  suggestionProblems,
  textKey,
} from '../domain/own-prompts.js';
import type { TeamPromptContent, TeamPromptRecord, TeamPromptStatus } from '../store/schema.js';
import type { Deps } from './deps.js';
import type { TeamLibrary } from './team-library.js';

type OwnDeps = Pick<Deps, 'store' | 'library' | 'prompts' | 'now'>;

export type FormOutcome =
  | { ok: true; record: TeamPromptRecord }
  | { ok: false; problems: Partial<Record<SuggestionField, string>> };

/** The statuses whose text another prompt may not repeat: a rejected suggestion is no prompt. */
const LIVE: readonly TeamPromptStatus[] = ['pending', 'approved', 'retired'];

/** Whether `text` says what a shipped prompt or one of the workspace's own already says (not `except`). */
function duplicateOf(library: TeamLibrary, shipped: OwnDeps['library'], text: string, except?: string) {
  const key = textKey(text);
  if (shipped.all.some((p) => textKey(p.text) === key)) return 'shipped';
  const own = library.records.find(
    (r) => r.id !== except && LIVE.includes(r.status) && textKey(r.text) === key,
  );
  return own?.status;
}

const DUPLICATE: Record<TeamPromptStatus | 'shipped', string> = {
  shipped: 'The library already has this prompt (the same words). Suggest a different one.',
  pending: 'Someone already suggested this prompt (the same words); it is waiting for review.',
  approved: "Your team's library already has this prompt (the same words).",
  retired: "Your team's library had this prompt (the same words); an admin retired it.",
  rejected: '',
};

/** The content of a prompt as the form gives it; `kept` carries what the form does not show (themes, setting). */
function contentOf(input: SuggestionInput, kept?: TeamPromptRecord): TeamPromptContent {
  const form = input.form ?? 'statement';
  const content: TeamPromptContent = {
    form,
    themes: [...(kept?.themes ?? [])],
    text: input.text,
    discuss: input.discuss,
    source: {},
  };
  if (form === 'situation' && kept?.setting !== undefined) content.setting = kept.setting;
  for (const key of ['title', 'credit', 'link'] as const) {
    const value = input[key];
    if (value !== undefined) content.source[key] = value;
  }
  if (kept?.source.document !== undefined) content.source.document = kept.source.document;
  if (input.leans !== undefined || input.argument !== undefined) {
    content.view = { leans: input.leans ?? 'none' };
    if (input.argument !== undefined) content.view.argument = input.argument;
  }
  return content;
}

/** What a stored prompt looks like in the form (to edit it). */
export function formOf(r: TeamPromptRecord): SuggestionInput {
  const input: SuggestionInput = { text: r.text, form: r.form, discuss: r.discuss };
  for (const key of ['title', 'credit', 'link'] as const) {
    const value = r.source[key];
    if (value !== undefined) input[key] = value;
  }
  if (r.view) {
    input.leans = r.view.leans;
    if (r.view.argument !== undefined) input.argument = r.view.argument;
  }
  return input;
}

/** Anyone's suggestion: checked (lengths, duplicates, 10 waiting per person), then stored as pending. */
export async function suggest(
  deps: OwnDeps,
  team: string,
  user: string,
  input: SuggestionInput,
): Promise<FormOutcome> {
  const problems = suggestionProblems(input);
  const library = await deps.prompts.forTeam(team);
  const waiting = library.records.filter((r) => r.status === 'pending' && r.author === user).length;
  if (waiting >= MAX_PENDING_PER_PERSON) {
    problems.text = `You have ${waiting} suggestions waiting for review, the most one person may have. Once an admin has reviewed some, suggest more.`;
  } else if (problems.text === undefined) {
    const dup = duplicateOf(library, deps.library, input.text);
    if (dup) problems.text = DUPLICATE[dup];
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const taken = new Set([...deps.library.ids, ...library.records.map((r) => r.id)]);
  const record: TeamPromptRecord = {
    team,
    id: suggestionId(input.text, taken, () => randomBytes(2).toString('hex')),
    status: 'pending',
    via: 'suggestion',
    author: user,
    createdAt: deps.now().toISOString(),
    ...contentOf(input),
  };
  await deps.store.commit([{ type: 'team-prompt-add', prompt: record }]);
  return { ok: true, record };
}

export type ReviewOutcome =
  | { ok: true; record: TeamPromptRecord }
  /** No such prompt in this workspace, or it is no longer in a status the change applies to. */
  | { ok: false; record: TeamPromptRecord | undefined };

/** Moves a prompt from one of `from` to `to`; says what became of it when someone else got there first. */
export async function changeStatus(
  deps: OwnDeps,
  change: {
    team: string;
    id: string;
    by: string;
    from: TeamPromptStatus[];
    to: TeamPromptStatus;
    reason?: string;
  },
): Promise<ReviewOutcome> {
  const { team, id, by, from, to, reason } = change;
  const before = await deps.store.teamPrompt(team, id);
  if (!before || !from.includes(before.status)) return { ok: false, record: before };
  const at = deps.now().toISOString();
  await deps.store.commit([
    { type: 'team-prompt-status', team, id, from, to, by, at, ...(reason ? { reason } : {}) },
  ]);
  const after = await deps.store.teamPrompt(team, id);
  const mine = after?.status === to && after.statusBy === by && after.statusAt === at;
  return mine && after ? { ok: true, record: after } : { ok: false, record: after };
}

/** An admin's edit (and, for a suggestion, its approval): checked like a suggestion, bar the rate. */
export async function editOwn(
  deps: OwnDeps,
  who: { team: string; user: string },
  id: string,
  input: SuggestionInput,
  approve: boolean,
): Promise<FormOutcome | { ok: false; gone: TeamPromptRecord | undefined }> {
  const { team, user } = who;
  const current = await deps.store.teamPrompt(team, id);
  const editable: TeamPromptStatus[] = approve ? ['pending'] : ['pending', 'approved', 'retired'];
  if (!current || !editable.includes(current.status)) return { ok: false, gone: current };
  const problems = suggestionProblems(input);
  if (problems.text === undefined) {
    const dup = duplicateOf(await deps.prompts.forTeam(team), deps.library, input.text, id);
    if (dup) problems.text = DUPLICATE[dup];
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const at = deps.now().toISOString();
  await deps.store.commit([
    { type: 'team-prompt-edit', team, id, content: contentOf(input, current), by: user, at },
    ...(approve
      ? [
          {
            type: 'team-prompt-status' as const,
            team,
            id,
            from: ['pending' as const],
            to: 'approved' as const,
            by: user,
            at,
          },
        ]
      : []),
  ]);
  const after = await deps.store.teamPrompt(team, id);
  if (!after || (approve && after.status !== 'approved')) return { ok: false, gone: after };
  return { ok: true, record: after };
}
