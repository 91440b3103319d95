/**
 * Driving the anonymous-answer flow the way Slack does, for the integration tests: a click on *Answer anonymously*
 * (block_actions with a trigger_id the fake issued just now), the form's view_submission, and a click on *Delete* in
 * the message only the author sees (an ephemeral message's block_actions, which carries no `message`).
 */
import { expect } from 'vitest';
import { ANSWER_BLOCK, ANSWER_INPUT, parseDeleteValue } from '../../src/views/anonymous.js';
import { ACTIONS, CALLBACKS } from '../../src/views/ids.js';
import {
  blockActionsBody,
  blockActionsPayload,
  interactiveBody,
  makeTs,
  type SignedResponse,
  viewSubmissionPayload,
} from '../support/signing.js';
import type { SlackCall, SlackFake } from '../support/slack-fake.js';
import { answered, type Running } from './harness.js';

export const WAIT = 15_000;

/** The first `method` call after seq `after` matching `predicate`, once the fake has answered it. */
export async function next(
  fake: SlackFake,
  method: string,
  predicate: (c: SlackCall) => boolean,
  after: number,
): Promise<SlackCall> {
  const call = await fake.waitFor(method, (c) => c.seq > after && predicate(c), WAIT);
  const deadline = Date.now() + WAIT;
  while (!call.response && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return call;
}

export const lastSeq = (fake: SlackFake) => fake.calls().at(-1)?.seq ?? 0;

/** Posts a prompt in `channel` with `now` and returns its ts and the message as posted. */
export async function postPrompt(
  app: Running,
  fake: SlackFake,
  channel: string,
): Promise<{ ts: string; blocks: Record<string, unknown>[] }> {
  const after = lastSeq(fake);
  expect((await app.command('now', { channel_id: channel, user_id: 'UPOSTER' })).status).toBe(200);
  const post = await next(
    fake,
    'chat.postMessage',
    (c) => c.args.channel === channel && !c.args.thread_ts,
    after,
  );
  const ts = answered(post).ts as string;
  await fake.waitForCalls('reactions.add', 3, WAIT, (c) => c.args.timestamp === ts);
  return { ts, blocks: post.args.blocks as Record<string, unknown>[] };
}

/** Whether a posted prompt carries the *Answer anonymously* button. */
export function hasAnonymousButton(blocks: Record<string, unknown>[]): boolean {
  return JSON.stringify(blocks).includes(`"action_id":"${ACTIONS.answerAnonymously}"`);
}

export interface Click {
  user: string;
  channel: string;
  /** The prompt's ts (the message the button is on). */
  ts: string;
  trigger?: string;
  responseUrl?: string;
}

/** The click's body: a button on a prompt message, with a trigger_id issued now. */
export function clickBody(fake: SlackFake, c: Click): string {
  return blockActionsBody(
    blockActionsPayload({
      user_id: c.user,
      action_id: ACTIONS.answerAnonymously,
      channel_id: c.channel,
      message_ts: c.ts,
      trigger_id: c.trigger ?? fake.triggerId(),
      response_url: c.responseUrl ?? fake.responseUrl(),
    }),
  );
}

/** Clicks *Answer anonymously* and returns the modal opened (views.open's view, with its id). */
export async function openForm(app: Running, fake: SlackFake, c: Click): Promise<Record<string, unknown>> {
  const after = lastSeq(fake);
  expect((await app.post(clickBody(fake, c))).status).toBe(200);
  const open = await next(fake, 'views.open', () => true, after);
  const body = open.response?.body as { ok: boolean; error?: string; view?: Record<string, unknown> };
  expect(body.ok, body.error).toBe(true);
  return body.view as Record<string, unknown>;
}

/** The body Slack sends when the form is submitted. */
export function submissionBody(
  form: Record<string, unknown>,
  user: string,
  text: string,
  opts: { team?: string } = {},
): string {
  return interactiveBody(
    viewSubmissionPayload({
      callback_id: CALLBACKS.anonymous,
      user_id: user,
      team_id: opts.team,
      view_id: form.id as string,
      private_metadata: form.private_metadata as string,
      values: { [ANSWER_BLOCK]: { [ANSWER_INPUT]: { type: 'plain_text_input', value: text } } },
    }),
  );
}

/** The errors a refused submission shows under the text box (undefined when it was taken). */
export function formErrors(res: SignedResponse): Record<string, string> | undefined {
  expect(res.status).toBe(200);
  if (res.body === '') return undefined;
  const body = res.json<{ response_action?: string; errors?: Record<string, string> }>();
  expect(body.response_action).toBe('errors');
  return body.errors;
}

/** What a taken submission led to: the answer in the thread, and the message only its author saw. */
export async function posted(
  fake: SlackFake,
  promptTs: string,
  after: number,
): Promise<{ answer: SlackCall; ts: string; author: SlackCall; channel: string; token: string }> {
  const answer = await next(fake, 'chat.postMessage', (c) => c.args.thread_ts === promptTs, after);
  const author = await next(fake, 'chat.postEphemeral', () => true, after);
  const value = JSON.stringify(author.args.blocks).match(/"value":"([^"]+)"/)?.[1];
  const ref = parseDeleteValue(value);
  if (!ref) throw new Error(`no Delete button in ${JSON.stringify(author.args)}`);
  return { answer, ts: answered(answer).ts as string, author, channel: ref.channel, token: ref.token };
}

/** A click on *Delete* in the author's ephemeral message (no `message` in the payload, as Slack sends it). */
export function deleteBody(
  fake: SlackFake,
  o: { user: string; channel: string; value: string; responseUrl: string },
): string {
  const payload = blockActionsPayload({
    user_id: o.user,
    action_id: ACTIONS.deleteAnonymous,
    channel_id: o.channel,
    value: o.value,
    trigger_id: fake.triggerId(),
    response_url: o.responseUrl,
  });
  payload.container = { type: 'message', message_ts: makeTs(), channel_id: o.channel, is_ephemeral: true };
  delete payload.message;
  return blockActionsBody(payload);
}
