/** Every action and callback id of the App Home, the modals and the prompt's buttons, in one place. */

export const ACTIONS = {
  /** static_select in the Home tab: which channel's prompts to show (value: a channel id or ALL_CHANNELS). */
  homeFilter: 'home_channel_filter',
  /** Home tab paging buttons (value: the page to show). */
  homeNewer: 'home_page_newer',
  homeOlder: 'home_page_older',
  /** "Read the discussion" on a prompt (value: `channel/ts`, re-checked on every click). */
  openDiscussion: 'open_discussion',
  /** Discussion modal paging buttons (value: the page to show). */
  discussionPrevious: 'discussion_page_previous',
  discussionNext: 'discussion_page_next',
  /** "Answer anonymously" on a prompt (the prompt is the message it is on). */
  answerAnonymously: 'answer_anonymously',
  /** "Delete" on the message only an anonymous answer's author sees (value: see views/anonymous.ts). */
  deleteAnonymous: 'delete_anonymous_answer',
  /** A workspace's own prompts (value: a prompt id unless said otherwise; every click re-checks who may). */
  ownSuggest: 'own_suggest_open',
  ownApprove: 'own_approve',
  ownEdit: 'own_edit',
  ownReject: 'own_reject',
  ownManage: 'own_manage_open',
  /** Paging the "Team prompts" window (value: the page to show). */
  ownManageNewer: 'own_manage_newer',
  ownManageOlder: 'own_manage_older',
  ownRetire: 'own_retire',
  ownRestore: 'own_restore',
  /** `now <words>` matched several prompts: post this one. */
  ownChoose: 'own_choose',
  /** `next`: skip the prompt the rotation would post next (admins). */
  ownSkip: 'own_skip',
} as const;

export const CALLBACKS = {
  home: 'lvm_home',
  discussion: 'lvm_discussion',
  /** The anonymous answer form (private_metadata: the prompt as `channel/ts`). */
  anonymous: 'lvm_anonymous_answer',
  /** The suggestion form, the edit form (private_metadata: the prompt id), the rejection's reason. */
  ownSuggest: 'lvm_own_suggest',
  ownEdit: 'lvm_own_edit',
  ownReject: 'lvm_own_reject',
  ownManage: 'lvm_own_manage',
} as const;

/** A workspace's own prompt id carried in a button value or private_metadata; undefined for anything else. */
export function parseOwnId(value: unknown): string | undefined {
  return typeof value === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value) && value.length <= 100
    ? value
    : undefined;
}

/** The filter option meaning "every channel you are in". */
export const ALL_CHANNELS = 'all';

/** A prompt reference carried in a button value: `C123/1764070000.000100`. */
export function promptRef(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}

export function parsePromptRef(value: string | undefined): { channel: string; ts: string } | undefined {
  const m = /^([A-Z0-9]{1,40})\/(\d{1,20}(?:\.\d{1,20})?)$/.exec(value ?? '');
  return m?.[1] && m[2] ? { channel: m[1], ts: m[2] } : undefined;
}

/** A page number from a button value or metadata; 0 for anything that is not a small whole number. */
export function parsePage(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(n) && n >= 0 && n < 100_000 ? n : 0;
}

/** What the Home tab remembers between interactions (its private_metadata). */
export interface HomeState {
  /** A channel id, or undefined for every channel. */
  channel: string | undefined;
  page: number;
}

export function encodeHomeState(s: HomeState): string {
  return JSON.stringify({ c: s.channel ?? null, p: s.page });
}

export function decodeHomeState(text: string | undefined): HomeState {
  try {
    const raw = JSON.parse(text ?? '') as { c?: unknown; p?: unknown };
    const channel = typeof raw.c === 'string' && /^[A-Z0-9]{1,40}$/.test(raw.c) ? raw.c : undefined;
    return { channel, page: parsePage(raw.p) };
  } catch {
    return { channel: undefined, page: 0 };
  }
}

/** What the discussion modal remembers (its private_metadata): which thread, which page. Never trusted alone. */
export interface DiscussionState {
  channel: string;
  ts: string;
  page: number;
}

export function encodeDiscussionState(s: DiscussionState): string {
  return JSON.stringify({ c: s.channel, t: s.ts, p: s.page });
}

export function decodeDiscussionState(text: string | undefined): DiscussionState | undefined {
  try {
    const raw = JSON.parse(text ?? '') as { c?: unknown; t?: unknown; p?: unknown };
    const ref = parsePromptRef(`${String(raw.c)}/${String(raw.t)}`);
    return ref ? { ...ref, page: parsePage(raw.p) } : undefined;
  } catch {
    return undefined;
  }
}
