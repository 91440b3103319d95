/**
 * One segment of the snapshot: a file holding a slice of the posts (SegmentMap says which), with their
 * votes and answers. A fold rewrites only the segments whose posts changed; an edit or a deletion
 * therefore rewrites one segment, not the store.
 *
 * Layout, three parts:
 *   {"segment":7,"postsBytes":N}\n                         the head: its id, the length of the posts part
 *   {…PostRecord,"votes":{…},"secondVotes":{…},"answers":[["<ts>","<user>"|null,o,l],…]}\n   one line per post (N bytes)
 *   "<answer text as a JSON string>"\n                      the texts, one line each, in the order of the posts part
 * An answer is [ts, user or null, o, l], followed by [editedAt or null, deleteHash or null] when it has either;
 * its text is the JSON string at [o, o + l) counted from the start of the texts part. Start-up reads the head
 * and the posts part only; the texts are read when a thread is (see stored-answer.ts).
 */
import type { PostRecord } from './schema.js';
import { type VoteTuples, voteTuples } from './snapshot.js';
import type { PostEntry } from './state.js';
import { isOnDisk, type OnDiskAnswer, type StoredAnswer } from './stored-answer.js';

/** A post as a segment stores it: captured at the fold (or as it was when it changed during the fold). */
export interface PostImage {
  readonly entry: PostEntry;
  readonly record: PostRecord;
  readonly votes: VoteTuples;
  readonly secondVotes: VoteTuples | undefined;
  readonly answers: StoredAnswer[];
}

export function postImage(entry: PostEntry): PostImage {
  return {
    entry,
    record: entry.record,
    votes: voteTuples(entry.votes),
    secondVotes: entry.secondVotes ? voteTuples(entry.secondVotes) : undefined,
    answers: Array.from(entry.answers.values()),
  };
}

/** Where a fold put each answer's text in the new file (absolute offsets), for the state to point at. */
export interface Placed {
  file: string;
  entry: PostEntry;
  answer: StoredAnswer;
  offset: number;
  length: number;
}

/** The bytes of a segment file being made a post at a time (so a fold can yield between posts). */
export class SegmentWriter {
  private readonly lines: string[] = [];
  private readonly texts: Buffer[] = [];
  private textBytes = 0;
  private readonly placed: { entry: PostEntry; answer: StoredAnswer; rel: number; length: number }[] = [];

  constructor(private readonly id: number) {}

  /** Adds a post; `textOf` gives the JSON bytes of a text on disk (read from the segment's old file). */
  add(image: PostImage, textOf: (a: OnDiskAnswer) => Buffer): void {
    const answers = image.answers.map((a) => {
      const text = isOnDisk(a) ? textOf(a) : Buffer.from(JSON.stringify(a.text), 'utf8');
      const meta: (string | number | null)[] = [a.ts, a.user ?? null, this.textBytes, text.length];
      if (a.editedAt !== undefined || a.deleteHash !== undefined)
        meta.push(a.editedAt ?? null, a.deleteHash ?? null);
      this.placed.push({ entry: image.entry, answer: a, rel: this.textBytes, length: text.length });
      this.texts.push(text, NEWLINE);
      this.textBytes += text.length + 1;
      return meta;
    });
    const second = image.secondVotes && Object.keys(image.secondVotes).length > 0;
    this.lines.push(
      JSON.stringify({
        ...image.record,
        votes: image.votes,
        ...(second ? { secondVotes: image.secondVotes } : {}),
        answers,
      }),
    );
  }

  /**
   * The bytes of file `file` (copied into the buffer `room(size)` gives, which a fold reuses from one segment
   * to the next instead of making one for each), and where each text is in them.
   */
  finish(file: string, room: (size: number) => Buffer): { bytes: Buffer; placed: Placed[] } {
    const posts = Buffer.from(this.lines.map((l) => `${l}\n`).join(''), 'utf8');
    const head = Buffer.from(`${JSON.stringify({ segment: this.id, postsBytes: posts.length })}\n`, 'utf8');
    const base = head.length + posts.length;
    const bytes = room(base + this.textBytes);
    let at = 0;
    for (const part of [head, posts, ...this.texts]) at += part.copy(bytes, at);
    return {
      bytes,
      placed: this.placed.map((p) => ({
        file,
        entry: p.entry,
        answer: p.answer,
        offset: base + p.rel,
        length: p.length,
      })),
    };
  }
}

const NEWLINE = Buffer.from('\n');

/** The head of a segment file: its id and where its parts are. */
export interface SegmentHead {
  segment: number;
  /** Bytes of the head line (with its newline): the posts part starts here. */
  headBytes: number;
  postsBytes: number;
}

/** Parses the head line at the start of `first` (the file's first bytes); undefined when it is not one. */
export function parseHead(first: Buffer): SegmentHead | undefined {
  const nl = first.indexOf(10);
  if (nl < 0) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(first.toString('utf8', 0, nl));
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const { segment, postsBytes } = doc as Record<string, unknown>;
  if (!Number.isSafeInteger(segment) || !Number.isSafeInteger(postsBytes) || (postsBytes as number) < 0)
    return undefined;
  return { segment: segment as number, headBytes: nl + 1, postsBytes: postsBytes as number };
}
