/**
 * A workspace's own prompts in the App Home: a "Suggest a prompt" button for everyone (and how many of the
 * viewer's suggestions wait for review); for the app's admins, the suggestions waiting for review with
 * Approve, Edit and Reject, and a window listing the team's prompts to edit, retire or bring back. Pure.
 */
import type { types } from '@slack/bolt';
import { ACTIONS, CALLBACKS } from './ids.js';
import { escapeMrkdwn, LIMITS, plural, readerDate, truncate } from './text.js';

/** What the Home and the window show of an own prompt (a stored record fits). */
interface OwnPromptRow {
  id: string;
  text: string;
  form: 'statement' | 'situation';
  status: 'pending' | 'approved' | 'rejected' | 'retired';
  via: 'suggestion' | 'import';
  source: { title?: string; credit?: string; link?: string };
  view?: { leans: string };
  author?: string;
  createdAt: string;
}

export interface OwnHomeInput {
  /** The viewer's own suggestions waiting for review. */
  waiting: number;
  /** Only for the app's admins. */
  admin?: {
    /** The oldest suggestions waiting, at most OWN_PENDING_SHOWN. */
    pending: readonly OwnPromptRow[];
    pendingTotal: number;
    approved: number;
    retired: number;
    mode: 'own' | 'shipped' | 'both';
    fallback: boolean;
  };
}

/** Suggestions listed in the Home at once (two blocks each). */
export const OWN_PENDING_SHOWN = 10;
/** Prompts per page of the "Team prompts" window (three blocks each). */
export const OWN_PAGE_SIZE = 10;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

function button(text: string, action: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return { type: 'button', action_id: action, text: plain(text), value, ...(style ? { style } : {}) };
}

/** "statement · source: _Title_, Dana · leans management · suggested by <@U1> on 25 Nov 2026". */
function ownDetails(r: OwnPromptRow): string {
  const parts: string[] = [r.form];
  const { title, credit } = r.source;
  if (title || credit) {
    parts.push(
      `source: ${[title ? `_${escapeMrkdwn(title)}_` : '', credit ? escapeMrkdwn(credit) : ''].filter(Boolean).join(', ')}`,
    );
  } else parts.push('no source named');
  if (r.view && r.view.leans !== 'none') parts.push(`leans ${r.view.leans}`);
  const how = r.via === 'import' ? 'imported' : 'suggested';
  parts.push(`${how}${r.author ? ` by <@${r.author}>` : ''} on ${readerDate(r.createdAt)}`);
  return parts.join(' · ');
}

function pendingBlocks(r: OwnPromptRow): types.KnownBlock[] {
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`>${escapeMrkdwn(r.text)}\n${ownDetails(r)}`, LIMITS.sectionText),
      },
    },
    {
      type: 'actions',
      block_id: `own_review_${r.id}`.slice(0, 255),
      elements: [
        button('Approve', ACTIONS.ownApprove, r.id, 'primary'),
        button('Edit', ACTIONS.ownEdit, r.id),
        button('Reject', ACTIONS.ownReject, r.id, 'danger'),
      ],
    },
  ];
}

const MODE_WORDS = {
  both: 'the shipped library and your own prompts',
  shipped: 'the shipped library only',
  own: 'your own prompts only',
} as const;

export function ownHomeBlocks(input: OwnHomeInput): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: "*Your team's own prompts.* Suggest one from what your team reads; an admin reviews it before it is ever posted.",
      },
      accessory: button('Suggest a prompt', ACTIONS.ownSuggest, 'suggest', 'primary'),
    },
  ];
  if (input.waiting > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `You have ${plural(input.waiting, 'suggestion')} waiting for review.`,
        },
      ],
    });
  }
  const admin = input.admin;
  if (!admin) return blocks;
  const head =
    admin.pendingTotal === 0
      ? '*Suggestions waiting for review:* none.'
      : `*Suggestions waiting for review* (${admin.pendingTotal}), oldest first:`;
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: head } });
  for (const r of admin.pending) blocks.push(...pendingBlocks(r));
  const more = admin.pendingTotal - admin.pending.length;
  if (more > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `And ${more} more: they show here as you review these.` }],
    });
  }
  const retired = admin.retired > 0 ? `, ${admin.retired} retired` : '';
  const fallback = admin.fallback ? ' No approved prompt is left, so the shipped library stands in.' : '';
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `*Team library:* ${plural(admin.approved, 'prompt')}${retired}. The rotation draws on ${MODE_WORDS[admin.mode]} (\`/lead-vs-manage library\`).${fallback}`,
    },
    accessory: button('Manage team prompts', ACTIONS.ownManage, '0'),
  });
  return blocks;
}

export interface ManageInput {
  /** This page's prompts, newest first. */
  rows: readonly OwnPromptRow[];
  page: number;
  total: number;
}

/** The "Team prompts" window: each approved or retired prompt with Edit and Retire (or Bring back). */
export function manageModal(input: ManageInput): types.ModalView {
  const pages = Math.max(1, Math.ceil(input.total / OWN_PAGE_SIZE));
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          input.total === 0
            ? 'Your team has no approved prompts yet. Approve a suggestion, or import a file (see the README).'
            : `${plural(input.total, 'prompt')}, newest first${pages > 1 ? ` (page ${input.page + 1} of ${pages})` : ''}. A retired prompt is never posted again; the archive keeps it.`,
      },
    },
  ];
  for (const r of input.rows) {
    const retired = r.status === 'retired';
    blocks.push(
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(`>${escapeMrkdwn(r.text)}\n${ownDetails(r)}`, LIMITS.sectionText),
        },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `\`${r.id}\` · ${retired ? '*retired*' : 'in the rotation'}` }],
      },
      {
        type: 'actions',
        block_id: `own_manage_${r.id}`.slice(0, 255),
        elements: retired
          ? [button('Bring back', ACTIONS.ownRestore, r.id)]
          : [button('Edit', ACTIONS.ownEdit, r.id), button('Retire', ACTIONS.ownRetire, r.id, 'danger')],
      },
    );
  }
  const nav: types.Button[] = [];
  if (input.page > 0) nav.push(button('← Newer', ACTIONS.ownManageNewer, String(input.page - 1)));
  if (input.page < pages - 1) nav.push(button('Older →', ACTIONS.ownManageOlder, String(input.page + 1)));
  if (nav.length > 0) blocks.push({ type: 'actions', block_id: 'own_manage_pager', elements: nav });
  return {
    type: 'modal',
    callback_id: CALLBACKS.ownManage,
    private_metadata: JSON.stringify({ page: input.page }),
    title: plain('Team prompts'),
    close: plain('Close'),
    blocks,
  };
}
