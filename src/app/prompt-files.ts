/**
 * Reads the prompt library's YAML files and its document registry from disk; the parsing and checks are in
 * src/domain/prompts.ts and src/domain/documents.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DocumentRegistry, parseDocumentRegistry } from '../domain/documents.js';
import { PromptLibraryError, parsePromptLibrary, type ShippedPrompt } from '../domain/prompts.js';
import { errorText } from '../slack/errors.js';

/** The shipped library, `prompts/` at the top of the repository (and of the built image). */
export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts', import.meta.url));

/** The document registry and the source fingerprints, inside the prompt directory (never read as prompts). */
export const META_DIR = 'meta';
const DOCUMENTS_FILE = path.join(META_DIR, 'documents.yml');

/** How a file is named in messages: relative to the working directory when inside it, else absolute. */
export function displayPath(fullPath: string): string {
  const relative = path.relative(process.cwd(), fullPath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : fullPath;
}

/** The registry of `<dir>/meta/documents.yml`, with its problems (a file that cannot be read is one). */
function readDocumentRegistry(dir: string): { registry: DocumentRegistry; problems: string[] } {
  const full = path.resolve(dir, DOCUMENTS_FILE);
  const file = displayPath(full);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    return {
      registry: { file, documents: new Map() },
      problems: [`${file}: cannot read the document registry (${errorText(err)})`],
    };
  }
  return parseDocumentRegistry(file, text);
}

/** The library as read from disk: its files, the registry, the valid prompts and every problem found. */
export interface PromptLibraryFiles {
  files: { file: string; yamlText: string }[];
  registry: DocumentRegistry;
  prompts: ShippedPrompt[];
  problems: string[];
}

/**
 * Reads every `*.yml` / `*.yaml` file in `dir` (sorted by name; `meta/` is not read as prompts) and validates
 * it, each source resolved through `meta/documents.yml`. Never throws: `problems` lists every problem.
 */
export function readPromptLibrary(dir: string): PromptLibraryFiles {
  const full = path.resolve(dir);
  const empty = { files: [], registry: { file: '', documents: new Map() }, prompts: [] };
  let names: string[];
  try {
    names = readdirSync(full, { withFileTypes: true })
      .filter((d) => d.isFile() && /\.ya?ml$/i.test(d.name))
      .map((d) => d.name)
      .sort();
  } catch (err) {
    return {
      ...empty,
      problems: [`${displayPath(full)}: cannot read the prompt directory (${errorText(err)})`],
    };
  }
  if (names.length === 0) {
    return {
      ...empty,
      problems: [`${displayPath(full)}: the prompt library is empty (no *.yml or *.yaml files found)`],
    };
  }

  const { registry, problems } = readDocumentRegistry(full);
  const files: { file: string; yamlText: string }[] = [];
  for (const name of names) {
    const file = displayPath(path.join(full, name));
    try {
      files.push({ file, yamlText: readFileSync(path.join(full, name), 'utf8') });
    } catch (err) {
      problems.push(`${file}: cannot read the file (${errorText(err)})`);
    }
  }
  const library = parsePromptLibrary(files, registry);
  // When no file could be read, the read errors already say why; "empty library" would only add noise.
  if (files.length > 0) problems.push(...library.problems);
  return { files, registry, prompts: library.prompts, problems };
}

/** The validated prompts of `dir` in file order; throws `PromptLibraryError` listing every problem at once. */
export function loadPrompts(dir: string): ShippedPrompt[] {
  const library = readPromptLibrary(dir);
  if (library.problems.length > 0) throw new PromptLibraryError(library.problems);
  return library.prompts;
}
