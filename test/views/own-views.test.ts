/**
 * How a workspace's own prompt shows: posted, it says only that it is the team's (no source, author or lean);
 * at the close, its source (title, link, who said it), argument, lean and who added it; in exports, its author
 * and link. Also the Home section and the forms stay inside Block Kit's limits.
 */
import { describe, expect, it } from 'vitest';
import { exportFile } from '../../src/app/export.js';
import { archiveSource } from '../../src/app/export-source.js';
import { ownPrompt } from '../../src/app/team-library.js';
import { tally } from '../../src/domain/tally.js';
import { suggestionModal } from '../../src/views/own-form.js';
import { manageModal, ownHomeBlocks } from '../../src/views/own-home.js';
import { FROM_TEAM_LIBRARY } from '../../src/views/own-prompt.js';
import { promptMessage } from '../../src/views/prompt-message.js';
import { closingSummary } from '../../src/views/results.js';
import { teamPromptRecord } from '../store/helpers.js';
import { parseCsv } from '../support/csv.js';
import { checkBlocks } from '../support/slack-fake.js';

const record = teamPromptRecord('own-rota', {
  status: 'approved',
  author: 'UANN',
  text: 'The team lead rewrites the rota <every> Friday & nobody asks.',
  source: { title: 'Offsite notes', credit: 'Dana', link: 'https://example.com/notes?a=1&b=2' },
  view: { leans: 'management', argument: 'Dana called it plumbing.' },
});
const own = ownPrompt(record);

const result = (prompt = own) => ({
  channel: 'C1',
  ts: '1764070000.000100',
  promptId: prompt.id,
  prompt,
  tally: tally([{ user: 'U1', emoji: 'compass', on: true }]),
  answers: 0,
});

describe('a posted own prompt', () => {
  it('says it is the team’s, and nothing of its source, author or lean', () => {
    const m = promptMessage(own);
    const shown = `${m.text} ${JSON.stringify(m.blocks)}`;
    expect(shown).toContain(FROM_TEAM_LIBRARY);
    expect(shown).toContain('&lt;every&gt; Friday &amp; nobody asks');
    for (const secret of ['Offsite notes', 'Dana', 'UANN', 'example.com', 'plumbing', 'management*']) {
      expect(shown).not.toContain(secret);
    }
  });
});

describe('the close of an own prompt', () => {
  it('reveals its source with its link, who said it, the argument, the lean and who suggested it', () => {
    const shown = JSON.stringify(closingSummary(result()).blocks);
    expect(shown).toContain('*The source:* <https://example.com/notes?a=1&amp;b=2|_Offsite notes_>');
    expect(shown).toContain('*Who said it:* Dana');
    expect(shown).toContain('*What they argued:* Dana called it plumbing.');
    expect(shown).toContain('*Where they came down:* *management*.');
    expect(shown).toContain("_From your team's own library, suggested by <@UANN>._");
    expect(closingSummary(result()).text).toContain('the source says *management*');
  });

  it('says so when the suggestion named no source and no lean, and compares nothing', () => {
    const bare = ownPrompt(teamPromptRecord('own-bare', { source: {}, view: undefined, author: 'UBO' }));
    const s = closingSummary(result(bare));
    const shown = JSON.stringify(s.blocks);
    expect(shown).toContain("*The source:* none named: this prompt is your team's own.");
    expect(shown).toContain('*Where they came down:* not given, so this one is yours to settle.');
    expect(shown).not.toContain('Who said it');
    expect(s.text).toContain("the source didn't say which it is");
    const imported = ownPrompt(
      teamPromptRecord('own-imp', { via: 'import', file: 'team.yml', author: undefined }),
    );
    expect(JSON.stringify(closingSummary(result(imported)).blocks)).toContain(
      "_From your team's own library, imported._",
    );
  });
});

describe('exports of an own prompt', () => {
  const archive = {
    format: 'lead-vs-manage/archive' as const,
    version: 3 as const,
    team: 'T1',
    channel: { id: 'C1', name: 'general' },
    exportedAt: '2026-01-02T03:04:05.000Z',
    prompts: [
      {
        ts: '1764070000.000100',
        postedAt: '2025-11-25T11:26:40.000Z',
        promptId: own.id,
        text: own.text,
        form: own.form,
        discuss: own.discuss,
        source: archiveSource(own),
        author: 'UANN',
        tally: { leadership: 1, management: 0, both: 0, votes: 1, voters: 1 },
        teamLean: 'leadership' as const,
        agreedWithSource: false,
        revisitOf: null,
        secondLook: null,
        answers: [],
      },
    ],
  };

  it('JSON and CSV carry its author and its link; its byline says it is the team’s', () => {
    expect(archiveSource(own)).toEqual({
      title: 'Offsite notes',
      byline: "your team's own library",
      credit: 'Dana',
      document: '',
      leans: 'management',
      argument: 'Dana called it plumbing.',
      link: 'https://example.com/notes?a=1&b=2',
    });
    const rows = parseCsv(exportFile(archive, 'csv').content.slice(1));
    const header = rows[0] ?? [];
    const row = rows[1] ?? [];
    expect(row[header.indexOf('prompt_author')]).toBe('UANN');
    expect(row[header.indexOf('source_link')]).toBe('https://example.com/notes?a=1&b=2');
  });

  it('Markdown names the source and who added it', () => {
    const md = exportFile(archive, 'md').content;
    expect(md).toContain(
      '- **Source:** _Offsite notes_ <https://example.com/notes?a=1&b=2>; said by Dana. It leans **management**: Dana called it plumbing.',
    );
    expect(md).toContain("- **From your team's own library**, added by @UANN.");
  });
});

describe('Block Kit limits', () => {
  it('keeps the Home section, the window and the forms inside them, however many prompts', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ ...record, id: `own-${i}`, text: 'x'.repeat(280) }));
    const blocks = ownHomeBlocks({
      waiting: 3,
      admin: {
        pending: rows.slice(0, 10),
        pendingTotal: 40,
        approved: 7,
        retired: 1,
        mode: 'both',
        fallback: false,
      },
    });
    expect(blocks.length).toBeLessThanOrEqual(30);
    expect(checkBlocks(blocks, 100)).toEqual([]);
    const window = manageModal({ rows: rows.slice(0, 10), page: 1, total: 40 });
    expect(checkBlocks(window.blocks, 100)).toEqual([]);
    const long = 'y'.repeat(5000);
    const form = suggestionModal(
      { kind: 'edit', id: 'own-0', approve: false, page: 2 },
      {
        text: long,
        form: 'situation',
        title: long,
        discuss: long,
        argument: long,
      },
    );
    expect(checkBlocks(form.blocks, 100)).toEqual([]);
    expect(JSON.stringify(form)).not.toContain('y'.repeat(1001));
  });
});
