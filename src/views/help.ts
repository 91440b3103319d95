/** The usage text for `/lead-vs-manage help`, empty text and unknown sub-commands. */
import { COMMAND } from '../slack/surface.js';

const USAGE_LINES = [
  ['now', 'post a prompt in this channel right away'],
  ['now <id or words>', "post the prompt of your workspace's library with that id, or holding those words"],
  ['next', "see which prompt this channel's rotation posts next (admins may skip it)"],
  ['suggest', 'suggest a prompt for your team; an admin reviews it before it is posted'],
  ['results', "show the votes and answers on this channel's latest prompt"],
  ['history [n]', "list this channel's last n prompts with their tallies"],
  [
    'schedule <when> [tz]',
    'post here on a schedule, e.g. `schedule mon 09:00 Europe/Berlin` or `schedule 0 9 * * 1`',
  ],
  ['schedule off', "remove this channel's schedule"],
  ['pause', "pause this channel's schedule"],
  ['resume', "resume this channel's schedule"],
  ['export [csv|json|md]', "get this channel's archive as a file, in your direct messages with me"],
  ['stats', 'how participation and the team’s lean moved over time'],
  [
    'anonymous [on|off]',
    'whether people may answer here without their name; `on` or `off` changes it, for the people who change schedules',
    'revisit on|off',
    'let prompts this channel discussed 12 months or more ago come back, with then and now side by side',
  ],
  ['library [own|shipped|both]', 'which prompts the rotation draws on (admins change it)'],
  ['help', 'this message'],
] as const;

/** Who may use `schedule`, `schedule off`, `pause`, `resume` and `revisit` (src/app/settings-access.ts). */
function settingsRule(adminUserIds: readonly string[] = []): string {
  const what = 'Schedules (`schedule`, `schedule off`, `pause`, `resume`) and revisits (`revisit on|off`)';
  return adminUserIds.length > 0
    ? `${what} are changed by the app's admins: ${adminUserIds.map((id) => `<@${id}>`).join(', ')}.`
    : `${what} are changed by the workspace's admins and owners, and by whoever set the channel's current schedule.`;
}

export function usageText(intro?: string, adminUserIds: readonly string[] = []): string {
  const lines = USAGE_LINES.map(([cmd, what]) => `• \`${COMMAND} ${cmd}\`: ${what}`);
  return [
    intro ?? '*Lead vs Manage* asks your team every week: leadership, management, or both?',
    ...lines,
    settingsRule(adminUserIds),
    'Vote with the reactions on a prompt (:compass: Leadership, :clipboard: Management, :handshake: Both) and argue it in the thread.',
  ].join('\n');
}
