/**
 * A workspace's data as plain records, for moving it from one store to another (`npm run migrate`):
 * read from the source store, written to the target as ordinary commits, then counted back through the
 * Store interface to check that nothing was lost.
 */
import type {
  AnswerRecord,
  ChannelSettings,
  Op,
  PostRecord,
  RotationRecord,
  ScheduleRecord,
  TeamPromptRecord,
  VoteRecord,
  WorkspaceSettings,
} from '../schema.js';
import type { Store } from '../store.js';

export interface PostData {
  post: PostRecord;
  /** In the store's order (see Store.votes), which the target then keeps. */
  votes: VoteRecord[];
  /** The second look's votes (reactions on the results summary), in the store's order. */
  secondVotes: VoteRecord[];
  answers: AnswerRecord[];
}

export interface TeamData {
  team: string;
  posts: PostData[];
  schedules: ScheduleRecord[];
  rotations: RotationRecord[];
  /** Deleted answers, oldest first. */
  tombstones: { channel: string; ts: string }[];
  channelSettings: { channel: string; set: ChannelSettings }[];
  workspaceSettings: WorkspaceSettings | undefined;
  /** The workspace's own prompts and suggestions, in the order they were added. */
  teamPrompts: TeamPromptRecord[];
}

export interface Counts {
  prompts: number;
  /** First and second-look votes. */
  votes: number;
  answers: number;
}

export function countsOf(t: TeamData): Counts {
  let votes = 0;
  let answers = 0;
  for (const p of t.posts) {
    votes += p.votes.length + p.secondVotes.length;
    answers += p.answers.length;
  }
  return { prompts: t.posts.length, votes, answers };
}

/** What `store` holds for `team`, counted through the Store interface alone. */
export async function countIn(store: Store, team: string): Promise<Counts> {
  const counts: Counts = { prompts: 0, votes: 0, answers: 0 };
  for (const channel of await store.channels(team)) {
    for (const post of await store.posts(team, channel)) {
      counts.prompts++;
      counts.votes += (await store.votes(team, channel, post.ts)).length;
      counts.votes += (await store.secondVotes(team, channel, post.ts)).length;
      counts.answers += (await store.answers(team, channel, post.ts)).length;
    }
  }
  return counts;
}

/** The ops that make a store hold exactly `t` for its workspace: a purge first, then every record. */
function teamOps(t: TeamData): Op[] {
  const { team } = t;
  const ops: Op[] = [{ type: 'purge', team }];
  for (const p of t.posts) ops.push({ type: 'post', post: p.post });
  for (const { post, votes } of t.posts) {
    for (const vote of votes) ops.push({ type: 'vote', team, channel: post.channel, ts: post.ts, vote });
  }
  for (const { post, secondVotes } of t.posts) {
    for (const vote of secondVotes) {
      ops.push({ type: 'second-vote', team, channel: post.channel, ts: post.ts, vote });
    }
  }
  for (const { post, answers } of t.posts) {
    for (const answer of answers) {
      ops.push({ type: 'answer', team, channel: post.channel, threadTs: post.ts, answer });
    }
  }
  for (const schedule of t.schedules) ops.push({ type: 'schedule', schedule });
  for (const rotation of t.rotations) ops.push({ type: 'rotation', rotation });
  for (const { channel, ts } of t.tombstones) ops.push({ type: 'unanswer', team, channel, ts });
  for (const { channel, set } of t.channelSettings)
    ops.push({ type: 'channel-settings', team, channel, set });
  if (t.workspaceSettings) ops.push({ type: 'workspace-settings', team, set: t.workspaceSettings });
  for (const prompt of t.teamPrompts) ops.push({ type: 'team-prompt-add', prompt });
  return ops;
}

/**
 * Replaces the workspace's data in `store` with `t`, in commits of at most `chunk` ops (a workspace with a
 * million votes is not one giant commit). Idempotent: running it again gives the same data.
 */
export async function writeTeam(store: Store, t: TeamData, chunk = 5_000): Promise<void> {
  const ops = teamOps(t);
  for (let i = 0; i < ops.length; i += chunk) await store.commit(ops.slice(i, i + chunk));
}

/** Remembers event ids in `store` (oldest first), so an event applied before the move stays applied. */
export async function rememberEventIds(store: Store, ids: readonly string[], parallel = 500): Promise<void> {
  for (let i = 0; i < ids.length; i += parallel) {
    await Promise.all(ids.slice(i, i + parallel).map((eventId) => store.commit([], { eventId })));
  }
}
