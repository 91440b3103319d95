/**
 * Answering without a name: the *Answer anonymously* button (opens the form with the click's trigger_id, good for
 * 3 s and once), the form's submission, and the *Delete* button only the author sees. Each acknowledges at once;
 * Web API calls run after the acknowledgement. Nothing here logs or keeps who clicked or submitted.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import { acceptSubmission, answerClients, deleteAnswer, formFor, postAnswer } from '../../app/anonymous.js';
import type { Deps } from '../../app/deps.js';
import { slackError } from '../../slack/errors.js';
import {
  ANSWER_BLOCK,
  ANSWER_INPUT,
  FORM_EXPIRED,
  PROMPT_GONE,
  parseDeleteValue,
  WRONG_TOKEN,
} from '../../views/anonymous.js';
import { parsePromptRef } from '../../views/ids.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const teamOf = (context: { teamId?: string }, body: { team?: { id: string } | null }) =>
  context.teamId ?? body.team?.id;

/** *Answer anonymously* on a prompt: the form, or why there is none (turned off, prompt gone). */
export function answerAnonymouslyAction(deps: Deps) {
  return async ({ ack, body, client, context, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const team = teamOf(context, body);
    const container = body.container as { channel_id?: unknown; message_ts?: unknown } | undefined;
    const channel =
      body.channel?.id ?? (typeof container?.channel_id === 'string' ? container.channel_id : undefined);
    const ts =
      body.message?.ts ?? (typeof container?.message_ts === 'string' ? container.message_ts : undefined);
    const trigger = body.trigger_id;
    if (!team || !channel || !ts || !trigger) return;
    deps.background.run(`opening the anonymous answer form in ${channel}`, async () => {
      const view = await formFor(deps.store, team, channel, ts);
      try {
        await client.views.open({ trigger_id: trigger, view });
      } catch (error) {
        if (slackError(error) !== 'expired_trigger_id') throw error;
        await respond({ response_type: 'ephemeral', replace_original: false, text: FORM_EXPIRED });
      }
    });
  };
}

/**
 * The form sent: refused with a note under the text box (nothing posted or stored), or claimed and acknowledged,
 * which closes it; the answer is then posted after the acknowledgement. A copy of a claimed one only closes.
 */
export function anonymousSubmission(deps: Deps) {
  return async ({ ack, body, view, context, client }: SubmitArgs): Promise<void> => {
    const ref = parsePromptRef(view.private_metadata);
    const team = teamOf(context, body);
    if (!ref || !team) {
      await ack({ response_action: 'errors', errors: { [ANSWER_BLOCK]: PROMPT_GONE } });
      return;
    }
    const submission = {
      team,
      channel: ref.channel,
      threadTs: ref.ts,
      submitted: view.state.values[ANSWER_BLOCK]?.[ANSWER_INPUT]?.value ?? '',
      viewId: view.id,
    };
    const verdict = await acceptSubmission(deps.store, submission);
    if (!verdict.ok) {
      await ack({ response_action: 'errors', errors: { [ANSWER_BLOCK]: verdict.error } });
      return;
    }
    await ack();
    if (!verdict.fresh) return;
    // The author's id: handed to the one call that shows them their Delete button, then dropped.
    const author = body.user.id;
    const clients = answerClients(deps, context.botToken ?? client.token);
    deps.background.run(`posting an anonymous answer in ${ref.channel}`, () =>
      postAnswer(deps, clients, submission, author),
    );
  };
}

/** *Delete* on the author's message: takes the answer out of the thread and the store if the token matches. */
export function deleteAnonymousAction(deps: Deps) {
  return async ({ ack, body, action, client, context, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const team = teamOf(context, body);
    const ref = parseDeleteValue(action.value);
    if (!team || !ref) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: WRONG_TOKEN });
      return;
    }
    deps.background.run(`deleting an anonymous answer in ${ref.channel}`, async () => {
      const outcome = await deleteAnswer(deps, client, team, ref);
      await respond({ response_type: 'ephemeral', replace_original: outcome.replace, text: outcome.text });
    });
  };
}
