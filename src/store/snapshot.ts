/**
 * The snapshot: the snapshot file (the manifest) and the segment files it lists (segment-file.ts), and how
 * a fold captures the state for them. snapshot-load.ts and segment-load.ts read them back.
 *
 * The snapshot file (schema version 3), one line:
 *   {"version":3,"seq":1234,"gen":56,"schedules":[…],"rotations":[…],"channelSettings":[…],"workspaceSettings":[…],
 *    "teamPrompts":[…],"tombstones":[…],"eventIds":[…],"segments":["db.json.s1.55","db.json.s2.56",…]}
 * - version: SCHEMA_VERSION of the app that wrote it; seq: last journal seq folded in (replay skips ≤ seq);
 *   gen: the fold that wrote it (segment files are named `<snapshot>.s<segment>.<gen>`, so a new file never
 *   takes the name of one a snapshot still lists).
 * - segments: the files holding the posts, with their votes and answers, in the store's folder.
 * - schedules, rotations: their records. channelSettings: {team, channel, set}; workspaceSettings: {team, set}.
 *   teamPrompts: workspaces' own prompts and suggestions, TeamPromptRecord each, oldest first per team.
 *   tombstones: ["<team>","<channel>","<ts>"], oldest first. eventIds: oldest first.
 *
 * Versions 1 and 2 (stores written before segments) held everything in the snapshot file, one post per line
 * after a header line ending in `"posts":[` (`serializeSnapshot` writes it, snapshot-load.ts reads it); such a
 * store is rewritten in segments by its first fold. Version 1 had no `summaryTs`, `revisitOf` or
 * `secondVotes`; channelSettings, workspaceSettings and teamPrompts are absent from snapshots older than them.
 */
import { voteOn, voteTs } from './packed-vote.js';
import { SCHEMA_VERSION } from './schema.js';
import { type PostImage, postImage } from './segment-file.js';
import type { PostEntry, State } from './state.js';

export const HEADER_END = ',"posts":[';
export const FOOTER = ']}';

/** Votes as a snapshot stores them: emoji → [user, on (1) or off (0), eventTs], about 40 bytes each. */
export type VoteTuples = Record<string, [string, 0 | 1, string][]>;

export function voteTuples(columns: PostEntry['votes']): VoteTuples {
  const votes: VoteTuples = {};
  for (const [emoji, byUser] of columns) {
    if (byUser.size === 0) continue;
    votes[emoji] = Array.from(byUser, ([user, v]) => [user, voteOn(v) ? 1 : 0, voteTs(v)]);
  }
  return votes;
}

/** The snapshot's fields other than its posts or segments, as `{…` without the closing brace. */
function fieldsText(state: State, version: number): string {
  const fields = JSON.stringify({
    version,
    seq: state.seq,
    schedules: state.schedules(),
    rotations: state.rotations(),
    channelSettings: state.settings.channelRows(),
    workspaceSettings: state.settings.workspaceRows(),
    teamPrompts: state.teamPrompts.rows(),
    tombstones: state.tombstones(),
    eventIds: state.eventIds(),
  });
  return fields.slice(0, -1);
}

/**
 * The whole state as one document in the layout of schema version 2 (the answers' texts must be in
 * memory). Stores written before segments look like this; tests use it to write one.
 */
export function serializeSnapshot(state: State): string {
  const parts = [`${fieldsText(state, 2)}${HEADER_END}`];
  let sep = '\n';
  for (const entry of state.postEntries()) {
    const answers = Array.from(entry.answers.values());
    const second = entry.secondVotes ? voteTuples(entry.secondVotes) : {};
    const secondVotes = Object.keys(second).length > 0 ? { secondVotes: second } : {};
    parts.push(
      sep,
      JSON.stringify({ ...entry.record, votes: voteTuples(entry.votes), answers, ...secondVotes }),
    );
    sep = ',\n';
  }
  parts.push(`\n${FOOTER}\n`);
  return parts.join('');
}

/** The snapshot file's text: the captured fields, the fold's generation and the segment files. */
export function manifestText(fields: string, gen: number, files: string[]): string {
  return `${fields},"gen":${gen},"segments":${JSON.stringify(files)}}\n`;
}

/** The state as it was at `captureSegments`, for a fold to write the segments that changed. */
export interface SegmentsImage {
  /** The seq the snapshot holds (the state's at the capture). */
  readonly seq: number;
  /** The snapshot file's fields (see `manifestText`). */
  readonly fields: string;
  /** Every segment that has posts, in order. */
  readonly ids: number[];
  /** The segments to write (changed, or never written), each with its posts at the capture. */
  readonly changed: { id: number; posts: PostEntry[] }[];
  /** A post of a changed segment as it was at the capture. Call once per post. */
  image(entry: PostEntry): PostImage;
  /** Stops keeping changed posts as they were (call it when the fold ends). */
  release(): void;
  /** The fold failed: its segments are written by the next one. */
  failed(): void;
}

/**
 * Captures the state for a fold: everything but the posts synchronously, and which segments changed; their
 * posts are made later, a post at a time, and a post that is about to change before it is made is kept as it
 * was (through `state.onPostChange`). One image at a time per State.
 */
export function captureSegments(state: State, hasFile: (id: number) => boolean): SegmentsImage {
  if (state.onPostChange) throw new Error('a snapshot of this state is already being written');
  const fields = fieldsText(state, SCHEMA_VERSION);
  const ids = state.segments.ids();
  const dirty = new Set(state.segments.dirty);
  for (const id of ids) if (!hasFile(id)) dirty.add(id);
  state.segments.dirty.clear();
  const changed = Array.from(dirty)
    .sort((a, b) => a - b)
    .map((id) => ({ id, posts: state.segments.posts(id) }));
  const waiting = new Set(changed.flatMap((s) => s.posts));
  const asItWas = new Map<PostEntry, PostImage>();
  const keep = (entry: PostEntry) => {
    if (waiting.has(entry) && !asItWas.has(entry)) asItWas.set(entry, postImage(entry));
  };
  state.onPostChange = keep;
  return {
    seq: state.seq,
    fields,
    ids,
    changed,
    image(entry) {
      const image = asItWas.get(entry) ?? postImage(entry);
      waiting.delete(entry);
      asItWas.delete(entry);
      return image;
    },
    release() {
      if (state.onPostChange === keep) state.onPostChange = undefined;
    },
    failed() {
      for (const id of dirty) state.segments.dirty.add(id);
    },
  };
}
