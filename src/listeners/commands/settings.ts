/**
 * The sub-commands that change a channel's schedule: `schedule`, `schedule off`, `pause` and `resume`. Who may use
 * them is src/app/settings-access.ts; the rest is the schedule use cases (src/app/schedules.ts).
 */

import {
  currentSchedule,
  pauseSchedule,
  removeSchedule,
  resumeSchedule,
  setSchedule,
} from '../../app/schedules.js';
import type { Command } from '../../domain/command.js';
import { describeSchedule, everyText, formatInZone, onceEvery } from '../../domain/schedule/describe.js';
import { shortestGap } from '../../domain/schedule/interval.js';
import { parseWhen } from '../../domain/schedule/parse.js';
import { nextSlot, type ScheduleSpec } from '../../domain/schedule/slots.js';
import { describe as describeError, slackError } from '../../slack/errors.js';
import {
  inviteBeforeFirstPrompt,
  NO_SCHEDULE,
  type SettingSubject,
  settingsRefusal,
  tooOften,
} from '../../views/replies.js';
import { escapeMrkdwn, slackDate } from '../../views/text.js';
import type { Context, Outcome } from './outcome.js';
import { text } from './outcome.js';

/** Replies with who may change settings, unless the one asking may. */
export async function refuseUnlessAllowed(
  ctx: Context,
  subject: SettingSubject = 'schedule',
): Promise<Outcome | undefined> {
  const schedule = await currentSchedule(ctx.deps.store, ctx.team, ctx.channel);
  const verdict = await ctx.settings.check(ctx.client, ctx.team, ctx.user, schedule);
  return verdict.ok ? undefined : text(settingsRefusal(verdict, subject));
}

/** A schedule's next prompt, in the reader's zone (in the schedule's own zone where Slack cannot show it). */
function nextRun(ctx: Context, spec: ScheduleSpec): string {
  const next = nextSlot(spec, ctx.deps.now());
  return slackDate(next, '{date_long_pretty} at {time}', formatInZone(next, spec.tz));
}

/** Examples for the "too often" reply, the first that the floor allows is shown. */
const OFTEN_EXAMPLES = ['daily 09:00', 'mon 09:00', '0 9 1 * *'];

function intervalProblem(ctx: Context, spec: ScheduleSpec): string | undefined {
  const floor = ctx.deps.config.minScheduleIntervalMs;
  const now = ctx.deps.now();
  const gap = shortestGap(spec, now);
  if (gap === undefined || gap >= floor) return undefined;
  const example = OFTEN_EXAMPLES.find((e) => {
    const parsed = parseWhen(e, spec.tz);
    const g = parsed.ok ? shortestGap(parsed.spec, now) : 0;
    return g === undefined || g >= floor;
  });
  return tooOften(everyText(gap), onceEvery(floor), example);
}

export async function scheduleCommand(
  ctx: Context,
  cmd: Extract<Command, { kind: 'schedule' }>,
): Promise<Outcome> {
  const { deps, team, channel, user } = ctx;
  const current = await currentSchedule(deps.store, team, channel);
  const parsed = parseWhen(cmd.when, current?.tz ?? deps.config.promptTz);
  if (!parsed.ok) return text(escapeMrkdwn(parsed.error));
  const problem = intervalProblem(ctx, parsed.spec);
  if (problem) return text(problem);
  await setSchedule(deps, team, channel, parsed.spec, user);
  const next = nextSlot(parsed.spec, deps.now());
  return {
    reply: {
      text: `Scheduled: ${describeSchedule(parsed.spec)}. Next prompt: ${nextRun(ctx, parsed.spec)}.`,
    },
    later: {
      what: `checking that the bot can post in ${channel}`,
      run: async () => {
        // Public channels the bot joins by itself when it posts; a private one needs an invitation.
        try {
          await ctx.client.conversations.info({ channel });
          return undefined;
        } catch (error) {
          if (slackError(error) !== 'channel_not_found') {
            deps.logger.warn(`could not check whether the bot is in ${channel}: ${describeError(error)}`);
            return undefined;
          }
          return inviteBeforeFirstPrompt(next, formatInZone(next, parsed.spec.tz));
        }
      },
    },
  };
}

export async function unscheduleCommand(ctx: Context): Promise<Outcome> {
  const outcome = await removeSchedule(ctx.deps, ctx.team, ctx.channel, ctx.deps.config.promptChannel);
  if (outcome === 'none') return text(NO_SCHEDULE);
  return text('Schedule removed: no more automatic prompts here. `/lead-vs-manage now` still posts one.');
}

export async function pauseCommand(ctx: Context): Promise<Outcome> {
  const outcome = await pauseSchedule(ctx.deps, ctx.team, ctx.channel);
  if (outcome.status === 'none') return text(NO_SCHEDULE);
  if (outcome.status === 'unchanged')
    return text('The schedule is already paused. `/lead-vs-manage resume` starts it again.');
  return text(`Paused ${describeSchedule(outcome.schedule)}. \`/lead-vs-manage resume\` starts it again.`);
}

export async function resumeCommand(ctx: Context): Promise<Outcome> {
  const outcome = await resumeSchedule(ctx.deps, ctx.team, ctx.channel);
  if (outcome.status === 'none') return text(NO_SCHEDULE);
  const { schedule } = outcome;
  const next = `${describeSchedule(schedule)}. Next prompt: ${nextRun(ctx, schedule)}.`;
  return text(outcome.status === 'unchanged' ? `The schedule is running: ${next}` : `Resumed: ${next}`);
}
