/**
 * Talking to the app about a workspace's own prompts the way Slack does: the suggestion form's submitted state,
 * signed view_submission and block_actions payloads, the Home tab as published, and waiting for what the app
 * sent Slack after a given call.
 */
import { expect } from 'vitest';
import { FORM_BLOCKS, REASON_BLOCK, VALUE } from '../../src/views/own-form.js';
import {
  appHomeOpened,
  blockActionsBody,
  blockActionsPayload,
  interactiveBody,
  type SignedResponse,
  viewSubmissionPayload,
} from '../support/signing.js';
import type { SlackCall, SlackFake } from '../support/slack-fake.js';
import type { Running } from './harness.js';

const WAIT = 15_000;

export interface FormFields {
  text?: string;
  form?: 'statement' | 'situation';
  title?: string;
  credit?: string;
  link?: string;
  leans?: 'leadership' | 'management' | 'both' | 'none';
  argument?: string;
  discuss?: string;
}

/** `view.state.values` of a submitted suggestion form, as Slack sends it (empty inputs are null). */
export function formValues(f: FormFields): Record<string, Record<string, unknown>> {
  const text = (v: string | undefined) => ({ [VALUE]: { type: 'plain_text_input', value: v ?? null } });
  const option = (v: string | undefined, type: string) => ({
    [VALUE]: {
      type,
      selected_option: v === undefined ? null : { text: { type: 'plain_text', text: v }, value: v },
    },
  });
  return {
    [FORM_BLOCKS.text]: text(f.text),
    [FORM_BLOCKS.form]: option(f.form, 'radio_buttons'),
    [FORM_BLOCKS.title]: text(f.title),
    [FORM_BLOCKS.credit]: text(f.credit),
    [FORM_BLOCKS.link]: text(f.link),
    [FORM_BLOCKS.leans]: option(f.leans, 'static_select'),
    [FORM_BLOCKS.argument]: text(f.argument),
    [FORM_BLOCKS.discuss]: text(f.discuss),
  };
}

export const reasonValues = (reason: string | undefined) => ({
  [REASON_BLOCK]: { [VALUE]: { type: 'plain_text_input', value: reason ?? null } },
});

/** A good suggestion; `over` changes what a test is about. */
export function goodForm(over: FormFields = {}): FormFields {
  return {
    text: 'Every Friday the team lead rewrites the rota so nobody works two late shifts in a row.',
    form: 'statement',
    title: 'Notes from the March offsite',
    credit: 'Dana Ortiz, in the retro',
    link: 'https://example.com/offsite-notes',
    leans: 'management',
    argument: 'Ortiz called it keeping the trains on time, not deciding where they go.',
    discuss: 'Who would notice first if the rota stopped being rewritten?',
    ...over,
  };
}

export function submit(
  app: Running,
  o: {
    callback_id: string;
    user: string;
    values: Record<string, Record<string, unknown>>;
    private_metadata?: string;
    team_id?: string;
  },
): Promise<SignedResponse> {
  const { user, ...rest } = o;
  return app.post(interactiveBody(viewSubmissionPayload({ ...rest, user_id: user })));
}

/** The view_submission's answer: undefined for a plain ack (the form closes). */
export function ackOf(
  res: SignedResponse,
): { response_action?: string; errors?: Record<string, string>; view?: unknown } | undefined {
  expect(res.status).toBe(200);
  return res.body === '' ? undefined : res.json();
}

/** A click on a button of the Home tab (or of a modal, with `view`) or of a message (with `channel_id`). */
export function click(
  app: Running,
  fake: SlackFake,
  o: {
    user: string;
    action_id: string;
    value: string;
    view?: Record<string, unknown>;
    channel_id?: string;
    team_id?: string;
  },
): Promise<SignedResponse> {
  const { user, ...rest } = o;
  const payload = blockActionsPayload({
    ...rest,
    user_id: user,
    trigger_id: fake.triggerId(),
    ...(o.view === undefined && o.channel_id === undefined
      ? { view: { id: 'VHOME', type: 'home', private_metadata: '' } }
      : {}),
    ...(o.channel_id === undefined ? {} : { response_url: fake.responseUrl() }),
  });
  return app.post(blockActionsBody(payload));
}

export const lastSeq = (fake: SlackFake) => fake.calls().at(-1)?.seq ?? 0;

/** The first `method` call after `after` matching `predicate`, once the fake has answered it. */
export async function nextCall(
  fake: SlackFake,
  method: string,
  seq: number,
  predicate: (c: SlackCall) => boolean = () => true,
): Promise<SlackCall> {
  const call = await fake.waitFor(method, (c) => c.seq > seq && predicate(c), WAIT);
  const deadline = Date.now() + WAIT;
  while (!call.response && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return call;
}

export function viewOf(call: SlackCall): {
  id: string;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
} {
  const body = call.response?.body as { view?: ReturnType<typeof viewOf> } | undefined;
  if (!body?.view) throw new Error(`${call.method} answered no view: ${JSON.stringify(call.response?.body)}`);
  return body.view;
}

/** Opens the Home tab as `user` and returns the view the app published. */
export async function home(app: Running, fake: SlackFake, user: string, team?: string) {
  const seq = lastSeq(fake);
  const res = await app.event(appHomeOpened({ user }), team ? { team_id: team } : {});
  expect(res.status).toBe(200);
  return viewOf(await nextCall(fake, 'views.publish', seq, (c) => c.args.user_id === user));
}

/** The ids of the input blocks of a view (what `response_action: errors` may name). */
export function inputBlockIds(view: { blocks: unknown[] }): string[] {
  return (view.blocks as { type: string; block_id?: string }[])
    .filter((b) => b.type === 'input')
    .map((b) => b.block_id ?? '');
}

/** Buttons of a view or message with their action id and value. */
export function buttons(blocks: unknown[]): { action_id: string; value: string; text: string }[] {
  const out: { action_id: string; value: string; text: string }[] = [];
  for (const b of blocks as { accessory?: unknown; elements?: unknown[] }[]) {
    for (const e of [b.accessory, ...(b.elements ?? [])] as {
      type?: string;
      action_id?: string;
      value?: string;
      text?: { text?: string };
    }[]) {
      if (e?.type === 'button')
        out.push({ action_id: e.action_id ?? '', value: e.value ?? '', text: e.text?.text ?? '' });
    }
  }
  return out;
}

/** The top-level prompts posted in `channel`. */
export const prompts = (fake: SlackFake, channel: string) =>
  fake
    .calls('chat.postMessage')
    .filter((c) => c.args.channel === channel && !c.args.thread_ts && c.args.metadata);
