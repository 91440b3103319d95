/** Who clicked, in which workspace, from a block action payload. */
import type { BlockAction } from '@slack/bolt';

/** Who clicked, in which workspace; undefined for a payload that does not say (it is then ignored). */
export function actor(
  body: BlockAction,
  context: { teamId?: string },
): { team: string; user: string } | undefined {
  const user = body.user?.id;
  const team = context.teamId ?? body.team?.id ?? body.user?.team_id;
  return user && team ? { team, user } : undefined;
}
