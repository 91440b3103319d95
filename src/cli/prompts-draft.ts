/**
 * `npm run prompts:draft -- [--max N] [--out FILE] <documents…>`: reads .txt, .md and .html documents and
 * writes draft prompts (the library's YAML) pointing at the passages that contrast leading with managing,
 * for a person to rewrite and import. This file only reads and writes files; src/domain/draft/ does the rest.
 *
 * Exit codes: 0 drafts written (even none); 1 a document could not be read or is of an unsupported type, or
 * the output could not be written (nothing is written then); 2 the command line is wrong.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MAX_PER_DOCUMENT,
  documentKind,
  draftPrompts,
  type SourceDocument,
} from '../domain/draft/index.js';

export interface CliIo {
  /** Relative paths are resolved from here (npm runs scripts in the package folder; INIT_CWD is the user's). */
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const NAME = 'prompts:draft';

export const USAGE = `Usage: npm run ${NAME} -- [--max N] [--out FILE] <document>...

Reads .txt, .md and .html documents, finds the passages that contrast leading with managing (vision
with execution, people with things...), and writes one draft prompt per passage in the library's YAML
format, strongest first, at most N per document (default ${DEFAULT_MAX_PER_DOCUMENT}). Drafts point at the passages and never
copy them: write every TODO in your own words and delete each draft note, then import the file.
Output goes to standard output, or to FILE with --out.
`;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

interface Options {
  files: string[];
  max: number;
  out?: string;
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      max: { type: 'string' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

/** parseArgs' error as a short sentence: "unknown option --x", "--max needs a value". */
function argumentProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(--?[^ ']+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `${option} needs a value`;
  return message.split('\n')[0] ?? message;
}

/** The command line as options, or the message and exit code to stop with. */
function parseCommandLine(argv: readonly string[]): Options | { message: string; code: number } {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    return { message: `${NAME}: ${argumentProblem(error)}\n\n${USAGE}`, code: 2 };
  }
  if (parsed.values.help) return { message: USAGE, code: 0 };
  const files = parsed.positionals;
  if (files.length === 0) {
    return { message: `${NAME}: name at least one document (.txt, .md or .html)\n\n${USAGE}`, code: 2 };
  }
  const maxText = parsed.values.max ?? String(DEFAULT_MAX_PER_DOCUMENT);
  if (!/^[1-9]\d{0,5}$/.test(maxText)) {
    return { message: `${NAME}: --max must be a whole number of 1 or more (got "${maxText}")\n`, code: 2 };
  }
  const options: Options = { files, max: Number(maxText) };
  if (parsed.values.out !== undefined) options.out = parsed.values.out;
  return options;
}

/** Reads every document, or reports every one that cannot be read; nothing is drafted unless all can. */
async function readDocuments(
  files: readonly string[],
  cwd: string,
): Promise<{ documents: SourceDocument[]; problems: string[] }> {
  const documents: SourceDocument[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const resolved = path.resolve(cwd, file);
    try {
      if ((await stat(resolved)).isDirectory()) {
        problems.push(`cannot read ${file}: it is a folder, not a document`);
        continue;
      }
      const kind = documentKind(file);
      if (kind === undefined) {
        problems.push(`cannot draft from ${file}: it is not a .txt, .md or .html document`);
        continue;
      }
      documents.push({ name: path.basename(file), kind, content: await readFile(resolved, 'utf8') });
    } catch (error) {
      problems.push(`cannot read ${file}: ${readProblem(error)}`);
    }
  }
  return { documents, problems };
}

export async function runDraftCli(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseCommandLine(argv);
  if ('message' in options) {
    (options.code === 0 ? io.stdout : io.stderr)(options.message);
    return options.code;
  }
  const out = options.out === undefined ? undefined : path.resolve(io.cwd, options.out);
  const overwritten = options.files.find((file) => path.resolve(io.cwd, file) === out);
  if (overwritten !== undefined) {
    io.stderr(
      `${NAME}: --out ${options.out} would overwrite the document ${overwritten}; choose another file\n`,
    );
    return 2;
  }

  const { documents, problems } = await readDocuments(options.files, io.cwd);
  if (problems.length > 0) {
    for (const problem of problems) io.stderr(`${NAME}: ${problem}\n`);
    io.stderr('Nothing was written.\n');
    return 1;
  }
  const result = draftPrompts(documents, { max: options.max });

  if (out === undefined) {
    io.stdout(result.yaml);
  } else {
    try {
      await writeFile(out, result.yaml, 'utf8');
    } catch (error) {
      io.stderr(`${NAME}: cannot write ${options.out}: ${readProblem(error)}\n`);
      return 1;
    }
  }

  const drafted = result.documents.reduce((sum, document) => sum + document.drafted, 0);
  const into = options.out === undefined ? '' : ` into ${options.out}`;
  io.stderr(
    `Drafted ${plural(drafted, 'prompt')} from ${plural(result.documents.length, 'document')}${into}:\n`,
  );
  for (const document of result.documents) {
    const found = document.contrasts.length;
    const detail =
      found === 0
        ? 'no contrasting passages found'
        : `${plural(found, 'contrast')} found, ${document.drafted} drafted${document.drafted < found ? ` (--max ${options.max})` : ''}`;
    io.stderr(`  ${document.name}: ${detail}\n`);
  }
  if (drafted > 0) {
    io.stderr(
      'Next: read each passage where its draft note says, write every TODO in your own words, delete the draft notes, then import the file.\n',
    );
  }
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  const code = await runDraftCli(process.argv.slice(2), {
    // `npm run` runs scripts in the package folder; INIT_CWD is the folder the user typed the command in.
    cwd: (process.env.npm_lifecycle_event === 'prompts:draft' && process.env.INIT_CWD) || process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  process.exitCode = code;
}
