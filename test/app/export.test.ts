/** src/app/export.ts: the archive read from a real store, and each format parsed back and compared. */
import { afterAll, describe, expect, it } from 'vitest';
import {
  ARCHIVE_FORMAT,
  type ChannelArchive,
  CSV_COLUMNS,
  channelArchive,
  csvCell,
  exportFile,
  slackToMarkdown,
  toCsv,
  toJson,
  toMarkdown,
  tsToIso,
} from '../../src/app/export.js';
import { promptLibrary } from '../../src/domain/library.js';
import { open, removeTempDirs, tempFile } from '../store/helpers.js';
import { defused, parseCsv } from '../support/csv.js';
import { samplePrompt } from '../support/prompt-fixture.js';

afterAll(removeTempDirs);

const prompt = samplePrompt({ text: 'A lead spends the sprint clearing blockers, so the team can "ship".' });
const library = promptLibrary([prompt]);

/** Texts that break naive CSV writers and spreadsheets. */
const NASTY = [
  '=HYPERLINK("http://evil.example","click")',
  '+1 agreed',
  '-2 from me',
  '@here look',
  '\tindented',
  '\rcarriage',
  'comma, "quotes" and\r\nCRLF\nand LF',
  'plain ünïcødé 👍 &amp; &lt;tag&gt; <@U9>',
  '',
];

async function seeded() {
  const store = await open(tempFile());
  await store.commit([
    {
      type: 'post',
      post: {
        team: 'T1',
        channel: 'C1',
        ts: '1764000000.000100',
        promptId: prompt.id,
        postedAt: '2025-11-24T16:00:00.000Z',
      },
    },
    {
      type: 'post',
      post: {
        team: 'T1',
        channel: 'C1',
        ts: '1764604800.000100',
        promptId: 'gone-from-library',
        postedAt: '2025-12-01T16:00:00.000Z',
      },
    },
    {
      type: 'post',
      post: {
        team: 'T2',
        channel: 'C1',
        ts: '1764000000.000200',
        promptId: prompt.id,
        postedAt: '2025-11-24T16:00:00.000Z',
      },
    },
    {
      type: 'vote',
      team: 'T1',
      channel: 'C1',
      ts: '1764000000.000100',
      vote: { user: 'U1', emoji: 'clipboard', on: true, eventTs: '1764000001.000001' },
    },
    {
      type: 'vote',
      team: 'T1',
      channel: 'C1',
      ts: '1764000000.000100',
      vote: { user: 'U2', emoji: 'clipboard', on: true, eventTs: '1764000001.000002' },
    },
    {
      type: 'vote',
      team: 'T1',
      channel: 'C1',
      ts: '1764000000.000100',
      vote: { user: 'U2', emoji: 'compass', on: true, eventTs: '1764000001.000003' },
    },
    {
      type: 'vote',
      team: 'T2',
      channel: 'C1',
      ts: '1764000000.000200',
      vote: { user: 'U7', emoji: 'compass', on: true, eventTs: '1764000001.000004' },
    },
    ...NASTY.map((text, i) => ({
      type: 'answer' as const,
      team: 'T1',
      channel: 'C1',
      threadTs: '1764000000.000100',
      answer: { user: `U${i}`, ts: `17640000${10 + i}.000100`, text },
    })),
    {
      type: 'answer',
      team: 'T2',
      channel: 'C1',
      threadTs: '1764000000.000200',
      answer: { user: 'U7', ts: '1764000050.000100', text: 'other workspace' },
    },
  ]);
  return store;
}

describe('channelArchive', () => {
  it("reads one workspace's channel: prompts newest first, sources, tallies, answers", async () => {
    const store = await seeded();
    const a = await channelArchive(
      store,
      library,
      { team: 'T1', channel: 'C1', channelName: 'general' },
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(a).toMatchObject({
      format: ARCHIVE_FORMAT,
      version: 3,
      team: 'T1',
      channel: { id: 'C1', name: 'general' },
      exportedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(a.prompts.map((p) => p.ts)).toEqual(['1764604800.000100', '1764000000.000100']);
    const [gone, first] = a.prompts;
    expect(gone).toMatchObject({
      promptId: 'gone-from-library',
      text: null,
      source: null,
      teamLean: null,
      agreedWithSource: null,
      answers: [],
    });
    expect(first?.tally).toEqual({ leadership: 1, management: 2, both: 0, votes: 3, voters: 2 });
    expect(first).toMatchObject({
      teamLean: 'management',
      agreedWithSource: true,
      source: {
        title: 'An interview question',
        byline: "A manager's blog post, March 2009",
        credit: 'Grace Hopper',
        document: '000_x.txt',
        leans: 'management',
      },
    });
    expect(first?.answers.map((x) => x.text)).toEqual(NASTY);
    expect(first?.answers[0]).toEqual({
      user: 'U0',
      ts: '1764000010.000100',
      at: '2025-11-24T16:00:10.000Z',
      text: NASTY[0],
      editedAt: null,
    });
    expect(JSON.stringify(a)).not.toContain('other workspace');
    await store.close();
  });
});

describe('a source that did not say which it is', () => {
  it('exports leans "none" with agreedWithSource null in JSON and CSV, and says so in Markdown', async () => {
    const store = await seeded();
    const undecided = promptLibrary([
      { ...prompt, view: { leans: 'none', argument: 'The author described it and left the label open.' } },
    ]);
    const a = await channelArchive(
      store,
      undecided,
      { team: 'T1', channel: 'C1' },
      new Date('2026-01-02T03:04:05Z'),
    );
    await store.close();
    const voted = a.prompts[1];
    expect(voted).toMatchObject({
      teamLean: 'management',
      agreedWithSource: null,
      source: { leans: 'none' },
    });
    const rows = parseCsv(toCsv(a).slice(1));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const row = rows.find((r) => r[col('prompt_ts')] === '1764000000.000100') ?? [];
    expect([row[col('source_leans')], row[col('agreed_with_source')], row[col('source_byline')]]).toEqual([
      'none',
      '',
      "A manager's blog post, March 2009",
    ]);
    const md = toMarkdown(a);
    expect(md).toContain('It did not say which it is: The author described it and left the label open.');
    expect(md).toContain('the team leaned **management**.');
    expect(md).not.toContain('as the source did');
    expect(md).not.toContain('unlike the source');
  });
});

describe('formats', () => {
  let archive: ChannelArchive;
  const load = async () => {
    const store = await seeded();
    archive = await channelArchive(
      store,
      library,
      { team: 'T1', channel: 'C1', channelName: 'general' },
      new Date('2026-01-02T03:04:05Z'),
    );
    await store.close();
    return archive;
  };

  it('CSV: BOM, CRLF, RFC 4180 quoting, formula cells defused, one row per answer', async () => {
    const a = await load();
    const csv = toCsv(a);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    // One row for the prompt without answers, one per answer of the other.
    expect(rows).toHaveLength(1 + 1 + NASTY.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const answerRows = rows.filter((r) => r[col('prompt_ts')] === '1764000000.000100');
    expect(answerRows.map((r) => r[col('answer_text')])).toEqual(NASTY.map(defused));
    expect(answerRows.map((r) => r[col('answer_user')])).toEqual(NASTY.map((_, i) => `U${i}`));
    const r0 = answerRows[0] ?? [];
    expect(r0[col('prompt')]).toBe(prompt.text);
    expect([
      r0[col('leadership_votes')],
      r0[col('management_votes')],
      r0[col('both_votes')],
      r0[col('voters')],
    ]).toEqual(['1', '2', '0', '2']);
    expect(r0[col('team_lean')]).toBe('management');
    expect(r0[col('answer_at')]).toBe('2025-11-24T16:00:10.000Z');
    const empty = rows.find((r) => r[col('prompt_ts')] === '1764604800.000100') ?? [];
    expect(empty[col('answers')]).toBe('0');
    expect(empty[col('answer_text')]).toBe('');
    // No cell anywhere starts with a formula character.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('csvCell quotes only what needs it', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('-1,5')).toBe(`"'-1,5"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it('JSON: parses back to exactly the archive', async () => {
    const a = await load();
    expect(JSON.parse(toJson(a))).toEqual(a);
  });

  it('Markdown: a title, a heading per prompt with its date, source, tally and the answers as a list', async () => {
    const a = await load();
    const md = toMarkdown(a);
    expect(md.startsWith('# Lead vs Manage: the archive of #general\n')).toBe(true);
    expect(md).toContain('Exported 2 Jan 2026, 03:04 UTC: 2 prompts and 9 answers');
    expect(md).toContain(
      '## 24 Nov 2025: A lead spends the sprint clearing blockers, so the team can "ship".',
    );
    expect(md).toContain('## 1 Dec 2025: (prompt gone-from-library, no longer in the library)');
    expect(md).toContain(
      "- **Source:** _An interview question_ (A manager's blog post, March 2009); said by Grace Hopper. It leans **management**: Removing obstacles keeps the work flowing.",
    );
    expect(md).toContain(
      '- **Votes:** Leadership 1 · Management 2 · Both 0 (2 voters); the team leaned **management**, as the source did.',
    );
    expect(md).toContain('### Answers (9)');
    expect(md).toContain('- **@U0** · 24 Nov 2025, 16:00 UTC: =HYPERLINK');
    // A multi-line answer stays inside its list item.
    expect(md).toContain('- **@U6** · 24 Nov 2025, 16:00 UTC: comma, "quotes" and\n  CRLF\n  and LF');
    expect(md).toContain('@U9');
    expect(md).toContain('_No answers._');
    // Each prompt heading appears once, newest first.
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toHaveLength(2);
  });

  it('turns Slack tokens into readable Markdown', () => {
    expect(
      slackToMarkdown(
        'hi <@U1> in <#C1|general>, see <https://x.example|this> or <https://y.example> <!here>',
      ),
    ).toBe('hi @U1 in #general, see [this](https://x.example) or <https://y.example> @here');
  });

  it('names files by channel and date', async () => {
    const a = await load();
    expect(exportFile(a, 'csv')).toMatchObject({
      filename: 'lead-vs-manage-general-2026-01-02.csv',
      title: 'Lead vs Manage archive of #general (CSV)',
    });
    expect(exportFile(a, 'json').filename).toBe('lead-vs-manage-general-2026-01-02.json');
    expect(exportFile({ ...a, channel: { id: 'C1', name: null } }, 'md').filename).toBe(
      'lead-vs-manage-c1-2026-01-02.md',
    );
  });

  it('tsToIso keeps milliseconds', () => {
    expect(tsToIso('1764000000.123456')).toBe('2025-11-24T16:00:00.123Z');
    expect(tsToIso('1764000000')).toBe('2025-11-24T16:00:00.000Z');
  });
});
