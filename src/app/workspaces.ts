/**
 * Which workspaces the app serves. Today one: the workspace of SLACK_BOT_TOKEN (auth.test at start-up). A signed
 * request from any other workspace is turned away at the door (src/listeners/gate.ts), and schedules and
 * week-closing run for these workspaces only (src/jobs/scheduler.ts). Multi-workspace installs through OAuth
 * replace this one object with a look-up in their installation store; nothing else has to change.
 */
export interface Workspaces {
  /** Whether the app is installed in `team`: its requests are served, its schedules run. */
  isInstalled(team: string): boolean;
  /** Every workspace the app is installed in. */
  installed(): string[];
}

/** The single workspace a bot token belongs to. */
export function singleWorkspace(teamId: string): Workspaces {
  return {
    isInstalled: (team) => team === teamId,
    installed: () => [teamId],
  };
}
