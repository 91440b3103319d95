/**
 * `/lead-vs-manage export`: a channel's archive (prompts, sources, tallies, answers with authors and times)
 * as one plain object, and that object as CSV, JSON or Markdown text. The formatters are pure; only
 * `channelArchive` reads (never writes) the store. The JSON shape is documented in the README.
 */
import type { ExportFormat } from '../domain/command.js';
import type { PromptLibrary } from '../domain/library.js';
import type { Lean } from '../domain/options.js';
import { agreesWithSource, tally as countVotes, teamLean } from '../domain/tally.js';
import type { Store } from '../store/store.js';
import { toMarkdown } from './export-markdown.js';
import {
  type ArchiveSecondLook,
  archiveSecondLook,
  SECOND_LOOK_COLUMNS,
  secondLookCells,
} from './export-second-look.js';

export { slackToMarkdown, toMarkdown } from './export-markdown.js';

import { type ArchiveSource, archiveSource } from './export-source.js';

export const ARCHIVE_FORMAT = 'lead-vs-manage/archive';
/**
 * 2: `source` gained `byline`, `credit` is always set, `leans` may be "none"; 3: each prompt gained
 * `revisitOf` and `secondLook`, and an answer's `user` may be null (`anonymous`) (see the README's migration notes).
 */
const ARCHIVE_VERSION = 3;

interface ArchiveAnswer {
  user: string | null;
  /** Posted with *Answer anonymously* (`user` is then null): the app never knew whose it is. */
  anonymous: boolean;
  /** The reply's Slack ts. */
  ts: string;
  /** The same instant, ISO 8601 (UTC). */
  at: string;
  /** As Slack sent it (mrkdwn: &amp; &lt; &gt; escaped, mentions as <@U…>). */
  text: string;
  editedAt: string | null;
}

interface ArchivePrompt {
  ts: string;
  postedAt: string;
  promptId: string;
  /** null when the prompt has left the library since it was posted (so have form, discuss and source). */
  text: string | null;
  form: 'statement' | 'situation' | null;
  discuss: string | null;
  /** See ArchiveSource; null when the prompt has left the library. */
  source: ArchiveSource | null;
  /** Who suggested or imported a workspace's own prompt; null for the shipped library. */
  author: string | null;
  tally: { leadership: number; management: number; both: number; votes: number; voters: number };
  /** Where the votes came down (a tie at the top is "both"); null with no votes. */
  teamLean: Lean | null;
  /** teamLean === source.leans; null when either is missing or the source leans "none". */
  agreedWithSource: boolean | null;
  /** For a revisit: the ts of the channel's earlier post of this prompt; null otherwise. */
  revisitOf: string | null;
  /** The votes on the results summary ("where do you stand now?"); null until the summary asked. */
  secondLook: ArchiveSecondLook | null;
  answers: ArchiveAnswer[];
}

export interface ChannelArchive {
  format: typeof ARCHIVE_FORMAT;
  version: typeof ARCHIVE_VERSION;
  team: string;
  channel: { id: string; name: string | null };
  exportedAt: string;
  /** Newest first. */
  prompts: ArchivePrompt[];
}

/** ISO 8601 of a Slack ts ("1764070000.000100" → "2025-11-25T11:26:40.000Z"). */
export function tsToIso(ts: string): string {
  const [sec = '0', frac = ''] = ts.split('.');
  return new Date(Number(sec) * 1000 + Math.floor(Number(`0.${frac || '0'}`) * 1000)).toISOString();
}

/** Reads one channel's archive of one workspace. */
export async function channelArchive(
  store: Store,
  library: PromptLibrary,
  where: { team: string; channel: string; channelName?: string | undefined },
  now: Date,
): Promise<ChannelArchive> {
  const { team, channel } = where;
  const posts = await store.posts(team, channel);
  const prompts: ArchivePrompt[] = [];
  for (const post of posts) {
    const prompt = library.find(post.promptId);
    const [votes, answers, second] = await Promise.all([
      store.votes(team, channel, post.ts),
      store.answers(team, channel, post.ts),
      post.summaryTs === undefined ? undefined : store.secondVotes(team, channel, post.ts),
    ]);
    const t = countVotes(votes);
    const lean = teamLean(t) ?? null;
    prompts.push({
      ts: post.ts,
      postedAt: post.postedAt,
      promptId: post.promptId,
      text: prompt?.text ?? null,
      form: prompt?.form ?? null,
      discuss: prompt?.discuss ?? null,
      source: archiveSource(prompt),
      author: prompt?.author ?? null,
      tally: {
        leadership: t.counts.compass,
        management: t.counts.clipboard,
        both: t.counts.handshake,
        votes: t.votes,
        voters: t.voters,
      },
      teamLean: lean,
      agreedWithSource: agreesWithSource(lean ?? undefined, prompt?.view.leans) ?? null,
      revisitOf: post.revisitOf ?? null,
      secondLook:
        post.summaryTs !== undefined && second ? archiveSecondLook(post.summaryTs, votes, second) : null,
      answers: answers.map((a) => ({
        user: a.user ?? null,
        anonymous: a.user === undefined,
        ts: a.ts,
        at: tsToIso(a.ts),
        text: a.text,
        editedAt: a.editedAt ?? null,
      })),
    });
  }
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    team,
    channel: { id: channel, name: where.channelName ?? null },
    exportedAt: now.toISOString(),
    prompts,
  };
}

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
export function toCsv(archive: ChannelArchive): string {
  const lines = [CSV_COLUMNS.map(csvCell).join(',')];
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
    ];
    const answers = p.answers.length > 0 ? p.answers : [undefined];
    for (const a of answers) {
      const answerCells = a ? [a.user, a.ts, a.at, a.editedAt, a.text, a.anonymous] : Array(6).fill(null);
      const ownCells = [p.source?.link ?? null, p.author];
      lines.push([...promptCells, ...answerCells, ...ownCells].map(csvCell).join(','));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// ---- JSON ----

export function toJson(archive: ChannelArchive): string {
  return `${JSON.stringify(archive, null, 2)}\n`;
}

// ---- Markdown: export-markdown.ts ----

// ---- files ----

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', json: 'json', md: 'md' };
const LABELS: Record<ExportFormat, string> = { csv: 'CSV', json: 'JSON', md: 'Markdown' };

export function exportFile(
  archive: ChannelArchive,
  format: ExportFormat,
): { filename: string; title: string; content: string } {
  const slug =
    (archive.channel.name ?? archive.channel.id)
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .slice(0, 60) || 'channel';
  const date = archive.exportedAt.slice(0, 10);
  const content =
    format === 'csv' ? toCsv(archive) : format === 'json' ? toJson(archive) : toMarkdown(archive);
  const name = archive.channel.name ? `#${archive.channel.name}` : archive.channel.id;
  return {
    filename: `lead-vs-manage-${slug}-${date}.${EXTENSIONS[format]}`,
    title: `Lead vs Manage archive of ${name} (${LABELS[format]})`,
    content,
  };
}
