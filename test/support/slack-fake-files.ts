/**
 * The Slack fake's files: files people share (in a direct message with the app, or in a channel), what
 * `files.info` answers about them, and their private download URLs, served the way Slack serves them:
 * - `GET /files-pri/<team>-<file id>/<name>` (url_private) and `…/download/<name>` (url_private_download);
 * - only with `Authorization: Bearer <a token Slack accepts>`; without it, or with a token Slack refuses,
 *   Slack answers its sign-in page, HTTP 200 and HTML, not an error;
 * - `files.info` finds a file only where the bot can see it (a conversation it is in), else `file_not_found`.
 * Shapes follow Slack's file object (https://docs.slack.dev/reference/objects/file-object).
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export interface SharedFileOptions {
  /** Who shared it. */
  user: string;
  /** Where: a DM id (D…) or a channel id. */
  channel: string;
  name: string;
  content: string | Buffer;
  /** Default from the name: `yaml` for .yml/.yaml, else the extension. */
  filetype?: string;
  mimetype?: string;
  title?: string;
}

export interface FakeFile extends SharedFileOptions {
  id: string;
  bytes: Buffer;
  created: number;
}

export interface FakeDownload {
  fileId: string | undefined;
  path: string;
  /** Whether the request carried a token Slack accepts (else it got the sign-in page). */
  authorized: boolean;
  at: Date;
}

const SIGN_IN_PAGE =
  '<!DOCTYPE html><html lang="en-US"><head><title>Slack</title></head><body><h1>Sign in to Slack</h1>' +
  '<p>This page is served to requests without a valid token.</p></body></html>';

export class FakeFiles {
  private files = new Map<string, FakeFile>();
  private loads: FakeDownload[] = [];

  constructor(
    private readonly teamId: string,
    private readonly origin: () => string,
    private readonly teamUrl: string,
  ) {}

  share(o: SharedFileOptions): FakeFile {
    const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
    const ext = o.name.includes('.') ? (o.name.split('.').pop() ?? '').toLowerCase() : '';
    const file: FakeFile = {
      ...o,
      filetype: o.filetype ?? (ext === 'yml' || ext === 'yaml' ? 'yaml' : ext || 'text'),
      mimetype: o.mimetype ?? (ext === 'yml' || ext === 'yaml' ? 'application/x-yaml' : 'text/plain'),
      id,
      bytes: Buffer.isBuffer(o.content) ? o.content : Buffer.from(o.content, 'utf8'),
      created: Math.floor(Date.now() / 1000),
    };
    this.files.set(id, file);
    return file;
  }

  get(id: string): FakeFile | undefined {
    return this.files.get(id);
  }

  /** The file object files.info and events carry. */
  info(f: FakeFile): Record<string, unknown> {
    const base = `${this.origin()}/files-pri/${this.teamId}-${f.id}`;
    const name = encodeURIComponent(f.name);
    const isIm = f.channel.startsWith('D');
    return {
      id: f.id,
      created: f.created,
      timestamp: f.created,
      name: f.name,
      title: f.title ?? f.name,
      mimetype: f.mimetype,
      filetype: f.filetype,
      pretty_type: f.filetype === 'yaml' ? 'YAML' : (f.filetype ?? '').toUpperCase(),
      user: f.user,
      user_team: this.teamId,
      editable: f.filetype !== 'binary',
      size: f.bytes.length,
      mode: 'hosted',
      is_external: false,
      external_type: '',
      is_public: !isIm && f.channel.startsWith('C'),
      public_url_shared: false,
      display_as_bot: false,
      username: '',
      url_private: `${base}/${name}`,
      url_private_download: `${base}/download/${name}`,
      permalink: `${this.teamUrl}files/${f.user}/${f.id}/${name}`,
      permalink_public: `https://slack-files.com/${this.teamId}-${f.id}-${randomBytes(5).toString('hex')}`,
      channels: !isIm && f.channel.startsWith('C') ? [f.channel] : [],
      groups: f.channel.startsWith('G') ? [f.channel] : [],
      ims: isIm ? [f.channel] : [],
      comments_count: 0,
      has_rich_preview: false,
      file_access: 'visible',
    };
  }

  downloads(): FakeDownload[] {
    return [...this.loads];
  }

  /** Answers a GET under /files-pri/: the bytes for a token Slack accepts, the sign-in page otherwise. */
  serve(path: string, authorized: boolean, res: ServerResponse): void {
    const m = /^\/files-pri\/([^/]+)-(F[A-Z0-9]+)\/(?:download\/)?[^/]+$/.exec(path);
    const file = m && m[1] === this.teamId ? this.files.get(m[2] ?? '') : undefined;
    this.loads.push({ fileId: m?.[2], path, authorized, at: new Date() });
    if (!authorized) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(SIGN_IN_PAGE),
      });
      res.end(SIGN_IN_PAGE);
      return;
    }
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body>File not found</body></html>');
      return;
    }
    res.writeHead(200, {
      'content-type': file.mimetype ?? 'application/octet-stream',
      'content-length': file.bytes.length,
      'content-disposition': `attachment; filename="${file.name.replace(/"/g, '')}"`,
    });
    res.end(file.bytes);
  }

  reset(): void {
    this.files = new Map();
    this.loads = [];
  }
}
