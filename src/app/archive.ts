/** Read models over the store: a prompt's results, a channel's history. No Slack, no writes. */
import type { PromptLibrary } from '../domain/library.js';
import type { PromptResult } from '../domain/result.js';
import type { TrendInput } from '../domain/stats.js';
import { tally } from '../domain/tally.js';
import type { PostRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';

export async function promptResult(
  store: Store,
  library: PromptLibrary,
  post: PostRecord,
): Promise<PromptResult> {
  const [votes, answers] = await Promise.all([
    store.votes(post.team, post.channel, post.ts),
    store.answers(post.team, post.channel, post.ts),
  ]);
  return {
    channel: post.channel,
    ts: post.ts,
    promptId: post.promptId,
    prompt: library.find(post.promptId),
    tally: tally(votes),
    answers: answers.length,
  };
}

export async function channelHistory(
  store: Store,
  library: PromptLibrary,
  team: string,
  channel: string,
  limit: number,
) {
  const posts = await store.posts(team, channel);
  const rows = await Promise.all(posts.slice(0, limit).map((p) => promptResult(store, library, p)));
  return { total: posts.length, rows };
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
