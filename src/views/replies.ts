/** What `/lead-vs-manage` answers, word for word (tests assert these). */
import { COMMAND } from '../slack/surface.js';
import { slackDate } from './text.js';

const ADMIN_ONLY = 'Only the admins of Lead vs Manage can change schedules here. Ask one of them:';
export const NO_PROMPTS = 'No prompts in this channel yet. Post the first one with `/lead-vs-manage now`.';
export const NO_SCHEDULE =
  'This channel has no schedule yet. Set one with `/lead-vs-manage schedule mon 09:00`.';

export const PREPARING_EXPORT = 'Preparing your export…';
export const EXPORT_MEMBERS_ONLY =
  "Only members of this channel can export its archive, and I couldn't find you among them.";
export const EXPORT_CHECK_FAILED =
  "I couldn't check that you're a member of this channel, so there is no export. Try again in a minute.";
export const EXPORT_SENT =
  'Done: the export is in your direct messages with me (Lead vs Manage in the sidebar).';

/** What a refused settings command would have changed: the schedule, or whether prompts come back (revisits). */
export type SettingSubject = 'schedule' | 'revisit';

const REFUSED: Record<SettingSubject, { change: string; listed: string; check: string }> = {
  schedule: {
    change: "change this channel's schedule",
    listed: ADMIN_ONLY,
    check: "I couldn't check whether you may change this channel's schedule just now. Try again in a minute.",
  },
  revisit: {
    change: 'turn revisits on or off here',
    listed: 'Only the admins of Lead vs Manage can turn revisits on or off here. Ask one of them:',
    check: "I couldn't check whether you may turn revisits on or off here just now. Try again in a minute.",
  },
};

/** Who may change the schedule (or the revisits), when the one asking may not. */
export function settingsRefusal(
  v:
    | { reason: 'listed-admins'; admins: readonly string[] }
    | { reason: 'workspace-admins'; setBy: string | undefined }
    | { reason: 'check-failed' },
  subject: SettingSubject = 'schedule',
): string {
  const texts = REFUSED[subject];
  switch (v.reason) {
    case 'listed-admins':
      return `${texts.listed} ${v.admins.map((id) => `<@${id}>`).join(', ')}.`;
    case 'workspace-admins':
      if (subject === 'schedule') {
        return v.setBy
          ? `Only your workspace's admins and owners, and <@${v.setBy}> who set this channel's schedule, can change it. Ask one of them.`
          : "Only your workspace's admins and owners can change this channel's schedule. Ask one of them.";
      }
      return v.setBy
        ? `Only your workspace's admins and owners, and <@${v.setBy}> who set this channel's schedule, can ${texts.change}. Ask one of them.`
        : `Only your workspace's admins and owners can ${texts.change}. Ask one of them.`;
    case 'check-failed':
      return texts.check;
  }
}

/** `now` within PROMPT_NOW_COOLDOWN of the channel's latest prompt; the time shows in the reader's zone. */
export function nowCooldown(cooldown: string, until: Date): string {
  const when = slackDate(
    until,
    '{date_short_pretty} at {time}',
    `${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  );
  return `A prompt went up here less than ${cooldown} ago, so the next \`${COMMAND} now\` is possible ${when}. Until then, vote and argue on the current one.`;
}

/** A schedule that would post more often than MIN_SCHEDULE_INTERVAL allows (`every`: "every 5 minutes"). */
export function tooOften(every: string, floor: string, example: string | undefined): string {
  const next = example ? ` Try \`${COMMAND} schedule ${example}\`.` : '';
  return `That schedule would post ${every}, and a schedule set here may post at most ${floor}.${next}`;
}

/** After `schedule` in a channel the bot is not in and cannot join by itself (a private one). */
export function inviteBeforeFirstPrompt(next: Date, fallback: string): string {
  const when = slackDate(next, '{date_long_pretty} at {time}', fallback);
  return `I'm not in this channel and can't join it by myself (it's private). Invite me with \`/invite @lead-vs-manage\` before the first prompt is due, ${when}.`;
}

/** `history n` with n above the most it shows. */
export function historyCapped(asked: number, max: number): string {
  return `You asked for ${asked} prompts; I show at most ${max}.`;
}

export const NOT_INSTALLED =
  "This app isn't installed for your workspace. Ask one of your workspace's admins to install it.";

/** What a poster answers when the prompt could not go up. */
export const NOT_IN_CHANNEL =
  "I'm not in this channel yet, and I can't join it by myself (private channels need an invitation). " +
  'Invite me with `/invite @lead-vs-manage`, then try again.';

export const PROMPT_GONE = `That prompt isn't in your workspace's library any more. Try \`${COMMAND} now\` for the next one.`;

export const UNCONFIRMED_POST =
  "Slack didn't say whether the prompt went out, so I won't post it again blindly. I'll keep checking the " +
  "channel and post it only if it isn't there. Nothing to do on your side.";
