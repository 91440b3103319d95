/**
 * The snapshot: the whole state as one JSON document, and how it is made (at once, or a slice at a time
 * for a fold, which writes it through lowdb: snapshot-file.ts). snapshot-load.ts reads it back.
 *
 * Format (schema version 2), one post per line so it can be loaded a post at a time:
 *   {"version":2,"seq":1234,"schedules":[…],"rotations":[…],"channelSettings":[…],"workspaceSettings":[…],"teamPrompts":[…],
 *    "tombstones":[…],"eventIds":[…],"posts":[
 *   {…PostRecord,"votes":{"<emoji>":[["<user>",1|0,"<eventTs>"],…],…},"answers":[AnswerRecord,…],
 *    "secondVotes":{…as votes…}},
 *   …
 *   ]}
 * - version: SCHEMA_VERSION of the app that wrote it; seq: last journal seq folded in (replay skips ≤ seq).
 *   Version 1 had no `summaryTs`, `revisitOf` or `secondVotes`; it loads as it is.
 * - secondVotes: the second look's votes (reactions on the results summary), only when there are any.
 * - schedules, rotations: their records. channelSettings: {team, channel, set}; workspaceSettings: {team, set}
 *   (both absent in snapshots written before settings existed). teamPrompts: workspaces' own prompts and
 *   suggestions, TeamPromptRecord each, oldest first per team (absent in snapshots written before them). tombstones: ["<team>","<channel>","<ts>"], oldest first.
 *   eventIds: oldest first.
 * - votes are tuples [user, on (1) or off (0), eventTs], about 40 bytes each: a million fit in ~40 MB.
 *
 * The line layout makes loading cheap (snapshot-load.ts parses a post line at a time).
 */
import { voteOn, voteTs } from './packed-vote.js';
import { SCHEMA_VERSION } from './schema.js';
import type { PostEntry, State } from './state.js';

export const HEADER_END = ',"posts":[';
export const FOOTER = ']}';

type VoteTuples = Record<string, [string, 0 | 1, string][]>;

function voteTuples(columns: PostEntry['votes']): VoteTuples {
  const votes: VoteTuples = {};
  for (const [emoji, byUser] of columns) {
    if (byUser.size === 0) continue;
    votes[emoji] = Array.from(byUser, ([user, v]) => [user, voteOn(v) ? 1 : 0, voteTs(v)]);
  }
  return votes;
}

function postJson(entry: PostEntry): string {
  const answers = Array.from(entry.answers.values());
  const second = entry.secondVotes ? voteTuples(entry.secondVotes) : {};
  const secondVotes = Object.keys(second).length > 0 ? { secondVotes: second } : {};
  return JSON.stringify({ ...entry.record, votes: voteTuples(entry.votes), answers, ...secondVotes });
}

function headerText(state: State): string {
  const header = JSON.stringify({
    version: SCHEMA_VERSION,
    seq: state.seq,
    schedules: state.schedules(),
    rotations: state.rotations(),
    channelSettings: state.settings.channelRows(),
    workspaceSettings: state.settings.workspaceRows(),
    teamPrompts: state.teamPrompts.rows(),
    tombstones: state.tombstones(),
    eventIds: state.eventIds(),
  });
  return `${header.slice(0, -1)}${HEADER_END}`;
}

/** The snapshot text for the state as it is now (see the format above). */
export function serializeSnapshot(state: State): string {
  const parts = [headerText(state)];
  let sep = '\n';
  for (const entry of state.postEntries()) {
    parts.push(sep, postJson(entry));
    sep = ',\n';
  }
  parts.push(`\n${FOOTER}\n`);
  return parts.join('');
}

/** How long a slice of `captureSnapshot` runs before it lets other work (acks) in. */
const SLICE_MS = 8;

/** The state as it was at `captureSnapshot`, as bytes made a slice at a time. */
export interface SnapshotImage {
  /** The seq the snapshot holds (the state's at the capture). */
  readonly seq: number;
  /** `serializeSnapshot`'s text in pieces; read it once. */
  readonly slices: AsyncIterable<Buffer>;
  /** Stops keeping changed posts as they were (done when `slices` ends; call it if you stop early). */
  release(): void;
}

/**
 * Captures the state for a snapshot, to be written a slice at a time so commits and requests are served
 * in between (a million votes take most of a second; one 35 MB string would take another 200 ms to join
 * and encode). Everything is captured synchronously at the call except the posts, which are made later:
 * a post that is about to change before it is made is made first, as it was (through
 * `state.onPostChange`). One image at a time per State.
 */
export function captureSnapshot(
  state: State,
  yieldNow: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  sliceMs = SLICE_MS,
): SnapshotImage {
  if (state.onPostChange) throw new Error('a snapshot of this state is already being written');
  const header = headerText(state);
  const entries = Array.from(state.postEntries());
  const waiting = new Set(entries);
  const asItWas = new Map<PostEntry, string>();
  const keep = (entry: PostEntry) => {
    if (waiting.has(entry) && !asItWas.has(entry)) asItWas.set(entry, postJson(entry));
  };
  state.onPostChange = keep;
  const release = () => {
    if (state.onPostChange === keep) state.onPostChange = undefined;
  };
  async function* slices(): AsyncGenerator<Buffer> {
    try {
      let parts = [header];
      let sliceStart = performance.now();
      let sep = '\n';
      for (const entry of entries) {
        parts.push(sep, asItWas.get(entry) ?? postJson(entry));
        waiting.delete(entry);
        asItWas.delete(entry);
        sep = ',\n';
        if (performance.now() - sliceStart >= sliceMs) {
          yield Buffer.from(parts.join(''), 'utf8');
          parts = [];
          await yieldNow();
          sliceStart = performance.now();
        }
      }
      release();
      parts.push(`\n${FOOTER}\n`);
      yield Buffer.from(parts.join(''), 'utf8');
    } finally {
      release();
    }
  }
  return { seq: state.seq, slices: slices(), release };
}
