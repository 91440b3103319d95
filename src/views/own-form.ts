/**
 * The forms of a workspace's own prompts: the suggestion form (also the edit form, filled in), what a
 * submitted form holds, where each problem shows, the thank-you view, and the rejection's reason. Pure.
 */
import type { types } from '@slack/bolt';
import { FIELD_LIMITS, type SuggestionField, type SuggestionInput } from '../domain/own-prompts.js';
import { PROMPT_FORMS, type PromptForm, SOURCE_LEANS, type SourceLean } from '../domain/vocabulary.js';
import { CALLBACKS } from './ids.js';
import { escapeMrkdwn, truncate } from './text.js';

/** Each field's input block (the keys of `response_action: errors`); every element's action id is VALUE. */
export const FORM_BLOCKS = {
  text: 'own_text',
  form: 'own_form',
  title: 'own_title',
  credit: 'own_credit',
  link: 'own_link',
  leans: 'own_leans',
  argument: 'own_argument',
  discuss: 'own_discuss',
} as const satisfies Record<SuggestionField | 'leans', string>;
export const VALUE = 'value';
export const REASON_BLOCK = 'own_reason';

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

const FORM_LABELS: Record<PromptForm, [string, string]> = {
  statement: ['Statement', 'A claim or a practice to judge'],
  situation: ['Situation', 'A short scene: "Which is this?"'],
};
const LEAN_LABELS: Record<SourceLean, string> = {
  leadership: 'Leadership',
  management: 'Management',
  both: 'Both',
  none: "It doesn't say",
};

function textInput(
  block: string,
  label: string,
  opts: { max: number; multiline?: boolean; optional?: boolean; hint?: string; initial?: string },
): types.InputBlock {
  const element: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: VALUE,
    max_length: opts.max,
    multiline: opts.multiline ?? false,
  };
  if (opts.initial) element.initial_value = truncate(opts.initial, opts.max);
  return {
    type: 'input',
    block_id: block,
    label: plain(label),
    optional: opts.optional ?? false,
    element,
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
  };
}

/** `page`: the page of the "Team prompts" window the edit was opened from, to show it again after saving. */
export type FormPurpose = { kind: 'suggest' } | { kind: 'edit'; id: string; approve: boolean; page?: number };

/** The suggestion form; with `initial`, the edit form of an existing prompt. */
export function suggestionModal(purpose: FormPurpose, initial?: SuggestionInput): types.ModalView {
  const formOptions = PROMPT_FORMS.map((f) => ({
    text: plain(FORM_LABELS[f][0]),
    description: plain(FORM_LABELS[f][1]),
    value: f,
  }));
  const leanOptions = SOURCE_LEANS.map((l) => ({ text: plain(LEAN_LABELS[l]), value: l }));
  const formChoice: types.RadioButtons = { type: 'radio_buttons', action_id: VALUE, options: formOptions };
  const chosenForm = formOptions.find((o) => o.value === (initial?.form ?? 'statement'));
  if (chosenForm) formChoice.initial_option = chosenForm;
  const lean: types.StaticSelect = {
    type: 'static_select',
    action_id: VALUE,
    placeholder: plain('Choose if the source says'),
    options: leanOptions,
  };
  const chosenLean = leanOptions.find((o) => o.value === initial?.leans);
  if (chosenLean) lean.initial_option = chosenLean;
  const intro =
    purpose.kind === 'suggest'
      ? "Suggest a prompt for your team's rotation. An admin reviews it before it is ever posted."
      : purpose.approve
        ? 'Fix what needs fixing, then approve: the prompt joins the rotation as you leave it here.'
        : "Edit this prompt of your team's library. Past weeks that posted it show the new wording too.";
  const title = purpose.kind === 'suggest' ? 'Suggest a prompt' : 'Edit a team prompt';
  const submit = purpose.kind === 'suggest' ? 'Send for review' : purpose.approve ? 'Approve' : 'Save';
  return {
    type: 'modal',
    callback_id: purpose.kind === 'suggest' ? CALLBACKS.ownSuggest : CALLBACKS.ownEdit,
    private_metadata:
      purpose.kind === 'suggest'
        ? ''
        : JSON.stringify({ id: purpose.id, approve: purpose.approve, page: purpose.page ?? null }),
    title: plain(title),
    submit: plain(submit),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      textInput(FORM_BLOCKS.text, 'The prompt', {
        max: FIELD_LIMITS.text,
        multiline: true,
        hint: 'What people vote on: leadership, management, or both? Keep what the source thinks for the close.',
        initial: initial?.text,
      }),
      {
        type: 'input',
        block_id: FORM_BLOCKS.form,
        label: plain('Statement or situation'),
        element: formChoice,
      },
      textInput(FORM_BLOCKS.title, 'Source: its title', {
        max: FIELD_LIMITS.title,
        optional: true,
        hint: 'The book, article, talk or meeting it comes from. Leave the source empty if it is your own.',
        initial: initial?.title,
      }),
      textInput(FORM_BLOCKS.credit, 'Source: who said it', {
        max: FIELD_LIMITS.credit,
        optional: true,
        initial: initial?.credit,
      }),
      textInput(FORM_BLOCKS.link, 'Source: a link', {
        max: FIELD_LIMITS.link,
        optional: true,
        hint: 'A web address starting with https://',
        initial: initial?.link,
      }),
      {
        type: 'input',
        block_id: FORM_BLOCKS.leans,
        label: plain('Where the source leans'),
        optional: true,
        element: lean,
        hint: plain("Shown when the week closes, next to the team's vote."),
      },
      textInput(FORM_BLOCKS.argument, 'Why: what the source argued', {
        max: FIELD_LIMITS.argument,
        multiline: true,
        optional: true,
        initial: initial?.argument,
      }),
      textInput(FORM_BLOCKS.discuss, 'A question for the thread', {
        max: FIELD_LIMITS.discuss,
        hint: 'A neutral question that starts the discussion.',
        initial: initial?.discuss,
      }),
    ],
  };
}

type StateValues = Record<string, Record<string, unknown>>;

function fieldValue(values: StateValues, block: string): string {
  const el = values[block]?.[VALUE] as
    | { value?: string | null; selected_option?: { value?: string } | null }
    | undefined;
  const v = el?.value ?? el?.selected_option?.value ?? '';
  return typeof v === 'string' ? v.trim() : '';
}

/** What a submitted suggestion or edit form holds (`view.state.values`), trimmed. */
export function readSuggestionForm(values: StateValues): SuggestionInput {
  const form = fieldValue(values, FORM_BLOCKS.form);
  const leans = fieldValue(values, FORM_BLOCKS.leans);
  const input: SuggestionInput = {
    text: fieldValue(values, FORM_BLOCKS.text),
    form: (PROMPT_FORMS as readonly string[]).includes(form) ? (form as PromptForm) : undefined,
    discuss: fieldValue(values, FORM_BLOCKS.discuss),
  };
  for (const key of ['title', 'credit', 'link', 'argument'] as const) {
    const v = fieldValue(values, FORM_BLOCKS[key]);
    if (v !== '') input[key] = v;
  }
  if ((SOURCE_LEANS as readonly string[]).includes(leans)) input.leans = leans as SourceLean;
  return input;
}

/** `response_action: errors`: each problem under its field. */
export function formErrors(problems: Partial<Record<SuggestionField, string>>): {
  response_action: 'errors';
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(problems)) {
    errors[FORM_BLOCKS[field as SuggestionField]] = message;
  }
  return { response_action: 'errors', errors };
}

/** What the form turns into once a suggestion went to review. */
export function sentForReviewView(text: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.ownSuggest,
    title: plain('Suggest a prompt'),
    close: plain('Done'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:white_check_mark: *Thank you: your suggestion went to review.*\n>${escapeMrkdwn(truncate(text, 300))}\nAn admin of the app approves or rejects it; you hear back either way. Nothing is posted before it is approved.`,
        },
      },
    ],
  };
}

/** Rejecting a suggestion: an optional reason, sent to whoever suggested it. */
export function rejectModal(id: string, text: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.ownReject,
    private_metadata: JSON.stringify({ id }),
    title: plain('Reject a suggestion'),
    submit: plain('Reject'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `>${escapeMrkdwn(truncate(text, 300))}` },
      },
      textInput(REASON_BLOCK, 'Why not (sent to whoever suggested it)', {
        max: 500,
        multiline: true,
        optional: true,
      }),
    ],
  };
}

/** The reason a rejection gave, trimmed; undefined when left empty. */
export function readReason(values: StateValues): string | undefined {
  return fieldValue(values, REASON_BLOCK) || undefined;
}

/** An own prompt's id (and whether to approve it) from an edit or reject form's private_metadata. */
export function readFormMetadata(
  text: string | undefined,
): { id: string; approve: boolean; page: number | undefined } | undefined {
  try {
    const raw = JSON.parse(text ?? '') as { id?: unknown; approve?: unknown; page?: unknown };
    if (typeof raw.id !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(raw.id)) return undefined;
    const page =
      typeof raw.page === 'number' && Number.isInteger(raw.page) && raw.page >= 0 ? raw.page : undefined;
    return { id: raw.id, approve: raw.approve === true, page };
  } catch {
    return undefined;
  }
}

/** A short notice in a window of its own (a refusal, or news that someone else got there first). */
export function noticeModal(title: string, text: string): types.ModalView {
  return {
    type: 'modal',
    title: plain(truncate(title, 24)),
    close: plain('OK'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}
