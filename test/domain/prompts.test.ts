import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPrompts } from '../../src/app/prompt-files.js';
import { parseDocumentRegistry } from '../../src/domain/documents.js';
import {
  MAX_PROMPT_TEXT,
  PromptLibraryError,
  parsePromptFile,
  parsePromptLibrary,
} from '../../src/domain/prompts.js';
import { SETTINGS, THEMES } from '../../src/domain/vocabulary.js';

/** A registry of two documents whose titles differ only in word order, told apart by their bylines. */
const REGISTRY_YAML = `- document: 000_b1753d5b1012e5c5.txt
  title: "Best Interview Question Ever: Leadership vs. Management?"
  by: a manager
  where: a personal blog
  when: March 2009
  byline: "A manager's blog post, March 2009"
- document: 001_ac52e60a9b17a0d8.txt
  title: "The Difference between Leadership and Management"
  by: Paul Homan and the people who replied
  where: a public-sector forum
  byline: "Paul Homan's forum thread"
`;
const registry = parseDocumentRegistry('prompts/meta/documents.yml', REGISTRY_YAML).registry;

/** One valid entry as YAML, with fields overridable by raw YAML lines. */
function entry(id: string, extra = ''): string {
  return `- id: ${id}
  form: statement
  themes: [vision-and-direction]
  text: "Managers keep the trains running; leaders decide where the tracks go."
  source:
    document: 001_ac52e60a9b17a0d8.txt
    credit: "Paul Homan, in the opening post"
  view:
    leans: both
    argument: "Both are needed to get anywhere."
  discuss: "Who lays the tracks on your team?"
${extra}`;
}

const VALID = `${entry('tracks-and-trains')}- id: vision-vs-plan
  form: situation
  setting: public-sector
  themes: [planning-and-execution, vision-and-direction]
  text: "Your director shares a three-year goal; you turn it into quarterly milestones."
  source:
    document: 001_ac52e60a9b17a0d8.txt
    credit: "Paul Homan, summarising Kotter"
  view:
    leans: none
    argument: "Homan set out both views and did not say which this is."
  discuss: "Did the milestones change the goal?"
`;

/** Parses a file and returns only the problem lines. */
function problemsOf(yamlText: string, file = 'prompts/x.yml'): string[] {
  return parsePromptFile(file, yamlText, registry).problems;
}

/** A single entry with its top-level fields given as YAML lines (no leading "- "). */
function single(lines: string): string {
  return `- ${lines.trim().split('\n').join('\n  ')}\n`;
}

const GOOD_FIELDS = `id: good-one
form: statement
themes: [change]
text: "A clear sentence."
source:
  document: 000_b1753d5b1012e5c5.txt
  credit: "the interviewer, as the author recounts it"
view:
  leans: leadership
  argument: "Because."
discuss: "Why?"`;

function withField(field: string, replacement: string | null): string {
  const lines = GOOD_FIELDS.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith(`${field}:`)) {
      if (replacement !== null) out.push(replacement);
    } else {
      out.push(line);
    }
  }
  return single(out.join('\n'));
}

describe('parsePromptFile', () => {
  it('loads a valid file into prompts, each source resolved through the registry', () => {
    const { prompts, problems } = parsePromptFile('prompts/forum.yml', VALID, registry);
    expect(problems).toEqual([]);
    expect(prompts).toHaveLength(2);
    expect(prompts[0]).toEqual({
      id: 'tracks-and-trains',
      form: 'statement',
      themes: ['vision-and-direction'],
      text: 'Managers keep the trains running; leaders decide where the tracks go.',
      source: {
        document: '001_ac52e60a9b17a0d8.txt',
        title: 'The Difference between Leadership and Management',
        byline: "Paul Homan's forum thread",
        credit: 'Paul Homan, in the opening post',
      },
      view: { leans: 'both', argument: 'Both are needed to get anywhere.' },
      discuss: 'Who lays the tracks on your team?',
      file: 'forum.yml',
    });
    expect(prompts[0]).not.toHaveProperty('setting');
    expect(prompts[1]).toMatchObject({
      form: 'situation',
      setting: 'public-sector',
      themes: ['planning-and-execution', 'vision-and-direction'],
      view: { leans: 'none' },
    });
  });

  it('reports a YAML syntax error with its line', () => {
    const problems = problemsOf('- id: a\n  text: "unclosed\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^prompts\/x\.yml: YAML syntax error at line \d+, column \d+: /);
    expect(problems[0]).toContain('Missing closing "quote');
  });

  it('reports the line of a duplicated key', () => {
    expect(problemsOf('- id: a\n  id: b\n')).toEqual([
      'prompts/x.yml: YAML syntax error at line 2, column 3: Map keys must be unique',
    ]);
  });

  it('reports a file holding several YAML documents', () => {
    expect(problemsOf(`${entry('a')}---\n${entry('b')}`)).toEqual([
      'prompts/x.yml: YAML syntax error at line 12, column 1: the file holds more than one YAML document (remove the "---" separator)',
    ]);
  });

  it('rejects a file that is not a list', () => {
    expect(problemsOf('id: a\nform: statement\n')).toEqual([
      'prompts/x.yml: file must be a list of prompts ("- id: ..." entries), got a mapping',
    ]);
    expect(problemsOf('just some words\n')).toEqual([
      'prompts/x.yml: file must be a list of prompts ("- id: ..." entries), got "just some words"',
    ]);
  });

  it('rejects an empty file and an empty list', () => {
    expect(problemsOf('')).toEqual(['prompts/x.yml: file is empty (expected a list of prompts)']);
    expect(problemsOf('# only a comment\n')).toEqual([
      'prompts/x.yml: file is empty (expected a list of prompts)',
    ]);
    expect(problemsOf('[]\n')).toEqual(['prompts/x.yml: file has no prompts (the list is empty)']);
  });

  it('rejects an entry that is not a mapping', () => {
    expect(problemsOf(`${entry('a')}- just a line\n`)).toEqual([
      'prompts/x.yml: entry 2: entry must be a mapping of fields (got "just a line")',
    ]);
  });

  it('names a missing field', () => {
    expect(problemsOf(withField('discuss', null))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): discuss is missing',
    ]);
    expect(problemsOf(withField('id', null))).toEqual(['prompts/x.yml: entry 1: id is missing']);
  });

  it('names a missing nested field', () => {
    const yaml = single(GOOD_FIELDS.replace('  argument: "Because."\n', ''));
    expect(problemsOf(yaml)).toEqual(['prompts/x.yml: entry 1 (id "good-one"): view.argument is missing']);
  });

  it('rejects unknown fields, top-level and nested, and lists the allowed ones', () => {
    const yaml = single(
      `${GOOD_FIELDS}\ncolour: red`.replace('  leans: leadership', '  leans: leadership\n  why: x'),
    );
    expect(problemsOf(yaml)).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): unknown field "view.why" (allowed: leans, argument)',
      'prompts/x.yml: entry 1 (id "good-one"): unknown field "colour" (allowed: id, form, setting, themes, text, source, view, discuss)',
    ]);
  });

  it('reports wrong types with what was found', () => {
    expect(problemsOf(withField('text', 'text: 42'))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): text must be a string (got 42)',
    ]);
    expect(problemsOf(withField('text', 'text: [a, b]'))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): text must be a string (got a list)',
    ]);
    expect(
      problemsOf(withField('view', 'view: leadership').replace(/\n {4}(leans|argument):.*/g, '')),
    ).toEqual(['prompts/x.yml: entry 1 (id "good-one"): view must be a mapping (got "leadership")']);
  });

  it('reports a field with no value', () => {
    expect(problemsOf(withField('discuss', 'discuss:'))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): discuss has no value (expected a string)',
    ]);
  });

  it('rejects empty and blank strings', () => {
    expect(problemsOf(withField('text', 'text: ""'))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): text must not be empty',
    ]);
    expect(problemsOf(withField('discuss', 'discuss: "   "'))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): discuss must not be empty',
    ]);
    const yaml = single(GOOD_FIELDS.replace(/credit: .*/, 'credit: ""'));
    expect(problemsOf(yaml)).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): source.credit must not be empty',
    ]);
  });

  it(`rejects a text over ${MAX_PROMPT_TEXT} characters and says its length`, () => {
    expect(problemsOf(withField('text', `text: "${'a'.repeat(MAX_PROMPT_TEXT)}"`))).toEqual([]);
    expect(problemsOf(withField('text', `text: "${'a'.repeat(MAX_PROMPT_TEXT + 21)}"`))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): text must be at most 280 characters (got 301)',
    ]);
  });

  it('rejects a badly formed id', () => {
    for (const bad of ['Vision_Plan', 'two words', '-leading', 'double--hyphen']) {
      expect(problemsOf(withField('id', `id: "${bad}"`))).toEqual([
        `prompts/x.yml: entry 1 (id "${bad}"): id must be lowercase letters and digits in words joined by single hyphens, like "vision-vs-plan" (got "${bad}")`,
      ]);
    }
  });

  it('rejects form and leans outside the allowed values', () => {
    expect(problemsOf(withField('form', 'form: question'))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): form must be one of statement, situation (got "question")',
    ]);
    const yaml = single(GOOD_FIELDS.replace('leans: leadership', 'leans: leader'));
    expect(problemsOf(yaml)).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): view.leans must be one of leadership, management, both, none (got "leader")',
    ]);
  });

  it('rejects a source document given as a path', () => {
    const yaml = single(GOOD_FIELDS.replace('document: 000', 'document: ../seeds/000'));
    expect(problemsOf(yaml)).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): source.document must be a file name, not a path (got "../seeds/000_b1753d5b1012e5c5.txt")',
    ]);
  });

  it('reports a duplicate id within a file, naming the first entry, and keeps the first', () => {
    const { prompts, problems } = parsePromptFile(
      'prompts/x.yml',
      `${entry('same')}${entry('other')}${entry('same')}`,
      registry,
    );
    expect(problems).toEqual([
      'prompts/x.yml: entry 3 (id "same"): duplicate id, already used by entry 1 in this file',
    ]);
    expect(prompts.map((p) => p.id)).toEqual(['same', 'other']);
  });

  it('reports every problem of every entry at once', () => {
    const yaml = `${single(GOOD_FIELDS.replace('form: statement', 'form: maxim').replace('leans: leadership', 'leans: neither'))}${entry('fine')}- id: Bad
  text: ""
`;
    expect(problemsOf(yaml)).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): form must be one of statement, situation (got "maxim")',
      'prompts/x.yml: entry 1 (id "good-one"): view.leans must be one of leadership, management, both, none (got "neither")',
      'prompts/x.yml: entry 3 (id "Bad"): id must be lowercase letters and digits in words joined by single hyphens, like "vision-vs-plan" (got "Bad")',
      'prompts/x.yml: entry 3 (id "Bad"): form is missing',
      'prompts/x.yml: entry 3 (id "Bad"): themes is missing',
      'prompts/x.yml: entry 3 (id "Bad"): text must not be empty',
      'prompts/x.yml: entry 3 (id "Bad"): source is missing',
      'prompts/x.yml: entry 3 (id "Bad"): view is missing',
      'prompts/x.yml: entry 3 (id "Bad"): discuss is missing',
    ]);
  });
});

describe('settings, themes, credits and documents', () => {
  const situation = (setting: string | null) =>
    withField('form', 'form: situation').replace(
      '  themes:',
      `${setting === null ? '' : `  setting: ${setting}\n`}  themes:`,
    );

  it('requires a setting from the vocabulary on a situation, and none on a statement', () => {
    expect(problemsOf(situation('healthcare'))).toEqual([]);
    expect(problemsOf(situation(null))).toEqual([
      `prompts/x.yml: entry 1 (id "good-one"): setting is missing (a situation names where it takes place: one of ${SETTINGS.join(', ')})`,
    ]);
    expect(problemsOf(situation('space-station'))).toEqual([
      `prompts/x.yml: entry 1 (id "good-one"): setting must be one of ${SETTINGS.join(', ')} (got "space-station")`,
    ]);
    expect(problemsOf(withField('form', 'form: statement\nsetting: retail'))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): setting is only for situations (remove it from this statement)',
    ]);
  });

  it('requires 1 to 3 different themes from the vocabulary', () => {
    const at = 'prompts/x.yml: entry 1 (id "good-one"): ';
    expect(problemsOf(withField('themes', 'themes: [change, crisis, risk]'))).toEqual([]);
    expect(problemsOf(withField('themes', 'themes: []'))).toEqual([
      `${at}themes must list 1 to 3 themes, like [change, decisions]`,
    ]);
    expect(problemsOf(withField('themes', 'themes: [change, crisis, risk, ethics]'))).toEqual([
      `${at}themes must list 1 to 3 themes (got 4)`,
    ]);
    expect(problemsOf(withField('themes', 'themes: [change, leadershipness]'))).toEqual([
      `${at}themes.1 must be one of ${THEMES.join(', ')} (got "leadershipness")`,
    ]);
    expect(problemsOf(withField('themes', 'themes: [change, change]'))).toEqual([
      `${at}themes names a theme twice`,
    ]);
    expect(problemsOf(withField('themes', 'themes: change'))).toEqual([
      `${at}themes must be a list (got "change")`,
    ]);
  });

  it('requires a credit, and no title (titles come from the registry)', () => {
    expect(problemsOf(single(GOOD_FIELDS.replace(/\n {2}credit: .*/, '')))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): source.credit is missing',
    ]);
    expect(problemsOf(single(GOOD_FIELDS.replace('  credit:', '  title: "Best"\n  credit:')))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): unknown field "source.title" (allowed: document, credit)',
    ]);
  });

  it('refuses a document the registry does not know, naming the known ones', () => {
    expect(problemsOf(single(GOOD_FIELDS.replace('000_b1753d5b1012e5c5.txt', '009_new.txt')))).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): source.document "009_new.txt" is not in prompts/meta/documents.yml (known: 000_b1753d5b1012e5c5.txt, 001_ac52e60a9b17a0d8.txt)',
    ]);
  });

  it('reports a setting missing next to schema problems of the same entry', () => {
    const yaml = situation(null).replace('leans: leadership', 'leans: neither');
    expect(problemsOf(yaml)).toEqual([
      'prompts/x.yml: entry 1 (id "good-one"): view.leans must be one of leadership, management, both, none (got "neither")',
      `prompts/x.yml: entry 1 (id "good-one"): setting is missing (a situation names where it takes place: one of ${SETTINGS.join(', ')})`,
    ]);
  });
});

describe('parseDocumentRegistry', () => {
  const parse = (yaml: string) => parseDocumentRegistry('prompts/meta/documents.yml', yaml);

  it('reads each document with its title, who, where, when and byline', () => {
    const { registry: r, problems } = parse(REGISTRY_YAML);
    expect(problems).toEqual([]);
    expect(r.documents.get('000_b1753d5b1012e5c5.txt')).toEqual({
      document: '000_b1753d5b1012e5c5.txt',
      title: 'Best Interview Question Ever: Leadership vs. Management?',
      by: 'a manager',
      where: 'a personal blog',
      when: 'March 2009',
      byline: "A manager's blog post, March 2009",
    });
    expect(r.documents.get('001_ac52e60a9b17a0d8.txt')).not.toHaveProperty('when');
  });

  it('refuses a document listed twice, two documents with the same byline, and missing or unknown fields', () => {
    const doc = (name: string, byline: string, extra = '') =>
      `- document: ${name}\n  title: "T"\n  by: someone\n  where: somewhere\n  byline: "${byline}"\n${extra}`;
    const yaml =
      doc('a.txt', 'One') +
      doc('b.txt', 'one') +
      doc('a.txt', 'Three') +
      '- document: c.txt\n  title: "T"\n  where: x\n  byline: "C"\n  author: z\n';
    expect(parse(yaml).problems).toEqual([
      'prompts/meta/documents.yml: entry 2 (document "b.txt"): byline is the same as entry 1\'s: say who, where or when',
      'prompts/meta/documents.yml: entry 3 (document "a.txt"): listed twice, first as entry 1',
      'prompts/meta/documents.yml: entry 4 (document "c.txt"): by is missing',
      'prompts/meta/documents.yml: entry 4 (document "c.txt"): unknown field "author" (allowed: document, title, by, where, when, byline)',
    ]);
  });

  it('makes every prompt problem-free only against a registry: an empty one is reported once', () => {
    const empty = parseDocumentRegistry('prompts/meta/documents.yml', '[]');
    expect(empty.problems).toEqual(['prompts/meta/documents.yml: file has no documents (the list is empty)']);
    expect(parsePromptLibrary([{ file: 'prompts/a.yml', yamlText: VALID }], empty.registry).problems).toEqual(
      ['no source document is registered in prompts/meta/documents.yml, so no prompt can name its source'],
    );
  });
});

describe('parsePromptLibrary', () => {
  it('reports an id used in two files, naming both', () => {
    const { prompts, problems } = parsePromptLibrary(
      [
        { file: 'prompts/a.yml', yamlText: `${entry('one')}${entry('shared')}` },
        { file: 'prompts/b.yml', yamlText: `${entry('two')}${entry('shared')}` },
      ],
      registry,
    );
    expect(problems).toEqual([
      'prompts/b.yml: entry 2 (id "shared"): duplicate id, already used by prompts/a.yml entry 2',
    ]);
    expect(prompts.map((p) => `${p.file}:${p.id}`)).toEqual(['a.yml:one', 'a.yml:shared', 'b.yml:two']);
  });

  it('calls a library with no files or no valid prompts empty', () => {
    expect(parsePromptLibrary([], registry).problems).toEqual([
      'the prompt library is empty: no prompt files (*.yml or *.yaml) found',
    ]);
    expect(parsePromptLibrary([{ file: 'prompts/a.yml', yamlText: '[]' }], registry).problems).toEqual([
      'prompts/a.yml: file has no prompts (the list is empty)',
      'the prompt library is empty: no file holds a valid prompt',
    ]);
  });
});

describe('loadPrompts', () => {
  const dirs: string[] = [];
  function tempDir(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'prompts-test-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'meta'));
    for (const [name, text] of Object.entries({ 'meta/documents.yml': REGISTRY_YAML, ...files })) {
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function loadError(dir: string): PromptLibraryError {
    try {
      loadPrompts(dir);
    } catch (err) {
      if (err instanceof PromptLibraryError) return err;
      throw err;
    }
    throw new Error('expected loadPrompts to throw');
  }

  it('loads every .yml and .yaml file in name order and ignores other files', () => {
    const dir = tempDir({
      'b.yaml': entry('from-b'),
      'a.yml': VALID,
      'notes.md': '# not a prompt file',
    });
    mkdirSync(path.join(dir, 'sub.yml'));
    const prompts = loadPrompts(dir);
    expect(prompts.map((p) => `${p.file}:${p.id}`)).toEqual([
      'a.yml:tracks-and-trains',
      'a.yml:vision-vs-plan',
      'b.yaml:from-b',
    ]);
  });

  it('throws a PromptLibraryError listing every problem in every file, one per line', () => {
    const dir = tempDir({
      'a.yml': `${entry('dup')}${single(GOOD_FIELDS.replace('form: statement', 'form: story'))}`,
      'b.yml': 'id: not-a-list\n',
      'c.yml': `${entry('dup')}- id: broken\n  text: "unclosed\n`,
      'd.yml': entry('dup'),
    });
    const err = loadError(dir);
    const a = path.join(dir, 'a.yml');
    const b = path.join(dir, 'b.yml');
    const d = path.join(dir, 'd.yml');
    expect(err.problems).toHaveLength(4);
    expect(err.problems[0]).toBe(
      `${a}: entry 2 (id "good-one"): form must be one of statement, situation (got "story")`,
    );
    expect(err.problems[1]).toBe(`${b}: file must be a list of prompts ("- id: ..." entries), got a mapping`);
    expect(err.problems[2]).toMatch(
      /c\.yml: YAML syntax error at line \d+, column \d+: Missing closing "quote$/,
    );
    expect(err.problems[3]).toBe(`${d}: entry 1 (id "dup"): duplicate id, already used by ${a} entry 1`);
    expect(err.message).toBe(err.problems.join('\n'));
    expect(err.name).toBe('PromptLibraryError');
  });

  it('names files relative to the working directory when they are inside it', () => {
    const dir = realpathSync(tempDir({ 'x.yml': withField('form', 'form: story') }));
    const before = process.cwd();
    process.chdir(path.dirname(dir));
    try {
      expect(loadError(dir).problems).toEqual([
        `${path.basename(dir)}/x.yml: entry 1 (id "good-one"): form must be one of statement, situation (got "story")`,
        'the prompt library is empty: no file holds a valid prompt',
      ]);
    } finally {
      process.chdir(before);
    }
  });

  it('rejects an empty directory', () => {
    const dir = tempDir({ 'readme.txt': 'nothing here' });
    expect(loadError(dir).problems).toEqual([
      `${dir}: the prompt library is empty (no *.yml or *.yaml files found)`,
    ]);
  });

  it('rejects a library whose files hold no prompts', () => {
    const dir = tempDir({ 'a.yml': '# nothing yet\n' });
    expect(loadError(dir).problems).toEqual([
      `${path.join(dir, 'a.yml')}: file is empty (expected a list of prompts)`,
      'the prompt library is empty: no file holds a valid prompt',
    ]);
  });

  it('reports a missing document registry', () => {
    const dir = tempDir({ 'a.yml': VALID });
    rmSync(path.join(dir, 'meta', 'documents.yml'));
    const problems = loadError(dir).problems;
    expect(problems[0]).toMatch(/meta\/documents\.yml: cannot read the document registry \(ENOENT/);
    expect(problems.slice(1)).toEqual([
      `no source document is registered in ${path.join(dir, 'meta', 'documents.yml')}, so no prompt can name its source`,
    ]);
  });

  it('reports a missing directory', () => {
    const dir = path.join(tempDir({}), 'nope');
    const problems = loadError(dir).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read the prompt directory \\(ENOENT`,
      ),
    );
  });
});
