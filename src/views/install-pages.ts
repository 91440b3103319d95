/** The pages a person sees in the browser at the end of an install (GET /slack/oauth_redirect). Plain HTML. */
import { COMMAND } from '../slack/surface.js';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function page(title: string, paragraphs: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; line-height: 1.5">',
    `<h1>${escapeHtml(title)}</h1>`,
    ...paragraphs.map((p) => `<p>${p}</p>`),
    '</body></html>',
  ].join('\n');
}

/** After a workspace installed the app. */
export function installedPage(teamName: string | undefined): string {
  const where = teamName ? `in <strong>${escapeHtml(teamName)}</strong>` : 'in your workspace';
  return page('Lead vs Manage is installed', [
    `Lead vs Manage is now installed ${where}.`,
    `Next: invite it to a channel with <code>/invite @lead-vs-manage</code>, then type <code>${COMMAND} now</code> there for the first prompt.`,
  ]);
}

/** An org-wide install (Enterprise Grid): refused; the app goes in workspace by workspace. */
export function orgWideRefusedPage(orgName: string | undefined): string {
  const org = orgName ? `<strong>${escapeHtml(orgName)}</strong>` : 'your organization';
  return page('Install Lead vs Manage in a workspace', [
    `Lead vs Manage can't be installed for all of ${org} at once, so nothing was installed and the access Slack granted was given back.`,
    `Install it in each workspace that wants it instead: open <a href="${INSTALL_PATH}">the install page</a> from that workspace and pick the workspace, not the organization.`,
  ]);
}

export type InstallFailure = 'state' | 'cancelled' | 'slack';

/** The install did not complete. */
export function installFailedPage(why: InstallFailure): string {
  const again = `<a href="${INSTALL_PATH}">Start the install again</a>`;
  switch (why) {
    case 'state':
      return page('This install link has expired', [
        `The link was already used, is more than 10 minutes old, or was opened in another browser. Nothing was installed. ${again}.`,
      ]);
    case 'cancelled':
      return page('Install cancelled', [`Nothing was installed. ${again} whenever you like.`]);
    case 'slack':
      return page('The install did not complete', [
        `Slack didn't confirm the installation, so nothing was installed. ${again}; if it keeps failing, tell whoever runs this app.`,
      ]);
  }
}
