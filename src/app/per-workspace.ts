/**
 * Posting and closing work in one workspace at a time, with that workspace's clients (posting.ts, closing.ts).
 * These put one poster and one closer per workspace behind the single Poster and Closer the scheduler and the
 * command use, each made the first time its workspace needs it.
 */
import type { Closer } from './closing.js';
import type { Poster, UnsettledPosts } from './posting.js';

type TeamPoster = Poster & { unsettled: UnsettledPosts };

function perTeam<T>(make: (team: string) => T): {
  of(team: string): T;
  peek(team: string): T | undefined;
  all(): T[];
} {
  const made = new Map<string, T>();
  return {
    peek: (team) => made.get(team),
    of(team) {
      let it = made.get(team);
      if (it === undefined) {
        it = make(team);
        made.set(team, it);
      }
      return it;
    },
    all: () => [...made.values()],
  };
}

/** A Closer that closes each prompt with the closer of its workspace. */
export function closerPerWorkspace(make: (team: string) => Closer): Closer {
  const closers = perTeam(make);
  return async (post) => closers.of(post.team)(post);
}

/** A Poster that posts with the poster of the workspace asked for; its unsettled posts are all of theirs. */
export function posterPerWorkspace(make: (team: string) => TeamPoster): TeamPoster {
  const posters = perTeam(make);
  const post: Poster = async (team, channel, opts) => posters.of(team)(team, channel, opts);
  const unsettled: UnsettledPosts = {
    has: (team, channel) => posters.peek(team)?.unsettled.has(team, channel) ?? false,
    async settle() {
      await Promise.all(posters.all().map((p) => p.unsettled.settle()));
    },
    async stop() {
      await Promise.all(posters.all().map((p) => p.unsettled.stop()));
    },
  };
  return Object.assign(post, { unsettled });
}
