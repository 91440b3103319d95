/** Read models over the store: a prompt's results, a channel's history. No Slack, no writes. */
import type { PromptLibrary } from '../domain/library.js';
import { DEFAULT_MIN_VOTERS } from '../domain/privacy.js';
import type { PromptResult } from '../domain/result.js';
import { movement } from '../domain/second-look.js';
import type { TrendInput } from '../domain/stats.js';
import { tally } from '../domain/tally.js';
import type { PostRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';

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
  const { team, channel, ts, summaryTs, revisitOf } = post;
  const [votes, answers, second, earlier] = await Promise.all([
    store.votes(team, channel, ts),
    store.answers(team, channel, ts),
    summaryTs === undefined ? undefined : store.secondVotes(team, channel, ts),
    revisitOf === undefined ? undefined : store.votes(team, channel, revisitOf),
  ]);
  return {
    channel: post.channel,
    ts: post.ts,
    promptId: post.promptId,
    prompt: library.find(post.promptId),
    tally: tally(votes),
    answers: answers.length,
    minVoters,
    ...(second ? { secondLook: { tally: tally(second), movement: movement(votes, second) } } : {}),
    ...(revisitOf !== undefined && earlier ? { revisitOf: { ts: revisitOf, tally: tally(earlier) } } : {}),
  };
}

export async function channelHistory(
  store: Store,
  library: PromptLibrary,
  team: string,
  channel: string,
  limit: number,
  minVoters = DEFAULT_MIN_VOTERS,
) {
  const posts = await store.posts(team, channel);
  const rows = await Promise.all(
    posts.slice(0, limit).map((p) => promptResult(store, library, p, minVoters)),
  );
  return { total: posts.length, rows };
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
