/**
 * `npm run prompts:import` as a user runs it (its own process, DB_FILE from the environment), on the fixture
 * files in test/fixtures/own-prompts/: a team's prompts checked like the shipped library, every problem with
 * its line, nothing added when anything is wrong, the team's documents checked for copying when given, and
 * the app's store left alone while the app holds it. The first import runs the CLI as its own process (argv, exit
 * code, output); the rest call its function in this process with the same clean environment.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runImportCli } from '../../src/cli/prompts-import.js';
import { open, removeTempDirs, tempFile } from '../store/helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = 'test/fixtures/own-prompts';
const DOCUMENTS = `${FIXTURES}/documents`;

afterAll(removeTempDirs);

/** The CLI as a user runs it: its own process. */
function runProcess(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src', 'cli', 'prompts-import.ts'), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DB_FILE: '',
        DATABASE_URL: '',
        ...env,
      },
    },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The CLI's own function in this process, with the same clean environment: what it prints and its exit code. */
async function run(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runImportCli(args, {
    cwd: root,
    env: { DB_FILE: '', DATABASE_URL: '', ...env },
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
  });
  return { code, out, err };
}

async function stored(file: string, team: string) {
  const store = await open(file);
  try {
    return await store.teamPrompts(team);
  } finally {
    await store.close();
  }
}

describe('npm run prompts:import', () => {
  it("adds a valid file to one workspace's library, approved, with its author; a second run adds nothing", async () => {
    const db = tempFile();
    const first = runProcess(
      [`${FIXTURES}/team.yml`, '--team', 'T0TEAM', '--by', 'U0ADMIN', '--documents', DOCUMENTS],
      {
        DB_FILE: db,
      },
    );
    expect(first.code, first.err).toBe(0);
    expect(first.out).toBe(
      'Imported 2 prompts into the library of workspace T0TEAM: allotment-watering-rota, night-shift-handover.\n' +
        'They join the rotation of every channel of T0TEAM (library: both).\n',
    );
    const prompts = await stored(db, 'T0TEAM');
    expect(prompts.map((p) => [p.id, p.status, p.via, p.author, p.file])).toEqual([
      ['allotment-watering-rota', 'approved', 'import', 'U0ADMIN', 'team.yml'],
      ['night-shift-handover', 'approved', 'import', 'U0ADMIN', 'team.yml'],
    ]);
    expect(prompts[1]).toMatchObject({
      form: 'situation',
      setting: 'healthcare',
      themes: ['voice-and-communication', 'people-vs-things'],
      source: {
        title: 'Team handbook, chapter 3',
        credit: 'Priya Shah, who wrote the chapter',
        document: 'handbook.md',
      },
      view: { leans: 'leadership' },
    });
    expect(await stored(db, 'T0OTHER')).toEqual([]);

    const again = await run([`${FIXTURES}/team.yml`, '--team', 'T0TEAM'], { DB_FILE: db });
    expect(again.code).toBe(1);
    expect(again.err).toContain(
      `${FIXTURES}/team.yml:2: entry 1 (id "allotment-watering-rota"): id "allotment-watering-rota" is already in your workspace's library (approved)`,
    );
    expect(again.err).toContain(
      'text is the same as prompt "allotment-watering-rota" already in the library',
    );
    expect(again.err).toMatch(/4 problems: nothing was imported\.\n$/);
    expect(await stored(db, 'T0TEAM')).toHaveLength(2);
    // Another workspace may import the same file: each workspace has its own library.
    expect((await run([`${FIXTURES}/team.yml`, '--team', 'T0OTHER'], { DB_FILE: db })).code).toBe(0);
  });

  it('reports every problem with its line and adds nothing, not even the valid entry', async () => {
    const db = tempFile();
    const r = await run([`${FIXTURES}/broken.yml`, '--team', 'T0TEAM'], { DB_FILE: db });
    expect(r.code).toBe(1);
    const file = `${FIXTURES}/broken.yml`;
    expect(r.err.split('\n').filter(Boolean)).toEqual([
      `${file}:12: entry 2 (id "Too Long"): id must be lowercase letters and digits in words joined by single hyphens, like "vision-vs-plan" (got "Too Long")`,
      `${file}:15: entry 2 (id "Too Long"): text must be at most 280 characters (got 312)`,
      expect.stringContaining(
        `${file}:24: entry 3 (id "no-title"): setting is missing (a situation names where it takes place`,
      ),
      `${file}:28: entry 3 (id "no-title"): source.title is missing (your source's title: a team's source is given inline, with credit and an optional link)`,
      `${file}:29: entry 3 (id "no-title"): source.link must be a web address starting with https:// or http:// (got "ftp://example.com/depot")`,
      `${file}:31: entry 3 (id "no-title"): view.leans must be one of leadership, management, both, none (got "sideways")`,
      `${file}:34: entry 4 (id "loaded-words"): text: "Obviously": a loaded word that carries a verdict`,
      '7 problems: nothing was imported.',
    ]);
    expect(await stored(db, 'T0TEAM')).toEqual([]);
  });

  it('refuses a draft that was not rewritten: its TODOs and its draft note', async () => {
    const r = await run([`${FIXTURES}/draft.yml`, '--check']);
    expect(r.code).toBe(1);
    for (const [line, field] of [
      [2, 'form'],
      [3, 'setting'],
      [5, 'text'],
      [8, 'source.credit'],
      [10, 'view.leans'],
      [11, 'view.argument'],
      [12, 'discuss'],
    ]) {
      expect(r.err).toContain(
        `draft.yml:${line}: entry 1 (id "draft-handbook-p2-s2"): ${field} still says TODO`,
      );
    }
    expect(r.err).toContain(
      `draft.yml:14: entry 1 (id "draft-handbook-p2-s2"): the draft note is still here`,
    );
    expect(r.err).toContain('draft.yml:7: entry 1 (id "draft-handbook-p2-s2"): source.title is missing');
  });

  it("checks for copying from the team's documents when they are given", async () => {
    const file = `${FIXTURES}/copying.yml`;
    const withDocs = await run([file, '--check', '--documents', DOCUMENTS]);
    expect(withDocs.code).toBe(1);
    expect(withDocs.err).toBe(
      `${file}:1: entry 1 (id "handover-copied"): text shares 10 words in a row with handbook.md (at most 8): "the handover is where the night is won or lost"\n` +
        '1 problem: fix it before importing.\n',
    );
    expect(await run([file, '--check'])).toMatchObject({ code: 0, out: `${file}: 1 prompt, no problems.\n` });
    // A document an entry names but which is not among those given cannot be checked: refused.
    const other = await run([
      `${FIXTURES}/team.yml`,
      '--check',
      '--documents',
      `${FIXTURES}/other-documents`,
    ]);
    expect(other.code).toBe(1);
    expect(other.err).toContain(
      'entry 2 (id "night-shift-handover"): source.document "handbook.md" is not among the documents given, so it cannot be checked for copying',
    );
    // A folder without documents is refused too.
    const empty = await run([
      `${FIXTURES}/team.yml`,
      '--check',
      '--documents',
      path.join(root, 'prompts', 'meta'),
    ]);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('no documents (.txt, .md or .html) in this folder');
  });

  it('answers a wrong command line with its usage and exit code 2', async () => {
    for (const [args, says] of [
      [[], 'name one YAML file to import'],
      [[`${FIXTURES}/team.yml`], '--team names the workspace'],
      [
        [`${FIXTURES}/team.yml`, '--team', 'general'],
        '--team must be a workspace id such as T0123ABCD (got "general")',
      ],
      [[`${FIXTURES}/team.yml`, '--team', 'T0TEAM', '--by', 'dana'], '--by must be a Slack user id'],
      [[`${FIXTURES}/team.yml`, '--colour'], "Unknown option '--colour'"],
    ] as const) {
      const r = await run([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(says);
    }
  });
});

describe('while the app holds the store', () => {
  let holder: ChildProcess | undefined;
  afterEach(async () => {
    if (holder && holder.exitCode === null) {
      holder.kill('SIGTERM');
      await once(holder, 'exit');
    }
  });

  it('refuses, saying to stop the app, and adds nothing', async () => {
    const db = tempFile();
    holder = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'test', 'support', 'hold-store.ts'), db],
      {
        cwd: root,
      },
    );
    await new Promise<void>((resolve, reject) => {
      holder?.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('holding')) resolve();
      });
      holder?.once('exit', () => reject(new Error('the holder exited')));
    });
    const r = await run([`${FIXTURES}/team.yml`, '--team', 'T0TEAM'], { DB_FILE: db });
    expect(r.code).toBe(1);
    expect(r.err).toContain('Is the app running? Stop it first');
    holder.kill('SIGTERM');
    await once(holder, 'exit');
    expect(await stored(db, 'T0TEAM')).toEqual([]);
  });
});
