/**
 * Posting and closing work in one workspace at a time, with that workspace's clients (posting.ts, closing.ts).
 * These put one poster and one closer per workspace behind the single Poster and Closer the scheduler and the
 * command use, each made the first time its workspace needs it.
 */
import type { Coordination } from '../store/coordination.js';
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

/**
 * A Poster that posts with the poster of the workspace asked for. Unsettled posts are kept in one place for every
 * workspace (`kept`, shared by their posters): each is looked for again by its own workspace's poster, made when
 * one is waiting (also after a restart, when they are kept in the database).
 */
export function posterPerWorkspace(
  make: (team: string) => TeamPoster,
  kept: Pick<Coordination['unsettled'], 'list'>,
): TeamPoster {
  const posters = perTeam(make);
  const post: Poster = async (team, channel, opts) => posters.of(team)(team, channel, opts);
  const waitingTeams = async () => new Set((await kept.list()).map((r) => r.team));
  const unsettled: UnsettledPosts = {
    waiting: async () => new Set((await kept.list()).map((r) => `${r.team}/${r.channel}`)),
    async settle() {
      await Promise.all([...(await waitingTeams())].map((team) => posters.of(team).unsettled.settle(team)));
    },
    async stop() {
      await Promise.all([...(await waitingTeams())].map((team) => posters.of(team).unsettled.stop(team)));
    },
  };
  return Object.assign(post, { unsettled });
}
