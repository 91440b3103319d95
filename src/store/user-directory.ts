/**
 * People's ids, each kept once and numbered in order of first appearance: a million votes come from a few
 * thousand people, so columns hold numbers, not strings. An id stays here (in memory only) until the
 * process restarts, even after its workspace is purged.
 */
export class UserDirectory {
  private readonly numbers = new Map<string, number>();
  private readonly ids: string[] = [];

  /** The number for `user`, numbering it if new. */
  number(user: string): number {
    let n = this.numbers.get(user);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(user);
      this.numbers.set(user, n);
    }
    return n;
  }

  /** The number for `user`, if it has one (a read never numbers anyone). */
  find(user: string): number | undefined {
    return this.numbers.get(user);
  }

  id(n: number): string {
    return this.ids[n] as string;
  }
}
