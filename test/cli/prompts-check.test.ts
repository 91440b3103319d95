/**
 * `npm run prompts:check` and `npm run prompts:fingerprint`: their output and exit codes, from the CLIs' functions
 * in this process, and from real processes for a wrong command line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheckCli } from '../../src/cli/prompts-check.js';
import { runFingerprintCli } from '../../src/cli/prompts-fingerprint.js';
import { fingerprintDocuments } from '../../src/domain/fingerprints.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const temp = mkdtempSync(path.join(tmpdir(), 'prompts-check-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The CLI as a user runs it: its own process (the tests of a wrong command line). */
function runProcess(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'cli', script), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const CLIS = { 'prompts-check.ts': runCheckCli, 'prompts-fingerprint.ts': runFingerprintCli };

/** The CLI's function in this process (starting tsx for each run cost seconds), with the same output. */
function run(script: keyof typeof CLIS, args: string[]) {
  let out = '';
  let err = '';
  const code = CLIS[script](args, {
    stdout: (line) => {
      out += `${line}\n`;
    },
    stderr: (line) => {
      err += `${line}\n`;
    },
  });
  return { code, out, err };
}

const DOCUMENT =
  'Management is like herding chickens: you do it from the rear, with a long thin twig, and you try to keep ' +
  'all the hens on the same path. Leadership is done from the front.';

/** A small library: the real registry and rules, one prompt file, and a folder with one source document. */
function brokenLibrary(): { prompts: string; documents: string } {
  const prompts = path.join(temp, 'prompts');
  const documents = path.join(temp, 'documents');
  cpSync(path.join(root, 'prompts', 'meta'), path.join(prompts, 'meta'), { recursive: true });
  mkdirSync(documents);
  writeFileSync(path.join(documents, '000_b1753d5b1012e5c5.txt'), DOCUMENT);
  writeFileSync(
    path.join(prompts, 'only.yml'),
    `- id: herding
  form: statement
  themes: [people-vs-things]
  text: "Surely you do it from the rear, with a long thin twig, like Drucker says."
  source:
    document: 000_b1753d5b1012e5c5.txt
    credit: "a commenter"
  view:
    leans: management
    argument: "A commenter compared it to herding chickens."
  discuss: "Who holds the twig?"
- id: broken
  form: situation
  themes: [nonsense]
  text: "A scene."
  source:
    document: 000_b1753d5b1012e5c5.txt
    credit: "a commenter"
  view:
    leans: both
    argument: "x"
  discuss: "Why?"
`,
  );
  return { prompts, documents };
}

describe('npm run prompts:check', () => {
  it('passes on the shipped library and prints the counts of issue 10 points 7 and 8', () => {
    const { code, out } = run('prompts-check.ts', []);
    expect(out).toMatch(/^\d+ prompts in 5 files \(at least 112\)$/m);
    expect(out).toContain('By source document (at least 15 each):');
    expect(out).toMatch(/^ {2}002_16663e3a3872eb12\.txt +\d+ {2}Mike Figliuolo's blog post, February 2012$/m);
    expect(out).toMatch(/^By lean \(none above 40%\): leadership \d+ \(\d+%\) · management/m);
    expect(out).toMatch(/^By form \(each at least 30%\): statement \d+/m);
    expect(out).toMatch(
      /^By setting \(\d+ situations; at least 8 settings, none above 35%\): \d+ settings: /m,
    );
    expect(out).toMatch(/^By theme \(\d+ of 36 themes used\): /m);
    expect(out).toMatch(/^Pronouns in texts \(she and he balanced\): she\/her \d+ · he\/him\/his \d+/m);
    expect(out).toMatch(
      /^No copying: \d+ prompts against the fingerprints in prompts\/meta\/source-fingerprints\.json \(5 documents, [\d,]+ runs of 9 words\)$/m,
    );
    expect(out.trimEnd().split('\n').at(-1)).toBe('OK: no problems');
    expect(code).toBe(0);
  });

  it('exits 1 with one line per problem: schema, wording, copying (--against) and the library targets', () => {
    const lib = brokenLibrary();
    const { code, out } = run('prompts-check.ts', ['--prompts', lib.prompts, '--against', lib.documents]);
    const problems = out.split('\n').filter((l) => l.startsWith('problem: '));
    const file = path.join(lib.prompts, 'only.yml');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /only\.yml: entry 2 \(id "broken"\): themes\.0 must be one of vision-and-direction, /,
        ),
        expect.stringContaining('only.yml: entry 2 (id "broken"): setting is missing'),
        `problem: ${file}: id "herding": text: "Surely": a loaded word that carries a verdict`,
        expect.stringContaining(
          `problem: ${file}: id "herding": text: "Drucker": a famous name gives the answer away`,
        ),
        `problem: ${file}: id "herding": text shares 11 words in a row with 000_b1753d5b1012e5c5.txt (at most 8): "you do it from the rear with a long thin twig"`,
        'problem: 1 prompt, fewer than 112',
        'problem: 001_ac52e60a9b17a0d8.txt: 0 prompts, fewer than 15 from each document',
      ]),
    );
    // Documents in the registry with no text in --against are named too.
    expect(problems).toContain(
      `problem: 001_ac52e60a9b17a0d8.txt is not in ${lib.documents}, so prompts from it cannot be checked for copying`,
    );
    expect(out).toContain(`No copying: 1 prompt against the document in ${lib.documents} (1 document, `);
    expect(out.trimEnd().split('\n').at(-1)).toBe(`${problems.length} problems`);
    expect(code).toBe(1);
  });

  it('refuses an unknown option with its usage and exit code 2', () => {
    const { code, err } = runProcess('prompts-check.ts', ['--agains', 'x']);
    expect(err).toContain('usage: npm run prompts:check');
    expect(code).toBe(2);
  });
});

describe('npm run prompts:fingerprint', () => {
  it('writes the hashes of every 9-word run of a folder of documents, and never their text', () => {
    const documents = path.join(temp, 'fp-documents');
    mkdirSync(documents);
    writeFileSync(path.join(documents, 'a.txt'), DOCUMENT);
    writeFileSync(path.join(documents, 'notes.md'), 'not a document');
    const out = path.join(temp, 'fp.json');
    const r = run('prompts-fingerprint.ts', [documents, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/fp\.json: 1 document, 26 runs of 9 words fingerprinted/);
    const written = readFileSync(out, 'utf8');
    expect(JSON.parse(written)).toEqual(fingerprintDocuments(new Map([['a.txt', DOCUMENT]])));
    expect(written).not.toMatch(/chickens|herding|twig/);
  });

  it('says how to call it without a folder', () => {
    const r = runProcess('prompts-fingerprint.ts', []);
    expect(r.err).toContain('usage: npm run prompts:fingerprint -- DIR_OF_SOURCE_DOCUMENTS');
    expect(r.code).toBe(2);
  });
});
