/**
 * `npm run prompts:import -- <file.yml> --team T… [--by U…] [--documents DIR]`: adds a team's prompts, written in
 * the library's format, to its workspace's library in the store (DB_FILE, or DATABASE_URL), checked exactly
 * like the shipped ones; `--check` only checks the file (no store, no workspace). With the file store, stop the
 * app first: it holds DB_FILE's lock. In the container image: `node dist/cli/prompts-import.js …`.
 *
 * Exit codes: 0 imported (or, with --check, nothing wrong); 1 a problem with the file, the documents or the
 * store (nothing is imported); 2 the command line is wrong.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadImportChecks, readTeamDocuments } from '../app/import-checks.js';
import { checkOwnImport, importOwnPrompts } from '../app/own-import.js';
import { loadPrompts, PROMPTS_DIR } from '../app/prompt-files.js';
import { DEFAULT_LIBRARY_MODE } from '../app/team-library.js';
import { environment } from '../config.js';
import { promptLibrary } from '../domain/library.js';
import { openChosenStore } from '../store/choose.js';
import { errorMessage } from '../store/files.js';
import { StoreOpenError } from '../store/store.js';

export interface CliIo {
  /** Relative paths are resolved from here (npm runs scripts in the package folder; INIT_CWD is the user's). */
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now?: () => Date;
}

const NAME = 'prompts:import';

export const USAGE = `Usage: npm run ${NAME} -- <file.yml> --team T0123ABCD [--by U0123ABCD] [--documents DIR]
       npm run ${NAME} -- <file.yml> --check [--documents DIR]

Adds the prompts of <file.yml>, written in the library's format with the source given inline
(source: title, credit, and optionally link and document), to the library of workspace --team, in the
store the app uses (DB_FILE, or DATABASE_URL). Each entry is checked like the shipped library's, and
against the team's documents in DIR when given (no copying); nothing is added when any entry is wrong.
--by names who imports them (a Slack user id), shown as their author. --check only checks the file.
With the file store (no DATABASE_URL), stop the app first: it holds the store's lock.
`;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

interface Options {
  file: string;
  team?: string;
  by?: string;
  documents?: string;
  check: boolean;
}

function parseCommandLine(argv: readonly string[]): Options | { message: string; code: number } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        team: { type: 'string' },
        by: { type: 'string' },
        documents: { type: 'string' },
        check: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const text = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return { message: `${NAME}: ${text}\n\n${USAGE}`, code: 2 };
  }
  const v = parsed.values as {
    team?: string;
    by?: string;
    documents?: string;
    check?: boolean;
    help?: boolean;
  };
  if (v.help) return { message: USAGE, code: 0 };
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0)
    return { message: `${NAME}: name one YAML file to import\n\n${USAGE}`, code: 2 };
  if (!v.check && v.team === undefined) {
    return {
      message: `${NAME}: --team names the workspace to import into (its id, T…)\n\n${USAGE}`,
      code: 2,
    };
  }
  if (v.team !== undefined && !/^[TE][A-Z0-9]{2,}$/.test(v.team)) {
    return {
      message: `${NAME}: --team must be a workspace id such as T0123ABCD (got "${v.team}")\n`,
      code: 2,
    };
  }
  if (v.by !== undefined && !/^[UW][A-Z0-9]{2,}$/.test(v.by)) {
    return { message: `${NAME}: --by must be a Slack user id such as U0123ABCD (got "${v.by}")\n`, code: 2 };
  }
  const options: Options = { file, check: v.check === true };
  if (v.team !== undefined) options.team = v.team;
  if (v.by !== undefined) options.by = v.by;
  if (v.documents !== undefined) options.documents = v.documents;
  return options;
}

function fail(io: CliIo, problems: readonly string[], what = 'nothing was imported'): number {
  for (const p of problems) io.stderr(`${p}\n`);
  io.stderr(`${plural(problems.length, 'problem')}: ${what}.\n`);
  return 1;
}

export async function runImportCli(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseCommandLine(argv);
  if ('message' in options) {
    (options.code === 0 ? io.stdout : io.stderr)(options.message);
    return options.code;
  }
  let yamlText: string;
  try {
    yamlText = readFileSync(path.resolve(io.cwd, options.file), 'utf8');
  } catch (error) {
    return fail(io, [`${options.file}: cannot read the file (${errorMessage(error)})`]);
  }
  const docs =
    options.documents === undefined ? undefined : readTeamDocuments(path.resolve(io.cwd, options.documents));
  const loaded = loadImportChecks(PROMPTS_DIR, docs?.documents);
  const setup = [...(docs?.problems ?? []), ...loaded.problems];
  if (setup.length > 0) return fail(io, setup);
  const library = promptLibrary(loadPrompts(PROMPTS_DIR));

  if (options.check || options.team === undefined) {
    // The file alone: no workspace to compare with, nothing stored.
    const request = { team: 'T-check', file: options.file, yamlText, now: new Date(0) };
    const { problems, records } = checkOwnImport(library, [], loaded.checks, request);
    if (problems.length > 0) {
      return fail(
        io,
        problems,
        problems.length === 1 ? 'fix it before importing' : 'fix them before importing',
      );
    }
    io.stdout(`${options.file}: ${plural(records.length, 'prompt')}, no problems.\n`);
    return 0;
  }

  const env = io.env;
  const choice = {
    dbFile: env.DB_FILE?.trim() || 'data/lead-vs-manage.json',
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
  };
  let store: Awaited<ReturnType<typeof openChosenStore>>;
  try {
    store = await openChosenStore(choice, { log: (m) => io.stderr(`${m}\n`) });
  } catch (error) {
    const held = error instanceof StoreOpenError && choice.databaseUrl === undefined;
    const hint = held
      ? ' Is the app running? Stop it first: with the file store it holds the store until it stops.'
      : '';
    return fail(io, [`${error instanceof Error ? error.message : String(error)}${hint}`]);
  }
  try {
    const team = options.team;
    const outcome = await importOwnPrompts({ store, library }, loaded.checks, {
      team,
      file: options.file,
      yamlText,
      now: (io.now ?? (() => new Date()))(),
      ...(options.by === undefined ? {} : { author: options.by }),
    });
    if (!outcome.ok) return fail(io, outcome.problems);
    const mode = (await store.workspaceSettings(team))?.library ?? DEFAULT_LIBRARY_MODE;
    io.stdout(
      `Imported ${plural(outcome.added.length, 'prompt')} into the library of workspace ${team}: ${outcome.added.map((r) => r.id).join(', ')}.\n`,
    );
    io.stdout(
      mode === 'shipped'
        ? 'The workspace uses only the shipped library: an admin adds these to the rotation with `/lead-vs-manage library both` (or `own`).\n'
        : `They join the rotation of every channel of ${team} (library: ${mode}).\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  process.exitCode = await runImportCli(process.argv.slice(2), {
    cwd: (process.env.npm_lifecycle_event === NAME && process.env.INIT_CWD) || process.cwd(),
    env: environment(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
