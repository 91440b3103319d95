/**
 * The archive (export.ts) as a file: CSV, JSON or Markdown (export-markdown.ts). Each format writes a prompt
 * at a time, so a large archive is written as it is read (`renderExport`) into pieces that go to the upload as
 * they are, never one string; `toCsv`, `toJson`, `toMarkdown` write a whole archive held in memory.
 */
import type { ExportFormat } from '../domain/command.js';
import type { ArchiveHead, ArchivePrompt, ChannelArchive } from './export.js';
import { MARKDOWN } from './export-markdown.js';
import { SECOND_LOOK_COLUMNS, secondLookCells } from './export-second-look.js';
import { SLICE_MS, slices } from './slices.js';

// ---- CSV (RFC 4180, UTF-8 with BOM, formula-safe) ----

export const CSV_COLUMNS = [
  'prompt_ts',
  'posted_at',
  'prompt_id',
  'prompt',
  'source_title',
  'source_byline',
  'source_credit',
  'source_leans',
  'source_argument',
  'leadership_votes',
  'management_votes',
  'both_votes',
  'voters',
  'team_lean',
  'agreed_with_source',
  ...SECOND_LOOK_COLUMNS,
  'answers',
  'answer_user',
  'answer_ts',
  'answer_at',
  'answer_edited_at',
  'answer_text',
  'answer_anonymous',
  'source_link',
  'prompt_author',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: a leading formula character is defused with "'", then quoted when it must be. */
export function csvCell(value: string | number | boolean | null): string {
  let s = value === null ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The counts a file's head may say (Markdown's does), known once every prompt is written. */
export interface Totals {
  prompts: number;
  answers: number;
}

/**
 * One format: the text before the prompts (written last, given the totals, and put first), each prompt's
 * text, and the text after them.
 */
interface Writer {
  head(head: ArchiveHead, totals: Totals): string;
  prompt(p: ArchivePrompt, index: number): string;
  tail(totals: Totals): string;
}

/** One row per answer (a prompt without answers gets one row with empty answer fields), CRLF line ends. */
const CSV: Writer = {
  head: () => `\uFEFF${CSV_COLUMNS.map(csvCell).join(',')}\r\n`,
  prompt(p) {
    const promptCells = [
      p.ts,
      p.postedAt,
      p.promptId,
      p.text,
      p.source?.title ?? null,
      p.source?.byline ?? null,
      p.source?.credit ?? null,
      p.source?.leans ?? null,
      p.source?.argument ?? null,
      p.tally.leadership,
      p.tally.management,
      p.tally.both,
      p.tally.voters,
      p.teamLean,
      p.agreedWithSource,
      ...secondLookCells(p),
      p.answers.length,
    ]
      .map(csvCell)
      .join(',');
    const ownCells = [p.source?.link ?? null, p.author].map(csvCell).join(',');
    // No answer: six empty answer cells.
    if (p.answers.length === 0) return `${promptCells},,,,,,,${ownCells}\r\n`;
    let rows = '';
    for (const a of p.answers) {
      const answerCells = [a.user, a.ts, a.at, a.editedAt, a.text, a.anonymous].map(csvCell).join(',');
      rows += `${promptCells},${answerCells},${ownCells}\r\n`;
    }
    return rows;
  },
  tail: () => '',
};

/**
 * `JSON.stringify(archive, null, 2)` and a newline, a prompt at a time: each prompt goes between the brackets
 * of `"prompts": []`, two levels deep (a string in JSON never holds a raw line break, so indenting every line
 * is safe).
 */
const JSON_WRITER: Writer = {
  head(head, totals) {
    const empty = JSON.stringify({ ...head, prompts: [] }, null, 2);
    return totals.prompts === 0 ? `${empty}\n` : `${empty.slice(0, -'[]\n}'.length)}[\n`;
  },
  prompt: (p, i) => `${i === 0 ? '' : ',\n'}    ${JSON.stringify(p, null, 2).replaceAll('\n', '\n    ')}`,
  tail: (totals) => (totals.prompts === 0 ? '' : '\n  ]\n}\n'),
};

const WRITERS: Record<ExportFormat, Writer> = { csv: CSV, json: JSON_WRITER, md: MARKDOWN };

/** The whole archive in one format, as one string. */
function written(archive: ChannelArchive, format: ExportFormat): string {
  const { prompts, ...head } = archive;
  const w = WRITERS[format];
  const totals = { prompts: prompts.length, answers: prompts.reduce((n, p) => n + p.answers.length, 0) };
  return w.head(head, totals) + prompts.map((p, i) => w.prompt(p, i)).join('') + w.tail(totals);
}

export const toCsv = (archive: ChannelArchive): string => written(archive, 'csv');
export const toJson = (archive: ChannelArchive): string => written(archive, 'json');
export const toMarkdown = (archive: ChannelArchive): string => written(archive, 'md');

// ---- files ----

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', json: 'json', md: 'md' };
const LABELS: Record<ExportFormat, string> = { csv: 'CSV', json: 'JSON', md: 'Markdown' };

function fileNames(head: ArchiveHead, format: ExportFormat): { filename: string; title: string } {
  const slug =
    (head.channel.name ?? head.channel.id)
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .slice(0, 60) || 'channel';
  const date = head.exportedAt.slice(0, 10);
  const name = head.channel.name ? `#${head.channel.name}` : head.channel.id;
  return {
    filename: `lead-vs-manage-${slug}-${date}.${EXTENSIONS[format]}`,
    title: `Lead vs Manage archive of ${name} (${LABELS[format]})`,
  };
}

export function exportFile(
  archive: ChannelArchive,
  format: ExportFormat,
): { filename: string; title: string; content: string } {
  return { ...fileNames(archive, format), content: written(archive, format) };
}

export interface RenderedExport extends Totals {
  filename: string;
  title: string;
  /** The file, UTF-8, in pieces of about `pieceBytes`. */
  pieces: Buffer[];
  bytes: number;
}

/**
 * The file `exportFile` would write, from prompts as they are read (`archivePrompts`), each written out at once
 * into UTF-8 pieces of about `pieceBytes`: the archive is never held whole, and the event loop gets a turn
 * whenever a slice has run its time.
 */
export async function renderExport(
  head: ArchiveHead,
  prompts: AsyncIterable<ArchivePrompt>,
  format: ExportFormat,
  { pieceBytes = 64 * 1024, sliceMs = SLICE_MS }: { pieceBytes?: number; sliceMs?: number } = {},
): Promise<RenderedExport> {
  const w = WRITERS[format];
  const pieces: Buffer[] = [];
  let pending = '';
  const totals: Totals = { prompts: 0, answers: 0 };
  const slice = slices(sliceMs);
  for await (const p of prompts) {
    pending += w.prompt(p, totals.prompts);
    totals.prompts++;
    totals.answers += p.answers.length;
    if (pending.length >= pieceBytes) {
      pieces.push(Buffer.from(pending, 'utf8'));
      pending = '';
    }
    await slice.pause();
  }
  pending += w.tail(totals);
  if (pending.length > 0) pieces.push(Buffer.from(pending, 'utf8'));
  pieces.unshift(Buffer.from(w.head(head, totals), 'utf8'));
  const bytes = pieces.reduce((n, b) => n + b.length, 0);
  return { ...fileNames(head, format), pieces, bytes, ...totals };
}
