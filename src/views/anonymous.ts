/**
 * Answering without a name: the *Answer anonymously* button on a prompt, its form, the answer as the bot posts it in
 * the thread, the message only its author sees (with *Delete*), and every text these flows and
 * `/lead-vs-manage anonymous` answer with. Pure builders; nothing here ever sees who the author is.
 */
import type { types } from '@slack/bolt';
import { COMMAND } from '../slack/surface.js';
import { ACTIONS, CALLBACKS, promptRef } from './ids.js';
import { escapeMrkdwn, messageLink, truncate } from './text.js';

/** How an anonymous answer's author is shown everywhere (thread, discussion window, exports). */
export const ANONYMOUS = 'Anonymous';
/** The form's input: its block and action ids (the submission's `state.values[block][action]`). */
export const ANSWER_BLOCK = 'anonymous_answer';
export const ANSWER_INPUT = 'text';
/** Characters an anonymous answer may have (Slack's text input allows 3,000 at most). */
export const MAX_ANSWER_CHARS = 2500;
/** Message metadata type of an anonymous answer the bot posted (its only payload is a random post id). */
export const ANONYMOUS_EVENT_TYPE = 'lead_vs_manage_anonymous_answer';

const BUTTON_TEXT = 'Answer anonymously';

/** The actions block a prompt carries while its channel allows anonymous answers. */
export function answerButtonBlock(): types.ActionsBlock {
  return {
    type: 'actions',
    block_id: 'anonymous',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.answerAnonymously,
        text: { type: 'plain_text', text: BUTTON_TEXT },
      },
    ],
  };
}

const modal = (blocks: types.KnownBlock[]): types.ModalView => ({
  type: 'modal',
  callback_id: CALLBACKS.anonymous,
  title: { type: 'plain_text', text: BUTTON_TEXT },
  close: { type: 'plain_text', text: 'Close' },
  blocks,
});

const says = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** The form for an answer in the thread of prompt `ts` of `channel` (both carried in private_metadata). */
export function anonymousForm(channel: string, ts: string): types.ModalView {
  return {
    ...modal([
      says(
        `Your answer goes into this prompt's thread as *${ANONYMOUS}*. Lead vs Manage stores it without your name or user id.`,
      ),
      {
        type: 'input',
        block_id: ANSWER_BLOCK,
        label: { type: 'plain_text', text: 'Your answer' },
        element: {
          type: 'plain_text_input',
          action_id: ANSWER_INPUT,
          multiline: true,
          max_length: MAX_ANSWER_CHARS,
          placeholder: { type: 'plain_text', text: 'Leadership, management, or both? Say why.' },
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text:
              'Slack does tell the app who sends this form, so whoever runs the app could in principle find out. ' +
              'After posting, you get a message only you can see, with a button that deletes the answer.',
          },
        ],
      },
    ]),
    close: { type: 'plain_text', text: 'Cancel' },
    submit: { type: 'plain_text', text: 'Post anonymously' },
    private_metadata: promptRef(channel, ts),
  };
}

export const ANONYMOUS_OFF =
  'Anonymous answers are turned off in this channel, so this button no longer works. You can still answer in the thread under your name.';
export const PROMPT_GONE = "This prompt is no longer in the archive, so it can't take new answers.";

/** What a click on the button opens instead of the form: anonymous answers are off, or the prompt is gone. */
export function anonymousRefusedView(reason: 'off' | 'gone'): types.ModalView {
  return modal([says(reason === 'off' ? ANONYMOUS_OFF : PROMPT_GONE)]);
}

export const FORM_EXPIRED = "The form couldn't open in time. Click *Answer anonymously* on the prompt again.";

// ---- the submission's errors (shown under the text box; nothing is posted or stored) ----

export const EMPTY_ANSWER = 'Write your answer first.';

export function tooLong(chars: number): string {
  return `Keep it to ${MAX_ANSWER_CHARS.toLocaleString('en-US')} characters; this one has ${chars.toLocaleString('en-US')}.`;
}

export const TURNED_OFF_WHILE_WRITING =
  'Anonymous answers were turned off in this channel while you were writing, so this was not posted. Copy your text if you want to keep it.';

// ---- the answer in the thread, and the message only its author sees ----

/** The submitted text as the thread shows it and the archive keeps it: mrkdwn, with &, < and > escaped. */
export function answerText(submitted: string): string {
  return escapeMrkdwn(submitted.trim());
}

/** The thread message: the bot posts it, so no one's name, picture or id is on it. */
export function anonymousAnswerMessage(text: string): { text: string } {
  return { text: `:bust_in_silhouette: *${ANONYMOUS}*\n${text}` };
}

/** A Delete button's value: `C123/1764070000.000100/<token>`. The token is 43 base64url characters. */
export function deleteValue(channel: string, ts: string, token: string): string {
  return `${promptRef(channel, ts)}/${token}`;
}

export function parseDeleteValue(
  value: string | undefined,
): { channel: string; ts: string; token: string } | undefined {
  const m = /^([A-Z0-9]{1,40})\/(\d{1,20}(?:\.\d{1,20})?)\/([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  return m?.[1] && m[2] && m[3] ? { channel: m[1], ts: m[2], token: m[3] } : undefined;
}

/** What only the author sees once the answer is in the thread: a link to it and *Delete*. */
export function authorMessage(
  channel: string,
  ts: string,
  token: string,
  teamUrl: string | undefined,
): { text: string; blocks: types.KnownBlock[] } {
  const posted = `Your answer is in the thread as *${ANONYMOUS}*.`;
  return {
    text: `${posted} Only you can see this message; its Delete button takes the answer back.`,
    blocks: [
      says(`${posted} <${messageLink(teamUrl, channel, ts)}|See it>`),
      {
        type: 'actions',
        block_id: 'anonymous_delete',
        elements: [
          {
            type: 'button',
            action_id: ACTIONS.deleteAnonymous,
            text: { type: 'plain_text', text: 'Delete' },
            style: 'danger',
            value: deleteValue(channel, ts, token),
            confirm: {
              title: { type: 'plain_text', text: 'Delete your answer?' },
              text: {
                type: 'mrkdwn',
                text: 'It disappears from the thread and from the archive. This cannot be undone.',
              },
              confirm: { type: 'plain_text', text: 'Delete' },
              deny: { type: 'plain_text', text: 'Keep it' },
              style: 'danger',
            },
          },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text:
              'Only you can see this message, and Slack drops it when it reloads. Keep it open if you might want ' +
              'to delete the answer: the app keeps no record that it is yours, so this button is the only way.',
          },
        ],
      },
    ],
  };
}

/** The author's text back, when it could not be posted. */
export function notPosted(reason: string, submitted: string): string {
  return truncate(
    `Sorry, I couldn't post your anonymous answer (${escapeMrkdwn(reason)}), so nothing was kept. ` +
      `Click *Answer anonymously* to try again. Your text:\n>${answerText(submitted).replace(/\n/g, '\n>')}`,
    3000,
  );
}

export const NOT_CONFIRMED =
  "Slack didn't say whether your anonymous answer went out, and I couldn't check. Look in the thread: if it isn't there, " +
  'click *Answer anonymously* to try again. If it is, it stays there without a Delete button, and outside the archive.';

// ---- Delete ----

export const DELETED = 'Deleted: your anonymous answer is gone from the thread and from the archive.';
export const ALREADY_GONE = 'That anonymous answer was already deleted.';
export const WRONG_TOKEN = "That Delete button doesn't match the answer, so nothing was deleted.";

export function deleteFailed(reason: string): string {
  return `I couldn't delete the answer just now (${escapeMrkdwn(reason)}). Try the button again in a minute.`;
}

// ---- `/lead-vs-manage anonymous [on|off]` ----

export function anonymousStatus(on: boolean): string {
  return on
    ? `Anonymous answers are on in this channel: each prompt has an *${BUTTON_TEXT}* button. An admin can turn them off with \`${COMMAND} anonymous off\`.`
    : `Anonymous answers are off in this channel. An admin can turn them on with \`${COMMAND} anonymous on\`.`;
}

export function anonymousSet(on: boolean, changed: boolean): string {
  if (!changed) return `Anonymous answers are already ${on ? 'on' : 'off'} in this channel.`;
  return on
    ? `Anonymous answers are now on in this channel: new prompts get an *${BUTTON_TEXT}* button.`
    : `Anonymous answers are now off in this channel: new prompts have no *${BUTTON_TEXT}* button, and the button on earlier prompts says they are off. Answers already posted stay.`;
}

/** Who may turn anonymous answers on or off, when the one asking may not (the schedules' rule). */
export function anonymousRefusal(
  v:
    | { reason: 'listed-admins'; admins: readonly string[] }
    | { reason: 'workspace-admins'; setBy: string | undefined }
    | { reason: 'check-failed' },
): string {
  const what = 'turn anonymous answers on or off here';
  switch (v.reason) {
    case 'listed-admins':
      return `Only the admins of Lead vs Manage can ${what}. Ask one of them: ${v.admins.map((id) => `<@${id}>`).join(', ')}.`;
    case 'workspace-admins':
      return v.setBy
        ? `Only your workspace's admins and owners, and <@${v.setBy}> who set this channel's schedule, can ${what}. Ask one of them.`
        : `Only your workspace's admins and owners can ${what}. Ask one of them.`;
    case 'check-failed':
      return `I couldn't check whether you may ${what} just now. Try again in a minute.`;
  }
}
