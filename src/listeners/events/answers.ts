/**
 * Thread replies to a prompt are kept as answers; an edit replaces the text (the old text is not kept);
 * a deletion removes the answer everywhere and leaves a tombstone so a late copy is not stored.
 * Bot messages, system subtypes and messages outside prompt threads are never stored.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import type { Op } from '../../store/schema.js';

type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** The fields we read from a message or the `message` inside a message_changed event. */
interface MessageFields {
  subtype?: string;
  user?: string;
  bot_id?: string;
  ts?: string;
  thread_ts?: string;
  text?: string;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

function isHumanReply(
  m: MessageFields,
): m is MessageFields & { user: string; ts: string; thread_ts: string } {
  const plain = m.subtype === undefined || m.subtype === 'thread_broadcast' || m.subtype === 'file_share';
  return (
    plain &&
    !m.bot_id &&
    isText(m.user) &&
    isText(m.ts) &&
    isText(m.thread_ts) &&
    m.thread_ts !== m.ts &&
    (m.text === undefined || typeof m.text === 'string')
  );
}

/** The ops a message event means for the archive, or none. Pure apart from reading the store. */
async function answerOps(
  deps: Pick<Deps, 'store' | 'now'>,
  team: string,
  channel: string,
  event: unknown,
): Promise<Op[]> {
  const { store } = deps;
  const e = event as MessageFields & {
    message?: MessageFields;
    previous_message?: MessageFields;
    deleted_ts?: string;
  };
  switch (e.subtype) {
    case 'message_deleted': {
      const ts = e.deleted_ts ?? e.previous_message?.ts;
      if (!isText(ts) || (await store.postCount(team, channel)) === 0) return [];
      return [{ type: 'unanswer', team, channel, ts }];
    }
    case 'message_changed': {
      const m = e.message;
      if (!m || !isHumanReply(m)) return [];
      // An unfurl or other attachment update re-sends the message with the same text: not an edit.
      if (e.previous_message && e.previous_message.text === m.text) return [];
      // The reply's thread is one look-up away; the search by the answer's ts is only the fallback.
      const post =
        (await store.post(team, channel, m.thread_ts)) ?? (await store.threadOf(team, channel, m.ts));
      if (!post) return [];
      return [
        {
          type: 'answer',
          team,
          channel,
          threadTs: post.ts,
          answer: { user: m.user, ts: m.ts, text: m.text ?? '', editedAt: deps.now().toISOString() },
        },
      ];
    }
    default: {
      if (!isHumanReply(e) || !(await store.post(team, channel, e.thread_ts))) return [];
      return [
        {
          type: 'answer',
          team,
          channel,
          threadTs: e.thread_ts,
          answer: { user: e.user, ts: e.ts, text: e.text ?? '' },
        },
      ];
    }
  }
}

export function messageListener(deps: Deps) {
  return async ({ event, body, context }: MessageArgs): Promise<void> => {
    const team = context.teamId ?? body.team_id;
    if (!isText(event.channel)) return;
    const ops = await answerOps(deps, team, event.channel, event);
    if (ops.length > 0) await deps.store.commit(ops, { eventId: body.event_id });
  };
}
