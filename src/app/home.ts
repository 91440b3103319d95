/**
 * The Home tab as a use case: the viewer's archive. Only channels the viewer is a member of (asked of Slack,
 * see access.ts) and only data of the workspace the request came from ever reach the view.
 */
import type { webApi } from '@slack/bolt';
import { compareTs } from '../domain/slack-ts.js';
import { type TrendInput, trend } from '../domain/stats.js';
import { describe } from '../slack/errors.js';
import type { PostTally } from '../store/store.js';
import { HOME_PAGE_SIZE, type HomeInput, homeErrorView, homeView } from '../views/home.js';
import type { HomeState } from '../views/ids.js';
import type { Access } from './access.js';
import { resultsOf, trendInput } from './archive.js';
import type { Deps } from './deps.js';
import { ownHomeModel } from './own-home.js';
import { slices } from './slices.js';

type ReadDeps = Pick<Deps, 'store' | 'prompts' | 'workspaces' | 'config'>;

/**
 * What the Home tab shows to a viewer who is a member of `memberOf`: their channels with prompts (most recently
 * prompted first), the page of prompts asked for (a filter on a channel they cannot see is dropped), the trend.
 * It reads each channel's newest prompt and the counts the store keeps per prompt of the channels shown (the
 * trend sums them all), never their votes.
 */
export async function homeModel(
  deps: ReadDeps,
  team: string,
  memberOf: ReadonlyMap<string, string>,
  wanted: HomeState,
): Promise<HomeInput> {
  const { store } = deps;
  const library = await deps.prompts.forTeam(team);
  const minVoters = deps.config.tallyMinVoters;
  // A workspace of many channels and long archives: other requests get a turn between slices.
  const slice = slices();
  const latest = new Map<string, string>();
  for (const c of await store.channels(team)) {
    if (!memberOf.has(c)) continue;
    const [newest] = await store.posts(team, c, { limit: 1 });
    if (newest) latest.set(c, newest.ts);
    await slice.pause();
  }
  const visible = [...latest.keys()].sort((a, b) => compareTs(latest.get(b) ?? '0', latest.get(a) ?? '0'));
  const channel = wanted.channel && latest.has(wanted.channel) ? wanted.channel : undefined;
  const perChannel: PostTally[][] = [];
  const inputs: TrendInput[] = [];
  for (const c of channel ? [channel] : visible) {
    const list = await store.postTallies(team, c);
    perChannel.push(list);
    for (const t of list) inputs.push(trendInput(library, t, minVoters));
    await slice.pause();
  }
  const total = inputs.length;
  const pages = Math.max(1, Math.ceil(total / HOME_PAGE_SIZE));
  const page = Math.min(Math.max(0, wanted.page), pages - 1);
  const rows = await resultsOf(store, library, newest(perChannel, page), minVoters);
  await slice.pause();
  return {
    channels: visible.map((id) => ({ id, name: memberOf.get(id) ?? id })),
    state: { channel, page },
    rows,
    total,
    trend: trend(inputs),
    teamUrl: (await deps.workspaces.bot(team))?.teamUrl,
  };
}

/** Page `page` of the prompts of several channels together, newest first (each channel's list is newest first). */
function newest(perChannel: readonly (readonly PostTally[])[], page: number): PostTally[] {
  const end = (page + 1) * HOME_PAGE_SIZE;
  return perChannel
    .flatMap((list) => list.slice(0, end))
    .sort((a, b) => compareTs(b.post.ts, a.post.ts))
    .slice(page * HOME_PAGE_SIZE, end);
}

/** Checks the viewer's channels, then publishes their Home tab (an explanation instead if the check failed). */
export async function publishHome(
  deps: Deps,
  access: Access,
  client: webApi.WebClient,
  team: string,
  user: string,
  wanted: HomeState,
): Promise<void> {
  let memberOf: ReadonlyMap<string, string>;
  try {
    memberOf = await access.channelsOf(client, team, user);
  } catch (error) {
    deps.logger.warn(`could not list the channels of ${user} for the Home tab: ${describe(error)}`);
    await client.views.publish({ user_id: user, view: homeErrorView() });
    return;
  }
  const own = await ownHomeModel(deps, client, team, user);
  await client.views.publish({
    user_id: user,
    view: homeView({ ...(await homeModel(deps, team, memberOf, wanted)), own }),
  });
}
