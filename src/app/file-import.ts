/**
 * A YAML file shared with the app in a direct message, by one of the app's admins: the same import as
 * `npm run prompts:import` (src/app/own-import.ts), into the workspace the file was shared in. The file is
 * looked up with files.info and downloaded with the bot token (src/slack/private-file.ts); the outcome, with
 * every problem and its line, is the app's reply in that direct message. The import commits under the event's
 * id, so a redelivered event adds nothing twice.
 */
import path from 'node:path';
import type { webApi } from '@slack/bolt';
import { describe } from '../slack/errors.js';
import { DEFAULT_API_URL } from '../slack/identity.js';
import { downloadPrivateFile, PrivateFileError } from '../slack/private-file.js';
import { ownRefusal } from '../views/own-replies.js';
import { plural, truncate } from '../views/text.js';
import type { Deps } from './deps.js';
import { loadImportChecks } from './import-checks.js';
import { checkOwnImport, type ImportChecks } from './own-import.js';
import { PROMPTS_DIR } from './prompt-files.js';

/** A prompt file is small: a few hundred entries fit in far less. */
const MAX_IMPORT_BYTES = 1024 * 1024;

export interface SharedFile {
  team: string;
  user: string;
  /** The direct message it was shared in (where the reply goes). */
  channel: string;
  fileId: string;
  eventId: string;
}

export const NOT_YAML =
  "I can import a team's prompts from a YAML file (.yml or .yaml) written in the library's format; this one isn't. See “Importing a team's prompts” in the README. To suggest a single prompt, use `/lead-vs-manage suggest`.";

let cachedChecks: ImportChecks | undefined;
/** The wording rules and the shipped sources' fingerprints, read once. */
function importChecks(): ImportChecks {
  if (!cachedChecks) {
    const loaded = loadImportChecks(PROMPTS_DIR);
    if (loaded.problems.length > 0) throw new Error(loaded.problems.join('; '));
    cachedChecks = loaded.checks;
  }
  return cachedChecks;
}

/** The reply listing every problem (as many as fit in one message). */
function problemsReply(name: string, problems: readonly string[]): string {
  const head = `I couldn't import \`${name}\`: ${plural(problems.length, 'problem')}, so nothing was added.`;
  const lines: string[] = [];
  let room = 3200;
  for (const p of problems) {
    const line = truncate(p.replaceAll('```', "'''"), 400);
    if (line.length + 1 > room) break;
    lines.push(line);
    room -= line.length + 1;
  }
  const more = problems.length - lines.length;
  const tail =
    more > 0
      ? `\n…and ${plural(more, 'more problem')}: check the file with \`npm run prompts:import -- FILE --check\`.`
      : '';
  return `${head}\n\`\`\`\n${lines.join('\n')}\n\`\`\`${tail}\nFix them and share the file again.`;
}

async function reply(client: webApi.WebClient, channel: string, text: string): Promise<void> {
  await client.chat.postMessage({ channel, text });
}

export async function importSharedFile(
  deps: Deps,
  client: webApi.WebClient,
  shared: SharedFile,
): Promise<void> {
  const { team, user, channel } = shared;
  if (await deps.store.seen(shared.eventId)) {
    deps.logger.info(
      `file ${shared.fileId}: event ${shared.eventId} was imported already; nothing added again`,
    );
    return;
  }
  const info = await client.files.info({ file: shared.fileId });
  const file = info.file;
  if (!file || file.user === (await deps.workspaces.bot(team))?.botUserId) return; // e.g. an export the app sent
  const name = path.basename(file.name ?? file.title ?? 'the file');
  const isYaml = /\.ya?ml$/i.test(name) || file.filetype === 'yaml';
  const verdict = await deps.admins.check(client, team, user, undefined);
  if (!verdict.ok)
    return reply(client, channel, ownRefusal(verdict, "import prompts into your team's library"));
  if (!isYaml) return reply(client, channel, NOT_YAML);
  if ((file.size ?? 0) > MAX_IMPORT_BYTES) {
    return reply(
      client,
      channel,
      `\`${name}\` is larger than 1 MB; a prompt file is far smaller. Nothing was added.`,
    );
  }
  let bytes: Buffer;
  try {
    const address = file.url_private_download ?? file.url_private ?? '';
    // The request's client carries its workspace's bot token (one token, or each installation's).
    bytes = await downloadPrivateFile(address, client.token ?? '', {
      apiUrl: deps.config.slackApiUrl ?? DEFAULT_API_URL,
      maxBytes: MAX_IMPORT_BYTES,
    });
  } catch (error) {
    const why = error instanceof PrivateFileError ? error.message : describe(error);
    deps.logger.warn(`could not download ${shared.fileId} shared by ${user}: ${why}`);
    return reply(
      client,
      channel,
      `I couldn't download \`${name}\` from Slack (${why}). Nothing was added; try again.`,
    );
  }
  const library = await deps.prompts.forTeam(team);
  const { problems, records } = checkOwnImport(deps.library, library.records, importChecks(), {
    team,
    file: name,
    yamlText: bytes.toString('utf8'),
    author: user,
    now: deps.now(),
  });
  if (problems.length > 0) return reply(client, channel, problemsReply(name, problems));
  const ops = records.map((prompt) => ({ type: 'team-prompt-add' as const, prompt }));
  if (!(await deps.store.commit(ops, { eventId: shared.eventId }))) {
    deps.logger.info(
      `file ${shared.fileId}: event ${shared.eventId} was imported already; nothing added again`,
    );
    return;
  }
  deps.logger.info(
    `${user} imported ${plural(records.length, 'prompt')} from ${name} into workspace ${team}`,
  );
  const ids = records.map((r) => `\`${r.id}\``).join(', ');
  const where =
    library.mode === 'shipped'
      ? 'Your workspace uses only the shipped library: `/lead-vs-manage library both` adds them to the rotation.'
      : 'They join the rotation of every channel here; edit or retire them under *Manage team prompts* in my Home tab.';
  await reply(
    client,
    channel,
    `Imported ${plural(records.length, 'prompt')} from \`${name}\` into your team's library: ${ids}. ${where}`,
  );
}
