/**
 * The Slack fake's side of an OAuth install: the consent page a person approves (`approveInstall`, standing for
 * https://slack.com/oauth/v2/authorize and its Allow button) and `oauth.v2.access`, which exchanges the code for a
 * bot token the way Slack answers it:
 * - https://docs.slack.dev/reference/methods/oauth.v2.access (arguments, errors invalid_client_id,
 *   bad_client_secret, invalid_code, bad_redirect_uri, invalid_grant_type; client credentials as parameters or
 *   HTTP Basic auth; the example answer: ok, access_token, token_type "bot", scope, bot_user_id, app_id, team,
 *   enterprise, authed_user);
 * - https://api.slack.com/enterprise/apps/reference (an org-wide install answers `team: null`, the enterprise, and
 *   `is_enterprise_install: true`).
 * A code is good once, for 10 minutes, and only with the redirect_uri it was asked with.
 */
import { randomBytes } from 'node:crypto';

export interface FakeWorkspace {
  teamId: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  /** The Enterprise Grid org the workspace belongs to. */
  enterprise?: { id: string; name: string };
  /** The token of an org-wide install: it stands for the enterprise, not one workspace. */
  orgWide?: boolean;
}

export interface InstallApproval {
  /** The workspace the person installs in (default: the fake's own). */
  team?: string;
  /** An org-wide install of this Enterprise Grid org instead (an org admin's choice on the consent page). */
  orgWide?: { id: string; name: string };
  /** Who pressed Allow (`authed_user.id`). */
  user?: string;
  /** The person pressed Cancel: Slack sends them back with `error=access_denied`. */
  cancel?: boolean;
}

export interface Approved {
  /** The query Slack sends the browser back with: `?code=…&state=…` (or `?error=access_denied&state=…`). */
  query: string;
  code: string | undefined;
  state: string;
  /** Where Slack sends the browser back; undefined: the app's configured redirect URL. */
  redirectUri: string | undefined;
}

interface Grant {
  workspace: FakeWorkspace;
  scopes: string[];
  redirectUri: string | undefined;
  user: string;
  issuedAt: number;
  used: boolean;
}

export class FakeApiError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const CODE_TTL_MS = 10 * 60_000;
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

export interface InstallsModel {
  approveInstall(authorizeUrl: string, approval: InstallApproval): Approved;
  /** oauth.v2.access: its answer, or a FakeApiError. */
  access(args: Record<string, unknown>, authorization: string | undefined): Record<string, unknown>;
  /** Forgets codes not exchanged yet. */
  reset(): void;
}

export function installsModel(opts: {
  clientId: string | undefined;
  clientSecret: string | undefined;
  appId: string;
  workspace(team: string | undefined): FakeWorkspace;
  /** A new bot token that belongs to `workspace`. */
  mint(workspace: FakeWorkspace): string;
}): InstallsModel {
  let grants = new Map<string, Grant>();

  function credentials(args: Record<string, unknown>, authorization: string | undefined) {
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '')?.[1];
    if (basic) {
      const [id, ...rest] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      return { id, secret: rest.join(':') };
    }
    return { id: args.client_id, secret: args.client_secret };
  }

  return {
    approveInstall(authorizeUrl, approval) {
      const url = new URL(authorizeUrl);
      const q = url.searchParams;
      if (url.pathname !== '/oauth/v2/authorize') {
        throw new Error(`slack-fake: ${url.pathname} is not Slack's OAuth v2 consent page`);
      }
      if (!opts.clientId || q.get('client_id') !== opts.clientId) {
        throw new Error(`slack-fake: the consent page does not know client_id ${q.get('client_id')}`);
      }
      const scopes = (q.get('scope') ?? '').split(',').filter(Boolean);
      if (scopes.length === 0) throw new Error('slack-fake: the consent page was opened without a scope');
      const state = q.get('state') ?? '';
      const redirectUri = q.get('redirect_uri') ?? undefined;
      const back = new URLSearchParams();
      if (approval.cancel) {
        back.set('error', 'access_denied');
        back.set('state', state);
        return { query: `?${back}`, code: undefined, state, redirectUri };
      }
      const workspace: FakeWorkspace = approval.orgWide
        ? {
            teamId: approval.orgWide.id,
            teamName: approval.orgWide.name,
            teamDomain: approval.orgWide.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
            botUserId: `W${digits(9)}`,
            botId: `B${digits(9)}`,
            enterprise: approval.orgWide,
            orgWide: true,
          }
        : opts.workspace(approval.team);
      const code = `${digits(10)}.${digits(13)}.${randomBytes(32).toString('hex')}`;
      grants.set(code, {
        workspace,
        scopes,
        redirectUri,
        user: approval.user ?? 'U0INSTALLER',
        issuedAt: Date.now(),
        used: false,
      });
      back.set('code', code);
      back.set('state', state);
      return { query: `?${back}`, code, state, redirectUri };
    },

    access(args, authorization) {
      const { id, secret } = credentials(args, authorization);
      if (typeof id !== 'string' || id === '' || id !== opts.clientId)
        throw new FakeApiError('invalid_client_id');
      if (secret !== opts.clientSecret) throw new FakeApiError('bad_client_secret');
      if (args.grant_type !== undefined && args.grant_type !== 'authorization_code') {
        throw new FakeApiError('invalid_grant_type');
      }
      const grant = typeof args.code === 'string' ? grants.get(args.code) : undefined;
      if (!grant || grant.used || Date.now() - grant.issuedAt > CODE_TTL_MS)
        throw new FakeApiError('invalid_code');
      if (grant.redirectUri !== undefined && args.redirect_uri !== grant.redirectUri) {
        throw new FakeApiError('bad_redirect_uri');
      }
      grant.used = true;
      const ws = grant.workspace;
      return {
        access_token: opts.mint(ws),
        token_type: 'bot',
        scope: grant.scopes.join(','),
        bot_user_id: ws.botUserId,
        app_id: opts.appId,
        team: ws.orgWide ? null : { id: ws.teamId, name: ws.teamName },
        enterprise: ws.enterprise ? { ...ws.enterprise } : null,
        is_enterprise_install: ws.orgWide === true,
        authed_user: { id: grant.user },
      };
    },

    reset() {
      grants = new Map();
    },
  };
}
