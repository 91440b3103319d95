/**
 * Which segment each post is in, and which segments changed since the last fold. A post joins the newest
 * segment until it holds SEGMENT_POSTS posts, so the busy recent posts share a few segments while old ones
 * sit in segments a fold seldom rewrites (see segment-file.ts).
 */
import { AnswerList } from './answer-list.js';
import type { PostRecord } from './schema.js';
import type { PostEntry } from './state.js';
import type { UserDirectory } from './user-directory.js';

/** Posts per segment: a segment of prompts with 10 answers and 20 votes each is about 3 MB. */
export const SEGMENT_POSTS = 1_000;

export class SegmentMap {
  private readonly members = new Map<number, Set<PostEntry>>();
  /** Segments whose posts changed since the last fold (or were never written). */
  readonly dirty = new Set<number>();
  private newest = 1;

  /** `directory`: the people answers' lists number (see AnswerList). */
  constructor(private readonly directory: UserDirectory) {}

  /** A new post's entry, in segment `id` (as loaded from its file), else in the newest segment (a change). */
  add(record: PostRecord, id?: number): PostEntry {
    let seg = id;
    if (seg === undefined) {
      if ((this.members.get(this.newest)?.size ?? 0) >= SEGMENT_POSTS) this.newest++;
      seg = this.newest;
      this.dirty.add(seg);
    } else {
      this.newest = Math.max(this.newest, seg);
    }
    const entry: PostEntry = {
      record,
      votes: new Map(),
      answers: new AnswerList(this.directory),
      segment: seg,
    };
    let set = this.members.get(seg);
    if (!set) {
      set = new Set();
      this.members.set(seg, set);
    }
    set.add(entry);
    return entry;
  }

  changed(entry: PostEntry): void {
    this.dirty.add(entry.segment);
  }

  /** Takes the team's posts out of their segments (a purge). */
  removeTeam(team: string): void {
    for (const [id, set] of this.members) {
      for (const entry of set) {
        if (entry.record.team !== team) continue;
        set.delete(entry);
        this.dirty.add(id);
      }
      if (set.size === 0 && id !== this.newest) this.members.delete(id);
    }
  }

  /** The segment's posts, in the order they joined. */
  posts(id: number): PostEntry[] {
    return Array.from(this.members.get(id) ?? []);
  }

  /** Every segment that has posts. */
  ids(): number[] {
    return Array.from(this.members.keys()).filter((id) => (this.members.get(id)?.size ?? 0) > 0);
  }
}
