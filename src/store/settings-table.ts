/** Channel and workspace settings in memory: what admins set, merged field by field. */
import type { ChannelSettings, WorkspaceSettings } from './schema.js';

export interface ChannelSettingsRow {
  team: string;
  channel: string;
  set: ChannelSettings;
}

export interface WorkspaceSettingsRow {
  team: string;
  set: WorkspaceSettings;
}

const SEP = '\u0000';

export class SettingsTable {
  private readonly channels = new Map<string, ChannelSettingsRow>();
  private readonly workspaces = new Map<string, WorkspaceSettingsRow>();

  channel(team: string, channel: string): ChannelSettings | undefined {
    return this.channels.get(`${team}${SEP}${channel}`)?.set;
  }

  workspace(team: string): WorkspaceSettings | undefined {
    return this.workspaces.get(team)?.set;
  }

  /** Sets the fields given; the others keep their value. */
  mergeChannel(team: string, channel: string, set: ChannelSettings): void {
    const key = `${team}${SEP}${channel}`;
    const merged = Object.freeze({ ...this.channels.get(key)?.set, ...set });
    this.channels.set(key, { team, channel, set: merged });
  }

  mergeWorkspace(team: string, set: WorkspaceSettings): void {
    const merged = Object.freeze({ ...this.workspaces.get(team)?.set, ...set });
    this.workspaces.set(team, { team, set: merged });
  }

  channelRows(): ChannelSettingsRow[] {
    return [...this.channels.values()];
  }

  workspaceRows(): WorkspaceSettingsRow[] {
    return [...this.workspaces.values()];
  }

  /** Forgets one team's settings; true when it had any. */
  purge(team: string): boolean {
    let found = this.workspaces.delete(team);
    for (const [key, row] of this.channels) {
      if (row.team === team) found = this.channels.delete(key) || found;
    }
    return found;
  }
}
