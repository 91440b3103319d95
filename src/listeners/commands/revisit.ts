/** `/lead-vs-manage revisit on|off` (admins only, like the schedule: src/app/settings-access.ts). */
import { setRevisits } from '../../app/revisits.js';
import type { Command } from '../../domain/command.js';
import { revisitReply } from '../../views/revisit.js';
import { type Context, type Outcome, text } from './outcome.js';

export async function revisitCommand(
  ctx: Context,
  cmd: Extract<Command, { kind: 'revisit' }>,
): Promise<Outcome> {
  const outcome = await setRevisits(ctx.deps.store, ctx.team, ctx.channel, cmd.on);
  return text(revisitReply(cmd.on, outcome === 'unchanged', ctx.deps.config.revisitEvery));
}
