/**
 * A Web API client for one workspace whose bot token is looked up for every call, so work outside a request
 * (a scheduled post, closing a week, a voter look-up) always uses that workspace's current token: a reinstall's
 * new token at once, none at all once the app was uninstalled (the call then fails with NotInstalledError and
 * nothing reaches Slack).
 */
import { webApi } from '@slack/bolt';

export class TeamClient extends webApi.WebClient {
  constructor(
    /** The workspace (`team` is the Web API's team.* methods). */
    readonly workspace: string,
    private readonly tokenOf: (team: string) => Promise<string>,
    options: webApi.WebClientOptions,
  ) {
    super(undefined, options);
  }

  override async apiCall(
    method: string,
    options: Record<string, unknown> = {},
  ): Promise<webApi.WebAPICallResult> {
    return super.apiCall(method, { ...options, token: await this.tokenOf(this.workspace) });
  }
}
