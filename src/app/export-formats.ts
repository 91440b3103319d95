/**
 * The archive (export.ts) as a file: CSV, JSON or Markdown (export-markdown.ts). Each format is a generator of
 * pieces (a prompt at a time), so a large archive is written a slice at a time (`renderExport`) and the pieces
 * go to the upload as they are, never joined into one string; `toCsv`, `toJson`, `toMarkdown` join them.
 */
import type { ExportFormat } from '../domain/command.js';
import type { ChannelArchive } from './export.js';
import { markdownChunks } from './export-markdown.js';
import { SECOND_LOOK_COLUMNS, secondLookCells } from './export-second-look.js';
import { slices } from './slices.js';

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

/** One row per answer (a prompt without answers gets one row with empty answer fields), CRLF line ends. */
export function* csvChunks(archive: ChannelArchive): Generator<string> {
  yield `\uFEFF${CSV_COLUMNS.map(csvCell).join(',')}\r\n`;
  for (const p of archive.prompts) {
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
    const empty = Array(6).fill('').join(',');
    const answers = p.answers.length > 0 ? p.answers : [undefined];
    let rows = '';
    for (const a of answers) {
      const answerCells = a
        ? [a.user, a.ts, a.at, a.editedAt, a.text, a.anonymous].map(csvCell).join(',')
        : empty;
      rows += `${promptCells},${answerCells},${ownCells}\r\n`;
    }
    yield rows;
  }
}

export function toCsv(archive: ChannelArchive): string {
  return [...csvChunks(archive)].join('');
}

// ---- JSON ----

/** `JSON.stringify(archive, null, 2)` and a newline, a prompt at a time. */
export function* jsonChunks(archive: ChannelArchive): Generator<string> {
  const { prompts, ...head } = archive;
  const empty = JSON.stringify({ ...head, prompts: [] }, null, 2);
  if (prompts.length === 0) {
    yield `${empty}\n`;
    return;
  }
  // `empty` ends with `"prompts": []` and the closing brace: each prompt goes between the brackets, two
  // levels deep (a string in JSON never holds a raw line break, so indenting every line is safe).
  yield `${empty.slice(0, -'[]\n}'.length)}[\n`;
  for (const [i, p] of prompts.entries()) {
    yield `${i === 0 ? '' : ',\n'}    ${JSON.stringify(p, null, 2).replaceAll('\n', '\n    ')}`;
  }
  yield '\n  ]\n}\n';
}

export function toJson(archive: ChannelArchive): string {
  return [...jsonChunks(archive)].join('');
}

// ---- files ----

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', json: 'json', md: 'md' };
const LABELS: Record<ExportFormat, string> = { csv: 'CSV', json: 'JSON', md: 'Markdown' };

function chunksOf(archive: ChannelArchive, format: ExportFormat): Generator<string> {
  return format === 'csv'
    ? csvChunks(archive)
    : format === 'json'
      ? jsonChunks(archive)
      : markdownChunks(archive);
}

function fileNames(archive: ChannelArchive, format: ExportFormat): { filename: string; title: string } {
  const slug =
    (archive.channel.name ?? archive.channel.id)
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .slice(0, 60) || 'channel';
  const date = archive.exportedAt.slice(0, 10);
  const name = archive.channel.name ? `#${archive.channel.name}` : archive.channel.id;
  return {
    filename: `lead-vs-manage-${slug}-${date}.${EXTENSIONS[format]}`,
    title: `Lead vs Manage archive of ${name} (${LABELS[format]})`,
  };
}

export function exportFile(
  archive: ChannelArchive,
  format: ExportFormat,
): { filename: string; title: string; content: string } {
  return { ...fileNames(archive, format), content: [...chunksOf(archive, format)].join('') };
}

/**
 * The file as `exportFile` writes it, built a slice at a time (the event loop gets a turn between slices) into
 * UTF-8 pieces of about `pieceBytes` each, ready to upload.
 */
export async function renderExport(
  archive: ChannelArchive,
  format: ExportFormat,
  pieceBytes = 256 * 1024,
): Promise<{ filename: string; title: string; pieces: Buffer[]; bytes: number }> {
  const pieces: Buffer[] = [];
  let bytes = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const cut = () => {
    const piece = Buffer.from(pending.join(''), 'utf8');
    pieces.push(piece);
    bytes += piece.length;
    pending = [];
    pendingLength = 0;
  };
  const slice = slices();
  for (const chunk of chunksOf(archive, format)) {
    pending.push(chunk);
    pendingLength += chunk.length;
    if (pendingLength >= pieceBytes) cut();
    await slice.pause();
  }
  if (pendingLength > 0) cut();
  return { ...fileNames(archive, format), pieces, bytes };
}
