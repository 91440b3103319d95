/**
 * `/lead-vs-manage export`: a channel's archive (prompts, sources, tallies, answers with authors and times)
 * as one plain object; export-formats.ts writes it as CSV, JSON or Markdown. Only `channelArchive` reads
 * (never writes) the store, a slice at a time. The JSON shape is documented in the README.
 */
import type { PromptLibrary } from '../domain/library.js';
import type { Lean } from '../domain/options.js';
import { agreesWithSource, tally as countVotes, teamLean } from '../domain/tally.js';
import type { Store } from '../store/store.js';
import { type ArchiveSecondLook, archiveSecondLook } from './export-second-look.js';

export {
  CSV_COLUMNS,
  csvCell,
  exportFile,
  renderExport,
  toCsv,
  toJson,
  toMarkdown,
} from './export-formats.js';
export { slackToMarkdown } from './export-markdown.js';

import { type ArchiveSource, archiveSource } from './export-source.js';
import { SLICE_MS, slices } from './slices.js';

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

export interface ArchivePrompt {
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

/** What an archive says besides its prompts. */
export type ArchiveHead = Omit<ChannelArchive, 'prompts'>;

export function archiveHead(
  where: { team: string; channel: string; channelName?: string | undefined },
  now: Date,
): ArchiveHead {
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    team: where.team,
    channel: { id: where.channel, name: where.channelName ?? null },
    exportedAt: now.toISOString(),
  };
}

/**
 * One channel's prompts as archived, newest first, read a slice at a time: the event loop gets a turn whenever
 * a slice has run its time (see slices.ts), so a channel of 100,000 answers does not hold up other requests,
 * and a caller that writes each prompt out as it comes never holds the whole archive.
 */
export async function* archivePrompts(
  store: Store,
  library: PromptLibrary,
  team: string,
  channel: string,
  sliceMs = SLICE_MS,
): AsyncGenerator<ArchivePrompt> {
  const slice = slices(sliceMs);
  for (const post of await store.posts(team, channel)) {
    await slice.pause();
    const prompt = library.find(post.promptId);
    const [votes, answers, second] = await Promise.all([
      store.votes(team, channel, post.ts),
      store.answers(team, channel, post.ts),
      post.summaryTs === undefined ? undefined : store.secondVotes(team, channel, post.ts),
    ]);
    const t = countVotes(votes);
    const lean = teamLean(t) ?? null;
    yield {
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
    };
  }
}

/** Reads one channel's archive of one workspace (see `archivePrompts`). */
export async function channelArchive(
  store: Store,
  library: PromptLibrary,
  where: { team: string; channel: string; channelName?: string | undefined },
  now: Date,
): Promise<ChannelArchive> {
  const prompts: ArchivePrompt[] = [];
  for await (const p of archivePrompts(store, library, where.team, where.channel)) prompts.push(p);
  return { ...archiveHead(where, now), prompts };
}
