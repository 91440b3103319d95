import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { runDraftCli, USAGE } from '../../src/cli/prompts-draft.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/draft');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'prompts-draft-'));
  for (const name of ['offsite-notes.txt', 'team-handbook.md', 'reading-list.html', 'control.txt']) {
    copyFileSync(path.join(FIXTURES, name), path.join(dir, name));
  }
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runDraftCli(argv, {
    cwd: dir,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe('prompts:draft', () => {
  it('writes the drafts to standard output and a summary to standard error', async () => {
    const { code, stdout, stderr } = await run('offsite-notes.txt', 'team-handbook.md', 'reading-list.html');
    expect(code).toBe(0);
    expect(YAML.parse(stdout)).toHaveLength(8);
    expect(stderr).toBe(
      [
        'Drafted 8 prompts from 3 documents:',
        '  offsite-notes.txt: 3 contrasts found, 3 drafted',
        '  team-handbook.md: 3 contrasts found, 3 drafted',
        '  reading-list.html: 2 contrasts found, 2 drafted',
        'Next: read each passage where its draft note says, write every TODO in your own words, delete the draft notes, then import the file.',
        '',
      ].join('\n'),
    );
  });

  it('--out writes the file instead, and --max caps each document', async () => {
    const { code, stdout, stderr } = await run('--max', '1', 'offsite-notes.txt', '--out', 'drafts.yml');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(YAML.parse(readFileSync(path.join(dir, 'drafts.yml'), 'utf8'))).toHaveLength(1);
    expect(stderr).toContain('Drafted 1 prompt from 1 document into drafts.yml:');
    expect(stderr).toContain('offsite-notes.txt: 3 contrasts found, 1 drafted (--max 1)');
  });

  it('a document without contrasts gives an empty list, says so, and still succeeds', async () => {
    const { code, stdout, stderr } = await run('control.txt');
    expect(code).toBe(0);
    expect(YAML.parse(stdout)).toEqual([]);
    expect(stderr).toBe('Drafted 0 prompts from 1 document:\n  control.txt: no contrasting passages found\n');
  });

  it('names every missing file, folder and unsupported type, exits 1 and writes nothing', async () => {
    writeFileSync(path.join(dir, 'slides.pdf'), '%PDF-1.4 leaders vs managers');
    mkdirSync(path.join(dir, 'notes.md'));
    const { code, stdout, stderr } = await run(
      'offsite-notes.txt',
      'missing.txt',
      'slides.pdf',
      'notes.md',
      '--out',
      'drafts.yml',
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        'prompts:draft: cannot read missing.txt: no such file',
        'prompts:draft: cannot draft from slides.pdf: it is not a .txt, .md or .html document',
        'prompts:draft: cannot read notes.md: it is a folder, not a document',
        'Nothing was written.',
        '',
      ].join('\n'),
    );
    expect(existsSync(path.join(dir, 'drafts.yml'))).toBe(false);
  });

  it('an output that cannot be written exits 1', async () => {
    const { code, stderr } = await run('offsite-notes.txt', '--out', 'no-such-folder/drafts.yml');
    expect(code).toBe(1);
    expect(stderr).toBe('prompts:draft: cannot write no-such-folder/drafts.yml: no such file\n');
  });

  it('refuses to overwrite one of its documents (exit 2)', async () => {
    const before = readFileSync(path.join(dir, 'control.txt'), 'utf8');
    const { code, stderr } = await run('control.txt', '--out', './control.txt');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'prompts:draft: --out ./control.txt would overwrite the document control.txt; choose another file\n',
    );
    expect(readFileSync(path.join(dir, 'control.txt'), 'utf8')).toBe(before);
  });

  it('a wrong command line exits 2 with the reason (and the usage)', async () => {
    const cases: [string[], string][] = [
      [[], 'prompts:draft: name at least one document (.txt, .md or .html)'],
      [['--bogus', 'control.txt'], 'prompts:draft: unknown option --bogus'],
      [['control.txt', '--max'], 'prompts:draft: --max needs a value'],
      [['--max', '0', 'control.txt'], 'prompts:draft: --max must be a whole number of 1 or more (got "0")'],
      [
        ['--max', 'lots', 'control.txt'],
        'prompts:draft: --max must be a whole number of 1 or more (got "lots")',
      ],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.split('\n')[0]).toBe(message);
    }
  });

  it('--help prints the usage and exits 0', async () => {
    expect(await run('--help')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });
});

describe('npm run prompts:draft (a real process)', () => {
  /** npm runs the script in the package folder; the paths are the user's, relative to where they typed it. */
  const npm = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', '--prefix', REPO_ROOT, 'prompts:draft', '--', ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('reads and writes relative to the folder it was run from, and exits 0', () => {
    const result = npm('team-handbook.md', '--out', 'drafts.yml');
    expect(result.stderr).toContain('Drafted 3 prompts from 1 document into drafts.yml:');
    expect(result.status).toBe(0);
    expect(YAML.parse(readFileSync(path.join(dir, 'drafts.yml'), 'utf8'))).toHaveLength(3);
  });

  it('exits 1 on a missing document', () => {
    const missing = npm('missing.md');
    expect(missing.stderr).toBe(
      'prompts:draft: cannot read missing.md: no such file\nNothing was written.\n',
    );
    expect(missing.status).toBe(1);
  });
});
