/** Reads the prompt library's YAML files from disk; the parsing and checks are in src/domain/prompts.ts. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Prompt, PromptLibraryError, parsePromptLibrary } from '../domain/prompts.js';
import { errorText } from '../slack/errors.js';

/** The shipped library, `prompts/` at the top of the repository (and of the built image). */
export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts', import.meta.url));

/** How a file is named in messages: relative to the working directory when inside it, else absolute. */
function displayPath(fullPath: string): string {
  const relative = path.relative(process.cwd(), fullPath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : fullPath;
}

/**
 * Reads every `*.yml` / `*.yaml` file in `dir` (sorted by name) and returns the validated prompts in file
 * order. Throws `PromptLibraryError` listing every problem at once.
 */
export function loadPrompts(dir: string): Prompt[] {
  const full = path.resolve(dir);
  let names: string[];
  try {
    names = readdirSync(full, { withFileTypes: true })
      .filter((d) => d.isFile() && /\.ya?ml$/i.test(d.name))
      .map((d) => d.name)
      .sort();
  } catch (err) {
    throw new PromptLibraryError([
      `${displayPath(full)}: cannot read the prompt directory (${errorText(err)})`,
    ]);
  }

  if (names.length === 0) {
    throw new PromptLibraryError([
      `${displayPath(full)}: the prompt library is empty (no *.yml or *.yaml files found)`,
    ]);
  }

  const files: { file: string; yamlText: string }[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = displayPath(path.join(full, name));
    try {
      files.push({ file, yamlText: readFileSync(path.join(full, name), 'utf8') });
    } catch (err) {
      problems.push(`${file}: cannot read the file (${errorText(err)})`);
    }
  }

  const library = parsePromptLibrary(files);
  // When no file could be read, the read errors already say why; "empty library" would only add noise.
  if (files.length > 0) problems.push(...library.problems);
  if (problems.length > 0) throw new PromptLibraryError(problems);
  return library.prompts;
}
