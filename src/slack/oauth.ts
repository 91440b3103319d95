/**
 * Installing the app in a workspace: OAuth v2 through Bolt's HTTPReceiver installer.
 *
 * - `GET /slack/install` sends the browser straight to Slack's consent page (a 302) with a `state` that Bolt's state
 *   store signs with SLACK_STATE_SECRET, and sets it in a cookie of this browser.
 * - `GET /slack/oauth_redirect` (where Slack sends the browser back): Bolt checks the state against the cookie and
 *   its signature and age; ours (src/store/postgres/oauth-states.ts) also accepts each state once. Bolt then
 *   exchanges the code (oauth.v2.access), and the installation is stored with its token sealed
 *   (src/store/postgres/installations.ts).
 * - An org-wide install (Enterprise Grid) is refused: the token Slack granted is revoked (auth.revoke), nothing is
 *   stored, and the page says to install the app in each workspace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type HTTPReceiverOptions, webApi } from '@slack/bolt';
import oauth, { type CodedError, type Installation } from '@slack/oauth';
import type { DistributionAuth } from '../auth-config.js';
import type { Db } from '../store/postgres/db.js';
import type { AppInstallation, Installations } from '../store/postgres/installations.js';
import { oneTimeStates } from '../store/postgres/oauth-states.js';
import {
  INSTALL_PATH,
  type InstallFailure,
  installedPage,
  installFailedPage,
  orgWideRefusedPage,
  REDIRECT_PATH,
} from '../views/install-pages.js';
import { describe } from './errors.js';
import type { Logger } from './logger.js';
import { BOT_SCOPES } from './surface.js';

export { INSTALL_PATH, REDIRECT_PATH };

// A CommonJS package whose exports Node cannot name for an ES module: taken from its default export.
const { ClearStateStore, ErrorCode } = oauth;

/** How long a state handed out by /slack/install may be used (Bolt's default cookie lifetime too). */
const STATE_TTL_SECONDS = 600;

export interface InstallerDeps {
  auth: DistributionAuth;
  installations: Installations;
  /** The database of the one-time states. */
  db: Db;
  /** Slack's API (SLACK_API_URL) and the logger, for oauth.v2.access and the calls around it. */
  clientOptions: webApi.WebClientOptions;
  logger: Logger;
}

function send(res: ServerResponse, status: number, html: string): void {
  res
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(html);
}

const FAILURES: Record<string, [number, InstallFailure]> = {
  [ErrorCode.InvalidStateError]: [400, 'state'],
  [ErrorCode.MissingStateError]: [400, 'state'],
  [ErrorCode.AuthorizationError]: [200, 'cancelled'],
};

export type InstallerOptions = Pick<
  HTTPReceiverOptions,
  'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore' | 'installerOptions'
>;

/** What Bolt's HTTPReceiver needs to serve the two install pages and authorize each request by its installation. */
export function installerOptions(deps: InstallerDeps): InstallerOptions {
  const { auth, installations, clientOptions, logger } = deps;
  const states = oneTimeStates(
    deps.db,
    new ClearStateStore(auth.stateSecret, STATE_TTL_SECONDS),
    STATE_TTL_SECONDS,
  );

  async function afterInstallation(
    installation: Installation,
    _options: unknown,
    _req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    const token = installation.bot?.token;
    const client = new webApi.WebClient(token, { ...clientOptions, retryConfig: { retries: 2 } });
    if (installation.isEnterpriseInstall || !installation.team?.id) {
      const org = installation.enterprise;
      if (token) {
        await client.auth
          .revoke()
          .catch((e) =>
            logger.error(`could not revoke the token of the refused org-wide install: ${describe(e)}`),
          );
      }
      logger.warn(
        `refused an org-wide install for ${org?.name ?? 'an organization'} (${org?.id ?? '?'}); token revoked`,
      );
      send(res, 403, orgWideRefusedPage(org?.name));
      return false;
    }
    // Message links need the workspace's URL, which only auth.test gives.
    const me = await client.auth.test();
    (installation as AppInstallation).teamUrl = me.url;
    return true;
  }

  return {
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    stateSecret: auth.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: installations,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      stateStore: states,
      stateVerification: true,
      stateCookieExpirationSeconds: STATE_TTL_SECONDS,
      // /slack/install goes straight to Slack's consent page, as Slack's "Direct install URL" wants.
      directInstall: true,
      clientOptions: { ...clientOptions },
      callbackOptions: {
        afterInstallation,
        success: (installation, _options, _req, res) => {
          logger.info(
            `installed in workspace ${installation.team?.id} (${installation.team?.name ?? 'no name'})`,
          );
          send(res, 200, installedPage(installation.team?.name));
        },
        failure: (error: CodedError, _options, _req, res) => {
          const [status, why] = FAILURES[error.code] ?? [500, 'slack'];
          logger.warn(`an install did not complete: ${describe(error)}`);
          send(res, status, installFailedPage(why));
        },
      },
    },
  };
}
