/**
 * A set of strings that keeps at most `max`, forgetting the oldest first (in insertion order; adding an
 * existing key again makes it the newest). For event ids and tombstones, which only need to be remembered
 * for a while.
 */
export class RecentSet {
  private readonly set = new Set<string>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.set.size;
  }

  has(key: string): boolean {
    return this.set.has(key);
  }

  add(key: string): void {
    this.set.delete(key);
    this.set.add(key);
    while (this.set.size > this.max) {
      const oldest = this.set.values().next();
      if (oldest.done) return;
      this.set.delete(oldest.value);
    }
  }

  delete(key: string): boolean {
    return this.set.delete(key);
  }

  /** Oldest first. */
  keys(): IterableIterator<string> {
    return this.set.values();
  }
}
