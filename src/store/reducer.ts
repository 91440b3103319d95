/**
 * What each op does to the State. The file store feeds ops in journal order (live, or replayed at
 * start-up); a State only changes through here and through the snapshot loader.
 *
 * Each function returns whether text that is no longer stored may still be in the files (a deletion, a
 * purge, an edit that replaced an answer's text, a refused late copy of a deleted answer): the store then
 * folds promptly and points `.bak` at the new snapshot, so the text leaves the disk.
 */
import { instantMs } from './check.js';
import { packVote } from './packed-vote.js';
import type { Op } from './schema.js';
import type { State } from './state.js';

/** Applies one journal entry (its ops in order, then its event id); true when the files need a scrub. */
export function applyCommit(
  state: State,
  seq: number,
  eventId: string | undefined,
  ops: readonly Op[],
): boolean {
  let scrub = false;
  for (const op of ops) scrub = applyOp(state, op) || scrub;
  if (eventId !== undefined) state.addEventId(eventId);
  state.seq = seq;
  return scrub;
}

/** Applies one (already checked) op; true when the files need a scrub. */
export function applyOp(state: State, op: Op): boolean {
  switch (op.type) {
    case 'post':
      state.putPost(op.post);
      return false;
    case 'close': {
      const entry = state.postEntry(op.team, op.channel, op.ts);
      if (entry) state.closePost(entry, op.at);
      return false;
    }
    case 'vote': {
      const entry = state.postEntry(op.team, op.channel, op.ts);
      if (entry) state.putVote(entry, op.vote.emoji, op.vote.user, packVote(op.vote.on, op.vote.eventTs));
      return false;
    }
    case 'summary': {
      const entry = state.postEntry(op.team, op.channel, op.ts);
      if (entry) state.putPost({ ...entry.record, summaryTs: op.summaryTs });
      return false;
    }
    case 'second-vote': {
      const entry = state.postEntry(op.team, op.channel, op.ts);
      if (entry)
        state.putVote(entry, op.vote.emoji, op.vote.user, packVote(op.vote.on, op.vote.eventTs), true);
      return false;
    }
    case 'answer':
      return state.putAnswer(op.team, op.channel, op.threadTs, op.answer);
    case 'unanswer': {
      const removed = state.removeAnswer(op.team, op.channel, op.ts);
      state.addTombstone(op.team, op.channel, op.ts);
      return removed;
    }
    case 'schedule':
      state.putSchedule(op.schedule);
      return false;
    case 'unschedule':
      state.removeSchedule(op.team, op.channel);
      return false;
    case 'pause': {
      const cur = state.schedule(op.team, op.channel);
      if (cur) state.putSchedule({ ...cur, paused: op.paused });
      return false;
    }
    case 'slot': {
      const cur = state.schedule(op.team, op.channel);
      if (cur && (cur.lastSlot === undefined || instantMs(op.slot) > instantMs(cur.lastSlot))) {
        state.putSchedule({ ...cur, lastSlot: op.slot });
      }
      return false;
    }
    case 'rotation':
      state.putRotation(op.rotation);
      return false;
    case 'channel-settings':
      state.settings.mergeChannel(op.team, op.channel, op.set);
      return false;
    case 'workspace-settings':
      state.settings.mergeWorkspace(op.team, op.set);
      return false;
    case 'team-prompt-add':
    case 'team-prompt-edit':
    case 'team-prompt-status':
      state.teamPrompts.apply(op);
      return false;
    case 'purge':
      return state.purge(op.team);
  }
}
