/**
 * Read models over the store: a prompt's results, a channel's history and trend. No Slack, no writes. They
 * read the store's per-prompt counts (PostTally), never the votes behind them, and only the prompts they show
 * (the trend's summary counts every prompt, so it reads every prompt's counts).
 */
import type { PromptLibrary } from '../domain/library.js';
import { DEFAULT_MIN_VOTERS } from '../domain/privacy.js';
import type { PromptResult } from '../domain/result.js';
import { NO_MOVEMENT } from '../domain/second-look.js';
import { type Trend, type TrendInput, trend } from '../domain/stats.js';
import { type Tally, tally } from '../domain/tally.js';
import type { PostRecord } from '../store/schema.js';
import type { PostTally, Store } from '../store/store.js';

const NO_VOTES: Tally = tally([]);

/** A prompt's counts when the store does not hold it (any more). */
function uncounted(post: PostRecord): PostTally {
  const none: PostTally = { post, tally: NO_VOTES, answers: 0 };
  if (post.summaryTs !== undefined) none.secondLook = { tally: NO_VOTES, movement: NO_MOVEMENT };
  return none;
}

/** A prompt's result from its counts; `earlier`: for a revisit, the tally of the post it brings back. */
function resultOf(
  library: PromptLibrary,
  t: PostTally,
  minVoters = DEFAULT_MIN_VOTERS,
  earlier?: Tally,
): PromptResult {
  const { post } = t;
  return {
    channel: post.channel,
    ts: post.ts,
    promptId: post.promptId,
    prompt: library.find(post.promptId),
    tally: t.tally,
    answers: t.answers,
    minVoters,
    ...(t.secondLook ? { secondLook: t.secondLook } : {}),
    ...(post.revisitOf !== undefined
      ? { revisitOf: { ts: post.revisitOf, tally: earlier ?? NO_VOTES } }
      : {}),
  };
}

/** The result of a prompt as counted: with, for a revisit, the earlier post's tally (read here). */
async function counted(store: Store, library: PromptLibrary, t: PostTally, minVoters: number) {
  const { team, channel, revisitOf } = t.post;
  const earlier = revisitOf === undefined ? undefined : await store.postTally(team, channel, revisitOf);
  return resultOf(library, t, minVoters, earlier?.tally);
}

/**
 * A prompt's tally and answers, with its second look once the summary asked and, for a revisit, the earlier
 * discussion's tally. `minVoters`: the small-group rule's threshold (TALLY_MIN_VOTERS), carried to the views.
 */
export async function promptResult(
  store: Store,
  library: PromptLibrary,
  post: PostRecord,
  minVoters = DEFAULT_MIN_VOTERS,
): Promise<PromptResult> {
  const t = (await store.postTally(post.team, post.channel, post.ts)) ?? uncounted(post);
  // The post as the caller has it decides whether the summary asked yet (it may be a moment older).
  const asOf: PostTally = { ...t, post };
  if (post.summaryTs === undefined) delete asOf.secondLook;
  else asOf.secondLook ??= { tally: NO_VOTES, movement: NO_MOVEMENT };
  return counted(store, library, asOf, minVoters);
}

/** The results of the given counts (each revisit's earlier tally read too), in their order. */
export function resultsOf(
  store: Store,
  library: PromptLibrary,
  tallies: readonly PostTally[],
  minVoters = DEFAULT_MIN_VOTERS,
): Promise<PromptResult[]> {
  return Promise.all(tallies.map((t) => counted(store, library, t, minVoters)));
}

export async function channelHistory(
  store: Store,
  library: PromptLibrary,
  team: string,
  channel: string,
  limit: number,
  minVoters = DEFAULT_MIN_VOTERS,
) {
  const [tallies, total] = await Promise.all([
    store.postTallies(team, channel, { limit }),
    store.postCount(team, channel),
  ]);
  return { total, rows: await resultsOf(store, library, tallies, minVoters) };
}

/**
 * What the trend takes of prompts' counts, kept per counts object: the file store hands out the same object
 * until the prompt changes, so Home and `stats` do not build 10,000 inputs again on every read.
 */
const inputs = new WeakMap<PostTally, TrendInput>();

/** What the trend takes of a prompt, from its counts. */
export function trendInput(library: PromptLibrary, t: PostTally, minVoters = DEFAULT_MIN_VOTERS): TrendInput {
  const { ts, promptId } = t.post;
  const sourceLeans = library.find(promptId)?.view.leans;
  const kept = inputs.get(t);
  if (kept && kept.sourceLeans === sourceLeans && kept.minVoters === minVoters) return kept;
  const input: TrendInput = {
    at: new Date(Number.parseInt(ts, 10) * 1000),
    tally: t.tally,
    answers: t.answers,
    sourceLeans,
    minVoters,
  };
  if (t.secondLook) input.secondLook = t.secondLook;
  inputs.set(t, Object.freeze(input));
  return input;
}

/** `stats`: the trend over every prompt of a channel; undefined when it has none. */
export async function channelTrend(
  store: Store,
  library: PromptLibrary,
  team: string,
  channel: string,
  minVoters = DEFAULT_MIN_VOTERS,
): Promise<Trend | undefined> {
  const tallies = await store.postTallies(team, channel);
  if (tallies.length === 0) return undefined;
  return trend(tallies.map((t) => trendInput(library, t, minVoters)));
}

/** The trend's input from prompt results (their ts is when they were posted). */
export function trendInputs(results: readonly PromptResult[]): TrendInput[] {
  return results.map((r) => ({
    at: new Date(Number(r.ts.split('.')[0]) * 1000),
    tally: r.tally,
    answers: r.answers,
    sourceLeans: r.prompt?.view.leans,
    ...(r.minVoters === undefined ? {} : { minVoters: r.minVoters }),
    ...(r.secondLook ? { secondLook: r.secondLook } : {}),
  }));
}
