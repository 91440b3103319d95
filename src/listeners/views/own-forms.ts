/**
 * The forms of a workspace's own prompts, submitted: a suggestion (anyone), an edit or an edit-and-approve,
 * and a rejection with its reason (the app's admins, checked again here). A form with a problem stays open
 * with the reason under its field (`response_action: errors`) and nothing is stored.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction, webApi } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { publishHome } from '../../app/home.js';
import { manageModel } from '../../app/own-home.js';
import { changeStatus, editOwn, suggest } from '../../app/own-prompts.js';
import {
  FORM_BLOCKS,
  formErrors,
  REASON_BLOCK,
  readFormMetadata,
  readReason,
  readSuggestionForm,
  sentForReviewView,
} from '../../views/own-form.js';
import { manageModal } from '../../views/own-home.js';
import { alreadyReviewed, ownRefusal } from '../../views/own-replies.js';
import { tellAuthor } from '../actions/own-prompts.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Who = { team: string; user: string };

function whoSubmitted({ body, context }: SubmitArgs): Who | undefined {
  const team = context.teamId ?? body.team?.id ?? body.user.team_id;
  return team && body.user.id ? { team, user: body.user.id } : undefined;
}

function refreshHome(deps: Deps, access: Access, client: webApi.WebClient, who: Who): void {
  deps.background.run(`refreshing the Home tab of ${who.user}`, () =>
    publishHome(deps, access, client, who.team, who.user, { channel: undefined, page: 0 }),
  );
}

export function suggestSubmit(deps: Deps, access: Access) {
  return async (args: SubmitArgs): Promise<void> => {
    const who = whoSubmitted(args);
    if (!who) return args.ack();
    const input = readSuggestionForm(args.view.state.values);
    const outcome = await suggest(deps, who.team, who.user, input);
    if (!outcome.ok) return args.ack(formErrors(outcome.problems));
    await args.ack({ response_action: 'update', view: sentForReviewView(input.text) });
    deps.logger.info(`${who.user} suggested prompt ${outcome.record.id} in workspace ${who.team}`);
    refreshHome(deps, access, args.client, who);
  };
}

export function editSubmit(deps: Deps, access: Access) {
  return async (args: SubmitArgs): Promise<void> => {
    const who = whoSubmitted(args);
    const meta = readFormMetadata(args.view.private_metadata);
    if (!who || !meta) return args.ack();
    const verdict = await deps.admins.check(args.client, who.team, who.user, undefined);
    if (!verdict.ok) {
      const errors = { [FORM_BLOCKS.text]: ownRefusal(verdict, "edit your team's prompts") };
      return args.ack({ response_action: 'errors', errors });
    }
    const input = readSuggestionForm(args.view.state.values);
    const outcome = await editOwn(deps, who, meta.id, input, meta.approve);
    if ('problems' in outcome) return args.ack(formErrors(outcome.problems));
    if (!outcome.ok) {
      const errors = { [FORM_BLOCKS.text]: alreadyReviewed(outcome.gone?.status, outcome.gone?.statusBy) };
      return args.ack({ response_action: 'errors', errors });
    }
    await args.ack();
    const { client } = args;
    if (meta.approve) await tellAuthor(deps, client, outcome.record, 'approved', who.user);
    const previous = args.view.previous_view_id;
    if (previous && meta.page !== undefined) {
      const page = meta.page;
      deps.background.run(`showing the team prompts of ${who.user} again`, async () => {
        const view = manageModal(await manageModel(deps, who.team, page));
        await client.views.update({ view_id: previous, view });
      });
    }
    refreshHome(deps, access, client, who);
  };
}

export function rejectSubmit(deps: Deps, access: Access) {
  return async (args: SubmitArgs): Promise<void> => {
    const who = whoSubmitted(args);
    const meta = readFormMetadata(args.view.private_metadata);
    if (!who || !meta) return args.ack();
    const verdict = await deps.admins.check(args.client, who.team, who.user, undefined);
    if (!verdict.ok) {
      const errors = { [REASON_BLOCK]: ownRefusal(verdict, 'review suggestions') };
      return args.ack({ response_action: 'errors', errors });
    }
    const reason = readReason(args.view.state.values);
    const outcome = await changeStatus(deps, {
      ...who,
      by: who.user,
      id: meta.id,
      from: ['pending'],
      to: 'rejected',
      ...(reason ? { reason } : {}),
    });
    if (!outcome.ok) {
      const errors = { [REASON_BLOCK]: alreadyReviewed(outcome.record?.status, outcome.record?.statusBy) };
      return args.ack({ response_action: 'errors', errors });
    }
    await args.ack();
    await tellAuthor(deps, args.client, outcome.record, 'rejected', who.user, reason);
    refreshHome(deps, access, args.client, who);
  };
}
