/**
 * Each workspace's library: the shipped prompts and the workspace's own (approved suggestions and imports),
 * read from the store per request, so every instance and every workspace sees its own and only its own.
 *
 * - Lookups (results, history, the close, exports) find the shipped prompts and the workspace's approved and
 *   retired ones: a retired prompt stays in the archive. Pending and rejected suggestions are never found,
 *   so they can never be posted.
 * - The rotation draws on the workspace's library mode (`/lead-vs-manage library`): `both` (the default: the
 *   shipped library, with approved prompts joining it), `shipped` or `own`. `own` with no approved prompt
 *   left falls back to the shipped library, so a schedule never stops.
 */
import type { PromptLibrary } from '../domain/library.js';
import type { Prompt } from '../domain/prompts.js';
import type { LibraryMode, TeamPromptRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';

/** What a workspace that never chose gets: the shipped library, and its approved prompts join it. */
export const DEFAULT_LIBRARY_MODE: LibraryMode = 'both';

export interface TeamLibrary extends PromptLibrary {
  /** The workspace's mode (DEFAULT_LIBRARY_MODE when it never chose). */
  readonly mode: LibraryMode;
  /** Approved own prompts, in the order they were added. */
  readonly own: readonly Prompt[];
  /** What the rotation draws on now. */
  readonly rotation: readonly Prompt[];
  /** Mode `own` with no approved prompt: the shipped library stands in. */
  readonly fallback: boolean;
  /** Every own record, whatever its status (for the duplicate check and the review). */
  readonly records: readonly TeamPromptRecord[];
}

export interface TeamLibraries {
  forTeam(team: string): Promise<TeamLibrary>;
}

/** A workspace's own prompt as a Prompt: its source inline, its lean `none` and argument empty when not given. */
export function ownPrompt(r: TeamPromptRecord): Prompt {
  const source: Prompt['source'] = {};
  for (const key of ['title', 'credit', 'link', 'document'] as const) {
    const value = r.source[key];
    if (value !== undefined) source[key] = value;
  }
  const prompt: Prompt = {
    id: r.id,
    form: r.form,
    themes: r.themes as Prompt['themes'],
    text: r.text,
    source,
    view: { leans: r.view?.leans ?? 'none', argument: r.view?.argument ?? '' },
    discuss: r.discuss,
    file: r.file ?? '',
    own: true,
  };
  if (r.setting !== undefined) prompt.setting = r.setting as Prompt['setting'];
  if (r.author !== undefined) prompt.author = r.author;
  return prompt;
}

export function createTeamLibraries(store: Store, shipped: PromptLibrary): TeamLibraries {
  // The rotation plans its passes once per library array (src/domain/rotation.ts caches by identity), so a
  // workspace gets the same array back for as long as its rotation's prompts do not change.
  const rotations = new Map<string, { key: string; items: readonly Prompt[] }>();

  function rotationOf(team: string, mode: LibraryMode, own: readonly Prompt[]): readonly Prompt[] {
    if (mode === 'shipped' || own.length === 0) return shipped.all;
    const key = `${mode}\u0000${own.map((p) => `${p.id}:${p.themes.join(',')}`).join('\u0000')}`;
    const cached = rotations.get(team);
    if (cached?.key === key) return cached.items;
    const items = mode === 'own' ? [...own] : [...shipped.all, ...own];
    rotations.set(team, { key, items });
    return items;
  }

  return {
    async forTeam(team) {
      const [records, settings] = await Promise.all([store.teamPrompts(team), store.workspaceSettings(team)]);
      const mode = settings?.library ?? DEFAULT_LIBRARY_MODE;
      const findable = records
        .filter((r) => r.status === 'approved' || r.status === 'retired')
        .map(ownPrompt);
      const own = findable.filter((p) => records.find((r) => r.id === p.id)?.status === 'approved');
      const index = new Map<string, Prompt>(shipped.all.map((p) => [p.id, p]));
      // A workspace's own prompt wins over a shipped one that later took the same id.
      for (const p of findable) index.set(p.id, p);
      const rotation = rotationOf(team, mode, own);
      return {
        mode,
        own,
        rotation,
        fallback: mode === 'own' && own.length === 0,
        records,
        all: [...index.values()],
        ids: [...index.keys()],
        find: (id) => index.get(id),
        byId: (id) => {
          const p = index.get(id);
          if (!p) throw new Error(`no prompt with id "${id}"`);
          return p;
        },
      };
    },
  };
}
