/** Read models over the store: a prompt's results, a channel's history. No Slack, no writes. */
import type { PromptLibrary } from '../domain/library.js';
import type { PromptResult } from '../domain/result.js';
import type { TrendInput } from '../domain/stats.js';
import { tally } from '../domain/tally.js';
import type { PostRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';

export function promptResult(store: Store, library: PromptLibrary, post: PostRecord): PromptResult {
  return {
    channel: post.channel,
    ts: post.ts,
    promptId: post.promptId,
    prompt: library.find(post.promptId),
    tally: tally(store.votes(post.team, post.channel, post.ts)),
    answers: store.answers(post.team, post.channel, post.ts).length,
  };
}

export function channelHistory(
  store: Store,
  library: PromptLibrary,
  team: string,
  channel: string,
  limit: number,
) {
  const posts = store.posts(team, channel);
  return { total: posts.length, rows: posts.slice(0, limit).map((p) => promptResult(store, library, p)) };
}

/** The trend's input from prompt results (their ts is when they were posted). */
export function trendInputs(results: readonly PromptResult[]): TrendInput[] {
  return results.map((r) => ({
    at: new Date(Number(r.ts.split('.')[0]) * 1000),
    tally: r.tally,
    answers: r.answers,
    sourceLeans: r.prompt?.view.leans,
  }));
}
