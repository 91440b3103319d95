/**
 * Downloading a file shared with the app (its `url_private_download` from files.info) with the bot token, as
 * Slack asks: `Authorization: Bearer xoxb-…`. The token only ever goes to Slack's own hosts (files.slack.com
 * and the rest of slack.com, over HTTPS) or to the API host the app is configured with (SLACK_API_URL: a proxy,
 * the tests' fake). Slack answers a request it does not accept with its sign-in page (HTTP 200, HTML), not an
 * error: an HTML answer is refused as such. The body is read up to `maxBytes`, never further.
 */

export class PrivateFileError extends Error {}

/** Whether the bot token may be sent to `url`. */
export function mayCarryToken(url: URL, apiUrl: string): boolean {
  if (url.protocol === 'https:' && (url.hostname === 'slack.com' || url.hostname.endsWith('.slack.com'))) {
    return true;
  }
  try {
    return url.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

export async function downloadPrivateFile(
  address: string,
  token: string,
  opts: { apiUrl: string; maxBytes: number; timeoutMs?: number },
): Promise<Buffer> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new PrivateFileError('Slack gave no address to download the file from');
  }
  if (!mayCarryToken(url, opts.apiUrl)) {
    throw new PrivateFileError(`the file's address is not on Slack (${url.host}), so it was not downloaded`);
  }
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
  });
  if (!response.ok) throw new PrivateFileError(`Slack answered the download with HTTP ${response.status}`);
  if (!mayCarryToken(new URL(response.url || url.href), opts.apiUrl)) {
    throw new PrivateFileError('the download was sent away from Slack');
  }
  if (/text\/html/i.test(response.headers.get('content-type') ?? '')) {
    await response.body?.cancel();
    throw new PrivateFileError(
      'Slack answered with its sign-in page instead of the file (does the app have the files:read scope?)',
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    size += next.value.length;
    if (size > opts.maxBytes) {
      await reader?.cancel();
      throw new PrivateFileError(`the file is larger than ${Math.round(opts.maxBytes / 1024)} KB`);
    }
    chunks.push(Buffer.from(next.value));
  }
  return Buffer.concat(chunks);
}
