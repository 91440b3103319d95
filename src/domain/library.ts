/** The loaded prompt library, indexed by id. */
import type { Prompt } from './prompts.js';

export interface PromptLibrary<P extends Prompt = Prompt> {
  readonly all: readonly P[];
  readonly ids: readonly string[];
  /** The prompt with this id; a prompt removed from the library since it was posted comes back as undefined. */
  find(id: string): P | undefined;
  byId(id: string): P;
}

export function promptLibrary<P extends Prompt>(prompts: readonly P[]): PromptLibrary<P> {
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
