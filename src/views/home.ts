/**
 * The App Home tab: the viewer's channels' recent prompts (newest first, paged) with their tallies, a channel
 * filter, the team's trend, and a "Read the discussion" button per prompt. Pure builders; the caller decides
 * which channels the viewer may see.
 */
import type { types } from '@slack/bolt';
import type { PromptResult } from '../domain/result.js';
import type { Trend } from '../domain/stats.js';
import { ACTIONS, ALL_CHANNELS, CALLBACKS, encodeHomeState, type HomeState, promptRef } from './ids.js';
import { type OwnHomeInput, ownHomeBlocks } from './own-home.js';
import { promptText } from './results.js';
import { compactCounts, fewerThan, hidden, revisitLine, secondLookLine } from './second-look.js';
import { statsBlocks } from './stats.js';
import { LIMITS, messageLink, plural, readerDate, truncate } from './text.js';

/** Prompts per Home page: with the other blocks this stays far below 100 blocks. */
export const HOME_PAGE_SIZE = 20;
/** Slack's cap on a static_select's options. */
const MAX_SELECT_OPTIONS = 100;
const OPTION_TEXT = 75;

const HOME_TITLE = 'Lead vs Manage';
export const HOME_EMPTY =
  "No prompts yet in the channels you're in. To start one: invite me to a channel with " +
  '`/invite @lead-vs-manage`, then post the first prompt there with `/lead-vs-manage now`. ' +
  'A workspace admin can then set a weekly schedule with `/lead-vs-manage schedule mon 09:00`.';

interface HomeChannel {
  id: string;
  name: string;
}

export interface HomeInput {
  /** The viewer's channels that have prompts, in the order the filter lists them. */
  channels: readonly HomeChannel[];
  /** The filter and page shown; `channel` must be one of `channels` (or undefined for all). */
  state: HomeState;
  /** This page's prompts, newest first. */
  rows: readonly PromptResult[];
  /** Prompts matching the filter, over every page. */
  total: number;
  trend: Trend;
  teamUrl: string | undefined;
  /** The workspace's own prompts: the suggest button, and the review for admins. */
  own?: OwnHomeInput;
}

type Option = { text: { type: 'plain_text'; text: string; emoji: boolean }; value: string };

function option(text: string, value: string): Option {
  return { text: { type: 'plain_text', text: truncate(text, OPTION_TEXT), emoji: true }, value };
}

function filterBlock(channels: readonly HomeChannel[], selected: string | undefined): types.KnownBlock {
  const all = option('All your channels', ALL_CHANNELS);
  let listed = channels.slice(0, MAX_SELECT_OPTIONS - 1);
  const current = channels.find((c) => c.id === selected);
  if (current && !listed.includes(current)) listed = [...listed.slice(0, -1), current];
  const options = [all, ...listed.map((c) => option(`#${c.name}`, c.id))];
  const initial = options.find((o) => o.value === (selected ?? ALL_CHANNELS)) ?? all;
  return {
    type: 'actions',
    block_id: 'home_filter',
    elements: [
      {
        type: 'static_select',
        action_id: ACTIONS.homeFilter,
        placeholder: { type: 'plain_text', text: 'Pick a channel' },
        options,
        initial_option: initial,
      },
    ],
  };
}

function countsLine(r: PromptResult): string {
  const answers = plural(r.answers, 'answer');
  const lines = [
    hidden(r.tally, r.minVoters)
      ? `${fewerThan(r.minVoters)} · ${answers}`
      : `${compactCounts(r.tally)} · ${plural(r.tally.voters, 'voter')} · ${answers}`,
    revisitLine(r),
    secondLookLine(r),
  ];
  return lines.filter((l) => l !== undefined).join('\n');
}

function promptRow(r: PromptResult, teamUrl: string | undefined): types.KnownBlock {
  const link = messageLink(teamUrl, r.channel, r.ts);
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncate(
        `*<#${r.channel}>* · ${readerDate(r.ts)} · <${link}|thread>\n>${promptText(r, 280)}\n${countsLine(r)}`,
        LIMITS.sectionText,
      ),
    },
    accessory: {
      type: 'button',
      action_id: ACTIONS.openDiscussion,
      text: { type: 'plain_text', text: 'Read the discussion', emoji: true },
      value: promptRef(r.channel, r.ts),
    },
  };
}

function pager(state: HomeState, total: number): types.KnownBlock | undefined {
  const pages = Math.ceil(total / HOME_PAGE_SIZE);
  const elements: types.Button[] = [];
  if (state.page > 0) {
    elements.push({
      type: 'button',
      action_id: ACTIONS.homeNewer,
      text: { type: 'plain_text', text: '← Newer' },
      value: String(state.page - 1),
    });
  }
  if (state.page < pages - 1) {
    elements.push({
      type: 'button',
      action_id: ACTIONS.homeOlder,
      text: { type: 'plain_text', text: 'Older →' },
      value: String(state.page + 1),
    });
  }
  return elements.length > 0 ? { type: 'actions', block_id: 'home_pager', elements } : undefined;
}

/** The Home tab for one viewer. */
export function homeView(input: HomeInput): types.HomeView {
  const { channels, state, rows, total, trend, teamUrl } = input;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: HOME_TITLE, emoji: true } },
  ];
  const own: types.KnownBlock[] = input.own ? [...ownHomeBlocks(input.own), { type: 'divider' }] : [];
  if (channels.length === 0) {
    blocks.push(
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'Every week I ask your team: *leadership, management, or both?*' },
      },
      { type: 'section', text: { type: 'mrkdwn', text: HOME_EMPTY } },
      ...own,
    );
    return { type: 'home', callback_id: CALLBACKS.home, private_metadata: encodeHomeState(state), blocks };
  }

  const scope = state.channel ? `<#${state.channel}>` : 'your channels';
  const first = state.page * HOME_PAGE_SIZE;
  const range = total === 0 ? 'none' : `${first + 1}–${first + rows.length} of ${total}`;
  blocks.push(
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          'Every week I ask your team: *leadership, management, or both?* Here is the archive of the channels ' +
          "you're in. Vote with the reactions on a prompt; argue it in its thread.",
      },
    },
    ...own,
    filterBlock(channels, state.channel),
    ...statsBlocks(trend, scope),
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: `*Prompts in ${scope}*, newest first (${range})` } },
    ...rows.map((r) => promptRow(r, teamUrl)),
  );
  const nav = pager(state, total);
  if (nav) blocks.push(nav);
  return {
    type: 'home',
    callback_id: CALLBACKS.home,
    private_metadata: encodeHomeState(state),
    blocks: blocks.slice(0, LIMITS.viewBlocks),
  };
}

/** When the viewer's channels could not be checked: say so rather than show anything unchecked. */
export function homeErrorView(): types.HomeView {
  return {
    type: 'home',
    callback_id: CALLBACKS.home,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: HOME_TITLE, emoji: true } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: "I couldn't check which channels you're in just now, so I'm not showing the archive. Open this tab again in a minute.",
        },
      },
    ],
  };
}
