/**
 * A channel's posts in time order (their ts as decimal numbers), kept as they are stored, so a page of the
 * newest is a slice and never a sort of the whole channel. Posts are only ever added (a purge drops the whole
 * channel); a new post is almost always the newest, which is an append.
 */
import { compareTs } from '../domain/slack-ts.js';
import type { PostPage } from './store.js';

export class PostOrder<E extends { readonly record: { readonly ts: string } }> {
  /** Oldest first; posts with equal ts (as numbers) in the reverse of the order they were added. */
  private readonly entries: E[] = [];

  get size(): number {
    return this.entries.length;
  }

  add(entry: E): void {
    const ts = entry.record.ts;
    const last = this.entries.at(-1);
    if (!last || compareTs(ts, last.record.ts) > 0) {
      this.entries.push(entry);
      return;
    }
    // First index whose ts is not below `ts`: an equal one goes before those already there.
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareTs((this.entries[mid] as E).record.ts, ts) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.entries.splice(lo, 0, entry);
  }

  /** The newest post (by ts), if any. */
  newest(): E | undefined {
    return this.entries.at(-1);
  }

  /** The index of the first post newer than `ts`. */
  private after(ts: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareTs((this.entries[mid] as E).record.ts, ts) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The first post `test` accepts, trying those at or before `ts` newest first, then the newer ones oldest
   * first (where a thread's replies and its post usually are).
   */
  find(ts: string, test: (entry: E) => boolean): E | undefined {
    const at = this.after(ts);
    for (let i = at - 1; i >= 0; i--) if (test(this.entries[i] as E)) return this.entries[i];
    for (let i = at; i < this.entries.length; i++) if (test(this.entries[i] as E)) return this.entries[i];
    return undefined;
  }

  /** Newest first: at most `limit` posts, only those older than `before`. */
  page(page: PostPage = {}): E[] {
    let end = this.entries.length;
    const { before } = page;
    if (before !== undefined) {
      let lo = 0;
      while (lo < end) {
        const mid = (lo + end) >>> 1;
        if (compareTs((this.entries[mid] as E).record.ts, before) < 0) lo = mid + 1;
        else end = mid;
      }
    }
    const start = page.limit === undefined ? 0 : Math.max(0, end - Math.max(0, page.limit));
    const out = this.entries.slice(start, end);
    return out.reverse();
  }
}
