/**
 * file_shared in a direct message with the app: a team's prompt file to import (src/app/file-import.ts).
 * Acknowledged at once; looking the file up, downloading and checking it run after the ack. Files shared in
 * channels, and the app's own uploads (exports), are none of its business.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import { importSharedFile } from '../../app/file-import.js';

type FileArgs = SlackEventMiddlewareArgs<'file_shared'> & AllMiddlewareArgs;

export function fileSharedListener(deps: Deps) {
  return async ({ event, body, context, client }: FileArgs): Promise<void> => {
    if (!event.channel_id?.startsWith('D') || event.user_id === context.botUserId) return;
    const team = context.teamId ?? body.team_id;
    const shared = {
      team,
      user: event.user_id,
      channel: event.channel_id,
      fileId: event.file_id,
      eventId: body.event_id,
    };
    deps.background.run(`importing file ${event.file_id} shared by ${event.user_id}`, () =>
      importSharedFile(deps, client, shared),
    );
  };
}
