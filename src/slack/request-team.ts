/**
 * Every workspace a Slack request names. Slack says it in several places, depending on the payload: `team_id`
 * (events and slash commands), `authorizations[].team_id` (events), `team.id` and `user.team_id` (block actions,
 * view payloads), `view.app_installed_team_id` (views), and Bolt's own `context.teamId`, derived from those.
 * A request belongs to a workspace only when every one of them agrees.
 */

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const id = (v: unknown): string[] => (typeof v === 'string' && v !== '' ? [v] : []);

/** The distinct team ids a request body (and Bolt's context) names, in no particular order. */
export function teamsNamed(body: unknown, context: { teamId?: string } = {}): string[] {
  const found: string[] = [...id(context.teamId)];
  if (isObject(body)) {
    found.push(...id(body.team_id));
    if (Array.isArray(body.authorizations)) {
      for (const a of body.authorizations) if (isObject(a)) found.push(...id(a.team_id));
    }
    if (isObject(body.team)) found.push(...id(body.team.id));
    if (isObject(body.user)) found.push(...id(body.user.team_id));
    if (isObject(body.view)) found.push(...id(body.view.app_installed_team_id));
  }
  return [...new Set(found)];
}
