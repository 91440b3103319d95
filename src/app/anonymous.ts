/**
 * Answering without a name (README "Anonymous answers"): the channel setting, the form a click opens, taking a
 * submission (checked, and claimed once per view), posting it in the thread as the bot, and deleting it with the
 * token only its author was shown.
 *
 * The author's user id arrives with the submission. It is used for one call, the message only they see
 * (chat.postEphemeral, through a client that never logs at debug), and then forgotten: no record, journal line,
 * log line or error message the app writes holds it. The store keeps the answer with the SHA-256 of a random
 * Delete token; the token itself is only in that message's button.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type types, webApi } from '@slack/bolt';
import { describe, slackError } from '../slack/errors.js';
import { newAttempt, postOnce, UnconfirmedPost } from '../slack/post-once.js';
import { withoutDebug } from '../slack/private-logs.js';
import type { Store } from '../store/store.js';
import {
  ALREADY_GONE,
  ANONYMOUS_EVENT_TYPE,
  anonymousAnswerMessage,
  anonymousForm,
  anonymousRefusedView,
  answerText,
  authorMessage,
  DELETED,
  deleteFailed,
  EMPTY_ANSWER,
  MAX_ANSWER_CHARS,
  NOT_CONFIRMED,
  notPosted,
  PROMPT_GONE,
  TURNED_OFF_WHILE_WRITING,
  tooLong,
  WRONG_TOKEN,
} from '../views/anonymous.js';
import type { Deps } from './deps.js';

/** Whether a channel allows anonymous answers: on unless its admins turned it off. */
export async function anonymousAllowed(store: Store, team: string, channel: string): Promise<boolean> {
  return (await store.channelSettings(team, channel))?.anonymous ?? true;
}

/** Turns anonymous answers on or off in a channel; false when it already was. */
export async function setAnonymous(
  deps: Pick<Deps, 'store'>,
  team: string,
  channel: string,
  on: boolean,
): Promise<boolean> {
  if ((await anonymousAllowed(deps.store, team, channel)) === on) return false;
  await deps.store.commit([{ type: 'channel-settings', team, channel, set: { anonymous: on } }]);
  return true;
}

/** What a click on *Answer anonymously* under prompt `ts` opens: the form, or why there is none. */
export async function formFor(
  store: Store,
  team: string,
  channel: string,
  ts: string,
): Promise<types.ModalView> {
  if (!(await store.post(team, channel, ts))) return anonymousRefusedView('gone');
  if (!(await anonymousAllowed(store, team, channel))) return anonymousRefusedView('off');
  return anonymousForm(channel, ts);
}

export interface Submission {
  team: string;
  channel: string;
  /** The prompt whose thread the answer goes into. */
  threadTs: string;
  /** The text as typed. */
  submitted: string;
  /** The form's view id: every copy of one submission carries it, and nothing else does. */
  viewId: string;
}

export type Verdict = { ok: true; fresh: boolean } | { ok: false; error: string };

/**
 * The event id a submission is claimed under: a hash of its view id, so a copy (Slack sending it again, a second
 * click on the button) is taken once, without the author's id and without Slack's own view id on disk.
 */
export function claimId(viewId: string): string {
  return `anonymous:${createHash('sha256').update(viewId).digest('hex').slice(0, 32)}`;
}

/**
 * Checks a submission (what the form shows under the text box when it is refused) and claims it. `fresh` is false
 * for a copy of one already taken: the form closes and nothing more happens.
 */
export async function acceptSubmission(store: Store, s: Submission): Promise<Verdict> {
  if (s.submitted.trim() === '') return { ok: false, error: EMPTY_ANSWER };
  const chars = [...s.submitted].length;
  if (chars > MAX_ANSWER_CHARS) return { ok: false, error: tooLong(chars) };
  if (!(await store.post(s.team, s.channel, s.threadTs))) return { ok: false, error: PROMPT_GONE };
  if (!(await anonymousAllowed(store, s.team, s.channel)))
    return { ok: false, error: TURNED_OFF_WHILE_WRITING };
  return { ok: true, fresh: await store.commit([], { eventId: claimId(s.viewId) }) };
}

/** The two clients a submission is posted with, made from the workspace's bot token. */
export interface AnswerClients {
  /** Never re-sends by itself: the answer goes through postOnce, which does so without doubles. */
  post: webApi.WebClient;
  /** Never logs at debug: its one call names the author. */
  author: webApi.WebClient;
}

export function answerClients(
  deps: Pick<Deps, 'config' | 'logger'>,
  token: string | undefined,
): AnswerClients {
  const common = { slackApiUrl: deps.config.slackApiUrl, timeout: 15_000 };
  return {
    post: new webApi.WebClient(token, { ...common, logger: deps.logger, retryConfig: { retries: 0 } }),
    author: new webApi.WebClient(token, {
      ...common,
      logger: withoutDebug(deps.logger),
      retryConfig: { retries: 2 },
    }),
  };
}

/** A random Delete token, and the hash the store keeps of it. */
export function deleteToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOf(token) };
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

function tokenMatches(token: string, hash: string): boolean {
  const given = Buffer.from(hashOf(token), 'hex');
  const kept = Buffer.from(hash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}

type MessageToAuthor = { text: string; blocks?: types.KnownBlock[] };

/** The message only the author sees; a failure is logged without them. */
async function showAuthor(
  deps: Pick<Deps, 'logger'>,
  client: webApi.WebClient,
  channel: string,
  author: string,
  message: MessageToAuthor,
): Promise<void> {
  try {
    await client.chat.postEphemeral({ channel, user: author, ...message });
  } catch (error) {
    deps.logger.warn(
      `could not show the author of an anonymous answer in ${channel} their message: ${describe(error)}`,
    );
  }
}

/**
 * Posts a claimed submission in the thread as the bot, stores it without its author, then shows `author` (used for
 * this one call) the message with *Delete*, or their text back if it could not be posted.
 */
export async function postAnswer(
  deps: Pick<Deps, 'store' | 'logger' | 'now' | 'workspaces'>,
  clients: AnswerClients,
  s: Submission,
  author: string,
): Promise<void> {
  const { store, logger } = deps;
  const tell = (message: MessageToAuthor) => showAuthor(deps, clients.author, s.channel, author, message);
  const text = answerText(s.submitted);
  const attempt = newAttempt(
    {
      channel: s.channel,
      thread_ts: s.threadTs,
      ...anonymousAnswerMessage(text),
      metadata: { event_type: ANONYMOUS_EVENT_TYPE, event_payload: {} },
    },
    deps.now().getTime(),
  );
  let ts: string;
  try {
    ts = (await postOnce(clients.post, attempt, logger)).ts;
  } catch (error) {
    logger.warn(`could not post an anonymous answer in ${s.channel}: ${describe(error)}`);
    await tell({
      text: error instanceof UnconfirmedPost ? NOT_CONFIRMED : notPosted(describe(error), s.submitted),
    });
    return;
  }
  const { token, hash } = deleteToken();
  try {
    await store.commit([
      {
        type: 'answer',
        team: s.team,
        channel: s.channel,
        threadTs: s.threadTs,
        answer: { ts, text, deleteHash: hash },
      },
    ]);
  } catch (error) {
    logger.error(
      `could not store the anonymous answer ${ts} in ${s.channel}; taking it out of the thread: ${describe(error)}`,
    );
    await clients.post.chat.delete({ channel: s.channel, ts }).catch((e: unknown) => {
      logger.error(`could not take the anonymous answer ${ts} out of ${s.channel}: ${describe(e)}`);
    });
    await tell({ text: notPosted('it could not be saved', s.submitted) });
    return;
  }
  logger.info(`posted an anonymous answer in ${s.channel} (ts ${ts})`);
  const teamUrl = (await deps.workspaces.bot(s.team))?.teamUrl;
  await tell(authorMessage(s.channel, ts, token, teamUrl));
}

/** What a click on *Delete* did, for its message: `replace` it, or answer beside it. */
export interface DeleteOutcome {
  replace: boolean;
  text: string;
}

/** Deletes anonymous answer `ts` when `token` is its Delete token: from the thread, then from the store. */
export async function deleteAnswer(
  deps: Pick<Deps, 'store' | 'logger'>,
  client: webApi.WebClient,
  team: string,
  ref: { channel: string; ts: string; token: string },
): Promise<DeleteOutcome> {
  const { store, logger } = deps;
  const { channel, ts } = ref;
  const post = await store.threadOf(team, channel, ts);
  const answer = post && (await store.answers(team, channel, post.ts)).find((a) => a.ts === ts);
  if (!answer) return { replace: true, text: ALREADY_GONE };
  if (answer.deleteHash === undefined || !tokenMatches(ref.token, answer.deleteHash)) {
    logger.warn(`refused to delete answer ${ts} in ${channel}: the Delete token does not match`);
    return { replace: false, text: WRONG_TOKEN };
  }
  try {
    await client.chat.delete({ channel, ts });
  } catch (error) {
    if (slackError(error) !== 'message_not_found') {
      logger.warn(`could not delete anonymous answer ${ts} in ${channel}: ${describe(error)}`);
      return { replace: false, text: deleteFailed(describe(error)) };
    }
  }
  await store.commit([{ type: 'unanswer', team, channel, ts }]);
  logger.info(`deleted anonymous answer ${ts} in ${channel} with its Delete button`);
  return { replace: true, text: DELETED };
}
