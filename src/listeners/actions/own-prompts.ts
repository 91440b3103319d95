/**
 * The buttons of a workspace's own prompts. Each acknowledges at once; the work runs after it. Everything is
 * read and written in the workspace the click came from, and every admin button checks again who may
 * (a payload naming another workspace's prompt finds nothing: ids are looked up per workspace).
 * - Home: Suggest a prompt (anyone), Approve, Edit, Reject, Manage team prompts (admins);
 * - the "Team prompts" window: Edit, Retire, Bring back, paging (admins);
 * - replies: the choice of `now <words>` (anyone, with the `now` cooldown), Skip under `next` (admins).
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  webApi,
} from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { publishHome } from '../../app/home.js';
import { skipNext } from '../../app/next-prompt.js';
import { manageModel } from '../../app/own-home.js';
import { changeStatus, formOf } from '../../app/own-prompts.js';
import { durationText } from '../../domain/schedule/describe.js';
import { actor } from '../../slack/actor.js';
import type { TeamPromptStatus } from '../../store/schema.js';
import { decodeHomeState, parseOwnId, parsePage } from '../../views/ids.js';
import { noticeModal, rejectModal, suggestionModal } from '../../views/own-form.js';
import { manageModal } from '../../views/own-home.js';
import {
  alreadyReviewed,
  NEXT_CHANGED,
  nextReply,
  ownRefusal,
  POSTING_CHOSEN,
  reviewedNote,
  skippedNote,
} from '../../views/own-replies.js';
import { nowCooldown } from '../../views/replies.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type Who = { team: string; user: string };

/** Whether `who` may review; if not, says so in a window (when the click's trigger still allows one). */
async function mayReview(deps: Deps, client: webApi.WebClient, who: Who, trigger: string | undefined) {
  const verdict = await deps.admins.check(client, who.team, who.user, undefined);
  if (verdict.ok) return true;
  if (trigger) {
    await client.views.open({
      trigger_id: trigger,
      view: noticeModal('Team prompts', ownRefusal(verdict, "review and manage your team's prompts")),
    });
  }
  return false;
}

/** The Home tab again, as the viewer left it (the filter they chose; the first page). */
function refreshHome(deps: Deps, access: Access, client: webApi.WebClient, who: Who, body: BlockAction) {
  const { channel } = decodeHomeState(body.view?.type === 'home' ? body.view.private_metadata : undefined);
  deps.background.run(`refreshing the Home tab of ${who.user}`, () =>
    publishHome(deps, access, client, who.team, who.user, { channel, page: 0 }),
  );
}

/** Tells whoever suggested a prompt how its review went (imports have nobody to tell). */
export async function tellAuthor(
  deps: Deps,
  client: webApi.WebClient,
  record: { team: string; author?: string; via: string; text: string },
  outcome: 'approved' | 'rejected',
  by: string,
  reason?: string,
): Promise<void> {
  if (!record.author || record.via !== 'suggestion' || record.author === by) return;
  const author = record.author;
  deps.background.run(`telling ${author} about their suggestion`, async () => {
    const shippedOnly = (await deps.prompts.forTeam(record.team)).mode === 'shipped';
    const text = reviewedNote(record.text, outcome, by, { ...(reason ? { reason } : {}), shippedOnly });
    await client.chat.postMessage({ channel: author, text });
  });
}

/** A button that needs the clicker, a prompt id in its value, and work after the ack. */
function button(
  deps: Deps,
  what: string,
  work: (args: ButtonArgs, who: Who, id: string) => Promise<unknown>,
) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = actor(args.body, args.context);
    const id = parseOwnId(args.action.value);
    if (!who || !id) return;
    deps.background.run(`${what} ${id} for ${who.user}`, () => work(args, who, id));
  };
}

export function ownSuggestAction(deps: Deps) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const who = actor(body, context);
    const trigger = body.trigger_id;
    if (!who || !trigger) return;
    deps.background.run(`opening the suggestion form for ${who.user}`, () =>
      client.views.open({ trigger_id: trigger, view: suggestionModal({ kind: 'suggest' }) }),
    );
  };
}

export function ownApproveAction(deps: Deps, access: Access) {
  return button(deps, 'approving', async ({ body, client }, who, id) => {
    if (!(await mayReview(deps, client, who, body.trigger_id))) return;
    const done = await changeStatus(deps, { ...who, by: who.user, id, from: ['pending'], to: 'approved' });
    if (done.ok) await tellAuthor(deps, client, done.record, 'approved', who.user);
    else if (body.trigger_id) {
      const view = noticeModal('Team prompts', alreadyReviewed(done.record?.status, done.record?.statusBy));
      await client.views.open({ trigger_id: body.trigger_id, view });
    }
    refreshHome(deps, access, client, who, body);
  });
}

export function ownRejectAction(deps: Deps) {
  return button(deps, 'opening the rejection of', async ({ body, client }, who, id) => {
    if (!(await mayReview(deps, client, who, body.trigger_id)) || !body.trigger_id) return;
    const record = await deps.store.teamPrompt(who.team, id);
    const view =
      record?.status === 'pending'
        ? rejectModal(id, record.text)
        : noticeModal('Team prompts', alreadyReviewed(record?.status, record?.statusBy));
    await client.views.open({ trigger_id: body.trigger_id, view });
  });
}

export function ownEditAction(deps: Deps) {
  return button(deps, 'opening the edit form of', async ({ body, client }, who, id) => {
    if (!(await mayReview(deps, client, who, body.trigger_id)) || !body.trigger_id) return;
    const record = await deps.store.teamPrompt(who.team, id);
    const inWindow = body.view?.type === 'modal';
    const page = inWindow ? pageOf(body.view?.private_metadata) : undefined;
    const view =
      record && record.status !== 'rejected'
        ? suggestionModal(
            {
              kind: 'edit',
              id,
              approve: record.status === 'pending',
              ...(page === undefined ? {} : { page }),
            },
            formOf(record),
          )
        : noticeModal('Team prompts', alreadyReviewed(record?.status, record?.statusBy));
    // From the "Team prompts" window the form goes on top of it; from the Home tab it opens on its own.
    if (inWindow) await client.views.push({ trigger_id: body.trigger_id, view });
    else await client.views.open({ trigger_id: body.trigger_id, view });
  });
}

function pageOf(metadata: string | undefined): number {
  try {
    return parsePage((JSON.parse(metadata ?? '') as { page?: unknown }).page);
  } catch {
    return 0;
  }
}

export function ownManageAction(deps: Deps) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const who = actor(body, context);
    if (!who) return;
    deps.background.run(`opening the team prompts of ${who.user}`, async () => {
      if (!(await mayReview(deps, client, who, body.trigger_id)) || !body.trigger_id) return;
      const view = manageModal(await manageModel(deps, who.team, 0));
      await client.views.open({ trigger_id: body.trigger_id, view });
    });
  };
}

export function ownManagePageAction(deps: Deps) {
  return async ({ ack, body, action, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const who = actor(body, context);
    const viewId = body.view?.id;
    if (!who || !viewId) return;
    deps.background.run(`paging the team prompts of ${who.user}`, async () => {
      if (!(await mayReview(deps, client, who, undefined))) return;
      const view = manageModal(await manageModel(deps, who.team, parsePage(action.value)));
      await client.views.update({ view_id: viewId, view });
    });
  };
}

/** Retire (approved → retired) or bring back (retired → approved), then show the window again. */
export function ownRetireAction(deps: Deps, access: Access, retire: boolean) {
  const from: TeamPromptStatus[] = [retire ? 'approved' : 'retired'];
  const to: TeamPromptStatus = retire ? 'retired' : 'approved';
  return button(deps, retire ? 'retiring' : 'bringing back', async ({ body, client }, who, id) => {
    if (!(await mayReview(deps, client, who, body.trigger_id))) return;
    await changeStatus(deps, { ...who, by: who.user, id, from, to });
    const viewId = body.view?.id;
    if (viewId && body.view?.type === 'modal') {
      const view = manageModal(await manageModel(deps, who.team, pageOf(body.view.private_metadata)));
      await client.views.update({ view_id: viewId, view });
    }
    refreshHome(deps, access, client, who, body);
  });
}

export function ownChooseAction(deps: Deps) {
  return button(deps, 'posting the chosen prompt', async ({ body, respond }, who, id) => {
    const channel = body.channel?.id;
    if (!channel) return;
    const verdict = await deps.cooldown.claim(who.team, channel);
    if (!verdict.ok) {
      const text = nowCooldown(durationText(deps.config.nowCooldownMs), verdict.until);
      await respond({ response_type: 'ephemeral', replace_original: true, text });
      return;
    }
    await respond({ response_type: 'ephemeral', replace_original: true, text: POSTING_CHOSEN });
    const result = await deps.post(who.team, channel, { promptId: id });
    if (result.ok) return;
    await verdict.release();
    await respond({ response_type: 'ephemeral', replace_original: true, text: result.message });
  });
}

export function ownSkipAction(deps: Deps) {
  return button(deps, 'skipping', async ({ body, client, respond }, who, id) => {
    const channel = body.channel?.id;
    if (!channel) return;
    const verdict = await deps.admins.check(client, who.team, who.user, undefined);
    if (!verdict.ok) {
      const text = ownRefusal(verdict, 'skip the next prompt');
      await respond({ response_type: 'ephemeral', replace_original: false, text });
      return;
    }
    const outcome = await skipNext(deps, who.team, channel, id);
    const note = outcome.ok ? skippedNote(outcome.skipped) : NEXT_CHANGED;
    const reply = nextReply(outcome.next, { canSkip: true, fallback: outcome.library.fallback, note });
    await respond({ response_type: 'ephemeral', replace_original: true, ...reply });
  });
}
