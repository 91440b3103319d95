/** Every block action and view submission the app answers, by action or callback id (the ids are in src/views/ids.ts). */
import type { App } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import type { Deps } from '../../app/deps.js';
import { ACTIONS, CALLBACKS } from '../../views/ids.js';
import { anonymousSubmission, answerAnonymouslyAction, deleteAnonymousAction } from './anonymous.js';
import { discussionPageAction, openDiscussionAction } from './discussion.js';
import { homeFilterAction, homePageAction } from './home.js';
import {
  ownApproveAction,
  ownChooseAction,
  ownEditAction,
  ownManageAction,
  ownManagePageAction,
  ownRejectAction,
  ownRetireAction,
  ownSkipAction,
  ownSuggestAction,
} from './own-prompts.js';

export function registerActions(app: App, deps: Deps, access: Access): void {
  app.action(ACTIONS.homeFilter, homeFilterAction(deps, access));
  app.action(ACTIONS.homeNewer, homePageAction(deps, access));
  app.action(ACTIONS.homeOlder, homePageAction(deps, access));
  app.action(ACTIONS.openDiscussion, openDiscussionAction(deps, access));
  app.action(ACTIONS.discussionPrevious, discussionPageAction(deps, access));
  app.action(ACTIONS.discussionNext, discussionPageAction(deps, access));
  app.action(ACTIONS.answerAnonymously, answerAnonymouslyAction(deps));
  app.action(ACTIONS.deleteAnonymous, deleteAnonymousAction(deps));
  app.view(CALLBACKS.anonymous, anonymousSubmission(deps));
  app.action(ACTIONS.ownSuggest, ownSuggestAction(deps));
  app.action(ACTIONS.ownApprove, ownApproveAction(deps, access));
  app.action(ACTIONS.ownEdit, ownEditAction(deps));
  app.action(ACTIONS.ownReject, ownRejectAction(deps));
  app.action(ACTIONS.ownManage, ownManageAction(deps));
  app.action(ACTIONS.ownManageNewer, ownManagePageAction(deps));
  app.action(ACTIONS.ownManageOlder, ownManagePageAction(deps));
  app.action(ACTIONS.ownRetire, ownRetireAction(deps, access, true));
  app.action(ACTIONS.ownRestore, ownRetireAction(deps, access, false));
  app.action(ACTIONS.ownChoose, ownChooseAction(deps));
  app.action(ACTIONS.ownSkip, ownSkipAction(deps));
}
