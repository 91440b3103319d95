/** The loaded prompt library, indexed by id. */
import type { Prompt } from './prompts.js';

export interface PromptLibrary {
  readonly all: readonly Prompt[];
  readonly ids: readonly string[];
  /** The prompt with this id; a prompt removed from the library since it was posted comes back as undefined. */
  find(id: string): Prompt | undefined;
  byId(id: string): Prompt;
}

export function promptLibrary(prompts: readonly Prompt[]): PromptLibrary {
  const index = new Map(prompts.map((p) => [p.id, p]));
  return {
    all: prompts,
    ids: prompts.map((p) => p.id),
    find: (id) => index.get(id),
    byId: (id) => {
      const p = index.get(id);
      if (!p) throw new Error(`no prompt with id "${id}"`);
      return p;
    },
  };
}
