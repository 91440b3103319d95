/**
 * A min-heap of keys by due time (epoch ms), with each key at most once: setting a key again moves it.
 * The scheduler keeps each schedule's next slot here, so a tick looks only at the keys that are due.
 */
export class DueQueue {
  private readonly keys: string[] = [];
  private readonly dues: number[] = [];
  private readonly at = new Map<string, number>();

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.at.has(key);
  }

  /** When `key` is due; undefined when it is not queued. */
  dueOf(key: string): number | undefined {
    const i = this.at.get(key);
    return i === undefined ? undefined : this.dues[i];
  }

  /** Queues `key` at `due`, or moves it there. */
  set(key: string, due: number): void {
    const i = this.at.get(key);
    if (i === undefined) {
      this.keys.push(key);
      this.dues.push(due);
      this.at.set(key, this.keys.length - 1);
      this.up(this.keys.length - 1);
      return;
    }
    const was = this.dues[i] as number;
    this.dues[i] = due;
    if (due < was) this.up(i);
    else this.down(i);
  }

  delete(key: string): void {
    const i = this.at.get(key);
    if (i === undefined) return;
    const last = this.keys.length - 1;
    if (i !== last) this.swap(i, last);
    this.keys.pop();
    this.dues.pop();
    this.at.delete(key);
    if (i !== last) {
      this.up(i);
      this.down(i);
    }
  }

  /** Removes and returns every key due at or before `t`, earliest first. */
  takeDue(t: number): string[] {
    const out: string[] = [];
    while (this.keys.length > 0 && (this.dues[0] as number) <= t) {
      const key = this.keys[0] as string;
      out.push(key);
      this.delete(key);
    }
    return out;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.dues[parent] as number) <= (this.dues[i] as number)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.keys.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < n && (this.dues[l] as number) < (this.dues[least] as number)) least = l;
      if (r < n && (this.dues[r] as number) < (this.dues[least] as number)) least = r;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }

  private swap(a: number, b: number): void {
    const [ka, kb] = [this.keys[a] as string, this.keys[b] as string];
    [this.keys[a], this.keys[b]] = [kb, ka];
    [this.dues[a], this.dues[b]] = [this.dues[b] as number, this.dues[a] as number];
    this.at.set(kb, a);
    this.at.set(ka, b);
  }
}
