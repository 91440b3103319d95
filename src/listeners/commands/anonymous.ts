/**
 * `/lead-vs-manage anonymous [on|off]`: on its own, whether this channel allows anonymous answers (anyone may ask);
 * `on` or `off` changes it, for the people who may change the channel's schedule (src/app/settings-access.ts).
 */
import { anonymousAllowed, setAnonymous } from '../../app/anonymous.js';
import { currentSchedule } from '../../app/schedules.js';
import type { Command } from '../../domain/command.js';
import { anonymousRefusal, anonymousSet, anonymousStatus } from '../../views/anonymous.js';
import { type Context, type Outcome, text } from './outcome.js';

export async function anonymousCommand(
  ctx: Context,
  cmd: Extract<Command, { kind: 'anonymous' }>,
): Promise<Outcome> {
  const { deps, team, channel } = ctx;
  if (cmd.on === undefined) return text(anonymousStatus(await anonymousAllowed(deps.store, team, channel)));
  const schedule = await currentSchedule(deps.store, team, channel);
  const verdict = await ctx.settings.check(ctx.client, team, ctx.user, schedule);
  if (!verdict.ok) return text(anonymousRefusal(verdict));
  return text(anonymousSet(cmd.on, await setAnonymous(deps, team, channel, cmd.on)));
}
