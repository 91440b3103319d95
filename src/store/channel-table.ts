/**
 * The state's posts by workspace and channel (state.ts): per channel its posts by ts and in time order, which
 * post each results summary sums up. Pure.
 */
import { PostOrder } from './post-order.js';

export interface ChannelData<E extends { readonly record: { readonly ts: string } }> {
  readonly posts: Map<string, E>;
  /** The same posts in time order. */
  readonly order: PostOrder<E>;
  /** results summary ts → the post it summarises. */
  readonly summaries: Map<string, E>;
}

export class ChannelTable<E extends { readonly record: { readonly ts: string } }> {
  private readonly teams = new Map<string, Map<string, ChannelData<E>>>();

  get(team: string, channel: string): ChannelData<E> | undefined {
    return this.teams.get(team)?.get(channel);
  }

  getOrAdd(team: string, channel: string): ChannelData<E> {
    let chans = this.teams.get(team);
    if (!chans) {
      chans = new Map();
      this.teams.set(team, chans);
    }
    let ch = chans.get(channel);
    if (!ch) {
      ch = { posts: new Map(), order: new PostOrder(), summaries: new Map() };
      chans.set(channel, ch);
    }
    return ch;
  }

  /** A workspace's channels with at least one post. */
  channels(team: string): string[] {
    const out: string[] = [];
    for (const [id, ch] of this.teams.get(team) ?? []) if (ch.posts.size > 0) out.push(id);
    return out;
  }

  *entries(): IterableIterator<E> {
    for (const chans of this.teams.values()) {
      for (const ch of chans.values()) yield* ch.posts.values();
    }
  }

  /** Forgets a workspace's posts; true when it had any channel. */
  dropTeam(team: string): boolean {
    return this.teams.delete(team);
  }
}
