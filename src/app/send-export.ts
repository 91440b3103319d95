/**
 * Sends a channel's archive as a file to the person who asked, in their direct messages with the app; the channel
 * sees nothing. Only for a member of that channel (checked with Slack, so a private channel's archive never goes
 * to anyone else).
 */
import type { webApi } from '@slack/bolt';
import type { ExportFormat } from '../domain/command.js';
import { describe } from '../slack/errors.js';
import { plural } from '../views/text.js';
import type { Access } from './access.js';
import type { Deps } from './deps.js';
import { archiveHead, archivePrompts, renderExport } from './export.js';

export type ExportOutcome =
  | { ok: true }
  | { ok: false; reason: 'check-failed' | 'not-a-member' }
  | { ok: false; reason: 'failed'; detail: string };

export interface ExportRequest {
  team: string;
  channel: string;
  user: string;
  format: ExportFormat;
}

export async function sendExport(
  deps: Pick<Deps, 'store' | 'prompts' | 'logger' | 'now'>,
  access: Access,
  client: webApi.WebClient,
  { team, channel, user, format }: ExportRequest,
): Promise<ExportOutcome> {
  let memberOf: ReadonlyMap<string, string>;
  try {
    memberOf = await access.channelsOf(client, team, user);
  } catch (error) {
    deps.logger.warn(`could not check whether ${user} is in ${channel} for an export: ${describe(error)}`);
    return { ok: false, reason: 'check-failed' };
  }
  if (!memberOf.has(channel)) return { ok: false, reason: 'not-a-member' };
  const where = { team, channel, channelName: memberOf.get(channel) };
  const library = await deps.prompts.forTeam(team);
  const prompts = archivePrompts(deps.store, library, team, channel);
  const file = await renderExport(archiveHead(where, deps.now()), prompts, format);
  try {
    const dm = await client.conversations.open({ users: user });
    const dmChannel = dm.channel?.id;
    if (!dmChannel) throw new Error('conversations.open returned no channel');
    await client.filesUploadV2({
      channel_id: dmChannel,
      filename: file.filename,
      title: file.title,
      // The pieces as written; the Web API client needs the whole file's length before it uploads.
      file: file.pieces.length === 1 ? (file.pieces[0] as Buffer) : Buffer.concat(file.pieces, file.bytes),
      initial_comment: `The archive of <#${channel}> you asked for: ${plural(file.prompts, 'prompt')} and ${plural(file.answers, 'answer')}.`,
    });
  } catch (error) {
    deps.logger.error(`export of ${channel} for ${user} failed:`, error);
    return { ok: false, reason: 'failed', detail: describe(error) };
  }
  return { ok: true };
}
