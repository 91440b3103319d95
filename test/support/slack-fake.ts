/**
 * A local stand-in for the Slack Web API, for tests. It listens on 127.0.0.1 (port 0), answers
 * `POST /api/<method>` the way Slack does (form-encoded or JSON bodies, `Authorization: Bearer` tokens,
 * `{ ok: true, ... }` / `{ ok: false, error }` bodies, 429 + Retry-After), records every call, keeps a
 * small model of channels, messages, reactions, views and uploaded files, and can inject faults.
 *
 * Also served:
 * - `POST /upload/<file_id>`: the upload URL handed out by `files.getUploadURLExternal` (raw or multipart body).
 * - `POST /hooks/...`: a stand-in for `response_url`s (get one from `fake.responseUrl()`); posts are recorded.
 * - `GET /files-pri/...`: the private download URLs of files people shared (`fake.shareFile`), served with a
 *   bot token only, else Slack's sign-in page (see slack-fake-files.ts).
 *
 * Hand `fake.url` (`http://127.0.0.1:PORT/api/`) to the app as SLACK_API_URL / WebClient `slackApiUrl`.
 *
 * Several workspaces: `addWorkspace` adds one, and `approveInstall` + `oauth.v2.access` install the app there
 * (slack-fake-installs.ts) with a bot token of its own. Each call is answered as the workspace of its token (a token
 * the fake did not hand out belongs to the fake's own workspace): auth.test says who, messages carry its bot, and
 * channels belong to the workspace that made them, so another workspace's token finds none (channel_not_found).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Approved,
  FakeApiError,
  type FakeWorkspace,
  type InstallApproval,
  installsModel,
} from './slack-fake-installs.js';

export type { Approved, InstallApproval };

import { type FakeDownload, FakeFiles, type SharedFileOptions } from './slack-fake-files.js';

// ---------------------------------------------------------------------------------------------------------
// Public types

/** One recorded Web API call. */
export interface SlackCall {
  /** 1, 2, 3, ... in arrival order across all methods (survives `reset()`). */
  readonly seq: number;
  readonly method: string;
  /** Arguments, parsed: JSON-encoded form values (blocks, metadata, view, ...) are objects again. */
  readonly args: Record<string, unknown>;
  /** From `Authorization: Bearer ...`, else from a `token` argument. */
  readonly token: string | undefined;
  /** Arrival time. */
  readonly at: Date;
  readonly headers: IncomingHttpHeaders;
  readonly contentType: string;
  readonly rawBody: string;
  /** Filled in once the fake has answered. */
  response?: { status: number; body: unknown; at: Date };
}

/**
 * What to do to the next call(s) of a method. Fields combine:
 * - `delayMs`: wait, then carry on (answer normally unless another field says otherwise);
 * - `status`: answer with this HTTP status (429 with `retryAfter` seconds → `Retry-After` header);
 * - `error`: answer HTTP 200 `{ ok: false, error }`;
 * - `body`: answer HTTP `status ?? 200` with exactly this JSON;
 * - `butApply`: perform the call's effect (e.g. the message IS posted) and still answer the fault;
 * - `drop`: destroy the connection without any answer (a network error for the client).
 */
interface Fault {
  status?: number;
  retryAfter?: number;
  error?: string;
  body?: Record<string, unknown>;
  delayMs?: number;
  butApply?: boolean;
  drop?: boolean;
}

interface ChannelConfig {
  name?: string;
  is_private?: boolean;
  /** Whether the bot is a member (default true; `members` never changes it). */
  is_member?: boolean;
  /** The workspace the channel belongs to (default: the fake's own). */
  team?: string;
  is_archived?: boolean;
  /** Human members; the bot's membership is `is_member` (a bot id in this list is ignored). */
  members?: string[];
}

interface UserConfig {
  name?: string;
  real_name?: string;
  tz?: string;
  tz_offset?: number;
  is_bot?: boolean;
  deleted?: boolean;
  is_admin?: boolean;
  [key: string]: unknown;
}

export interface SlackFakeOptions {
  teamId?: string;
  teamName?: string;
  /** Workspace subdomain, used in auth.test `url` and permalinks. */
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  botName?: string;
  /** What `apps.connections.open` hands out (see also `setSocketUrl`). */
  socketUrl?: string;
  /**
   * First message ts, in seconds. When set, ts values are deterministic: tsStart + 0.000100, + 0.000200, ...
   * When not set, ts values follow the wall clock (still unique and strictly increasing).
   */
  tsStart?: number;
  /**
   * Strict mode: unknown channels and message ts answer `channel_not_found` / `message_not_found`
   * as Slack would. Default false: unknown things are created on the fly.
   */
  strict?: boolean;
  /** Public channels accept posts from a non-member bot (the `chat:write.public` scope). Default false. */
  chatWritePublic?: boolean;
  /** Check Block Kit limits (counts, text lengths, duplicate ids) and answer `invalid_blocks`. Default true. */
  validateBlocks?: boolean;
  /** Only these tokens are accepted (others: `invalid_auth`). Default: any non-empty token. */
  validTokens?: string[];
  /** The app's credentials ("Basic Information"), which oauth.v2.access checks. Default: none (it refuses). */
  oauth?: { clientId: string; clientSecret: string };
  /** Log each call to stderr. Default: env SLACK_FAKE_LOG=1. */
  log?: boolean;
}

interface FakeUpload {
  fileId: string;
  filename: string;
  title: string;
  channel: string | undefined;
  threadTs: string | undefined;
  initialComment: string | undefined;
  altText: string | undefined;
  /** The `length` declared to files.getUploadURLExternal. */
  declaredLength: number | undefined;
  bytes: Buffer;
  at: Date;
}

interface ResponseUrlPost {
  path: string;
  url: string;
  /** Parsed JSON (or form) body. */
  body: Record<string, unknown>;
  rawBody: string;
  at: Date;
}

export type SlackMessage = Record<string, unknown> & { ts: string; type: string };

type CallPredicate = (call: SlackCall) => boolean;

export interface SlackFake {
  /** `http://127.0.0.1:PORT/api/` — what goes in SLACK_API_URL. */
  readonly url: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Recorded calls, in arrival order; only those of `method` when given. */
  calls(method?: string): SlackCall[];
  /** The first call of `method` (already made or future) matching `predicate`; rejects listing all calls seen. */
  waitFor(method: string, predicate?: CallPredicate, timeoutMs?: number): Promise<SlackCall>;
  /** Resolves once `count` calls of `method` (matching `predicate`) have been seen; returns them. */
  waitForCalls(
    method: string,
    count: number,
    timeoutMs?: number,
    predicate?: CallPredicate,
  ): Promise<SlackCall[]>;
  /**
   * Forgets recorded calls, uploads, response_url posts, messages, reactions, views, pending faults and
   * delays. Channel/user configuration and the socket URL are kept; ts values keep increasing.
   */
  reset(): void;
  /** `method` may be `'*'` (any method), `'upload'` (the upload URL) or `'response_url'`. `times` may be Infinity. */
  failNext(method: string, fault: Fault, times?: number): void;
  /** Delay every call of `method` (or `'*'`) by `ms`; 0 removes the delay. */
  setDelay(method: string, ms: number): void;
  setChannel(id: string, config: ChannelConfig): void;
  setUser(id: string, config: UserConfig): void;
  setSocketUrl(url: string | undefined): void;
  /** Make `token` answer `token_revoked` from now on. */
  revokeToken(token: string): void;
  /** Another workspace (or a workspace of an Enterprise Grid org), where the app can be installed. */
  addWorkspace(ws: Partial<FakeWorkspace> & { teamId: string }): FakeWorkspace;
  /**
   * A person opens the consent page at `authorizeUrl` (where the app's /slack/install sent the browser) and
   * presses Allow (or Cancel): what Slack sends the browser back to the app's redirect URL with.
   */
  approveInstall(authorizeUrl: string, approval?: InstallApproval): Approved;
  /** The workspace a token handed out by oauth.v2.access belongs to (undefined for other tokens). */
  teamOfToken(token: string | undefined): string | undefined;
  /** Messages stored for a channel (top-level and replies), oldest first. */
  messages(channel: string): SlackMessage[];
  /** Seed a message (e.g. a human's) into a channel; returns its ts. */
  addMessage(channel: string, message: Partial<SlackMessage> & Record<string, unknown>): string;
  /** The latest home view published for a user. */
  homeView(userId: string): Record<string, unknown> | undefined;
  /** Views opened/pushed/updated (modals), by id. */
  views(): Record<string, unknown>[];
  /** A trigger_id issued now, as Slack puts in an interaction: views.open takes it once, within 3 s. */
  triggerId(): string;
  uploads(): FakeUpload[];
  /** A fresh response_url pointing at this fake. */
  responseUrl(): string;
  responses(): ResponseUrlPost[];
  waitForResponse(predicate?: (r: ResponseUrlPost) => boolean, timeoutMs?: number): Promise<ResponseUrlPost>;
  /** The next ts the fake would hand out (and consumes it). */
  nextTs(): string;
  /** A file someone shared (in a DM with the app, or a channel): its id and the file object Slack gives. */
  shareFile(o: SharedFileOptions): { id: string; file: Record<string, unknown> };
  /** Requests for files' private URLs, in arrival order. */
  downloads(): FakeDownload[];
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** How long Slack accepts a trigger_id after issuing it. */
const TRIGGER_TTL_MS = 3000;

class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

/** Form values that are plain text even if they look like JSON. */
const TEXT_KEYS = new Set([
  'text',
  'markdown_text',
  'initial_comment',
  'title',
  'alt_text',
  'filename',
  'name',
  'query',
  'user_auth_message',
  'content',
  'value',
  'private_metadata',
]);

function parseFormValue(key: string, value: string): unknown {
  if (TEXT_KEYS.has(key)) return value;
  const t = value.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed !== null && typeof parsed === 'object') return parsed;
    } catch {
      // not JSON after all: keep the string
    }
  }
  return value;
}

interface MultipartPart {
  name: string | undefined;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let end = next;
    if (body.subarray(end - 2, end).toString() === '\r\n') end -= 2;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headerText = headerEnd === -1 ? '' : part.subarray(0, headerEnd).toString('utf8');
    const data = headerEnd === -1 ? part : part.subarray(headerEnd + 4);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headerText)?.[1] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1],
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
      contentType: /content-type:\s*([^\r\n]*)/i.exec(headerText)?.[1]?.trim(),
      data: Buffer.from(data),
    });
    pos = next;
  }
  return parts;
}

/** ts string → comparable integer (microseconds). Accepts '1764070000', '1764070000.0001', '1764070000.000100'. */
export function tsToMicros(ts: string): bigint {
  const [sec = '0', frac = ''] = String(ts).trim().split('.');
  const digits = `${frac}000000`.slice(0, 6);
  return BigInt(sec || '0') * 1_000_000n + BigInt(digits);
}

function microsToTs(micros: bigint): string {
  const sec = micros / 1_000_000n;
  const frac = micros % 1_000_000n;
  return `${sec}.${frac.toString().padStart(6, '0')}`;
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

function intArg(v: unknown, fallback: number): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

function randomId(prefix: string, length = 10): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

function encodeCursor(kind: string, value: string | number): string {
  return Buffer.from(`${kind}:${value}`).toString('base64');
}

function decodeCursor(cursor: unknown, kind: string): string | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  const decoded = Buffer.from(String(cursor), 'base64').toString('utf8');
  if (!decoded.startsWith(`${kind}:`)) throw new ApiError('invalid_cursor');
  return decoded.slice(kind.length + 1);
}

function paginate<T>(items: T[], args: Record<string, unknown>, defaultLimit = 100) {
  const offsetText = decodeCursor(args.cursor, 'offset');
  const offset = offsetText === undefined ? 0 : Number(offsetText);
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError('invalid_cursor');
  let limit = intArg(args.limit, defaultLimit);
  if (limit <= 0) limit = defaultLimit;
  const page = items.slice(offset, offset + limit);
  const nextOffset = offset + page.length;
  const next_cursor = nextOffset < items.length ? encodeCursor('offset', nextOffset) : '';
  return { page, response_metadata: { next_cursor } };
}

const clone = <T>(v: T): T => structuredClone(v);

function textLength(obj: unknown): number {
  if (obj && typeof obj === 'object' && 'text' in obj) {
    const t = (obj as { text?: unknown }).text;
    return typeof t === 'string' ? t.length : 0;
  }
  return 0;
}

/** A few well-known Block Kit limits; returns problems in Slack's style (empty when fine). */
export function checkBlocks(blocks: unknown, maxBlocks: number): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array [json-pointer:/blocks]'];
  const problems: string[] = [];
  if (blocks.length > maxBlocks)
    problems.push(`no more than ${maxBlocks} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, i) => {
    const at = `[json-pointer:/blocks/${i}`;
    if (!block || typeof block !== 'object') {
      problems.push(`must be an object ${at}]`);
      return;
    }
    const b = block as Record<string, unknown>;
    if (typeof b.type !== 'string') problems.push(`missing required field: type ${at}]`);
    if (typeof b.block_id === 'string') {
      if (b.block_id.length > 255) problems.push(`must be less than 256 characters ${at}/block_id]`);
      if (blockIds.has(b.block_id)) problems.push(`duplicate block_id ${at}/block_id]`);
      blockIds.add(b.block_id);
    }
    if (b.type === 'header' && textLength(b.text) > 150)
      problems.push(`must be less than 151 characters ${at}/text/text]`);
    if (b.type === 'section') {
      if (textLength(b.text) > 3000) problems.push(`must be less than 3001 characters ${at}/text/text]`);
      if (Array.isArray(b.fields)) {
        if (b.fields.length > 10) problems.push(`no more than 10 items allowed ${at}/fields]`);
        b.fields.forEach((f, j) => {
          if (textLength(f) > 2000)
            problems.push(`must be less than 2001 characters ${at}/fields/${j}/text]`);
        });
      }
      if (b.text === undefined && b.fields === undefined)
        problems.push(`must provide either text or fields ${at}]`);
    }
    if (b.type === 'context' && Array.isArray(b.elements) && b.elements.length > 10)
      problems.push(`no more than 10 items allowed ${at}/elements]`);
    const elements: unknown[] = [];
    if (b.type === 'actions' && Array.isArray(b.elements)) {
      if (b.elements.length > 25) problems.push(`no more than 25 items allowed ${at}/elements]`);
      elements.push(...b.elements);
    }
    if (b.accessory) elements.push(b.accessory);
    if (b.element) elements.push(b.element);
    const actionIds = new Set<string>();
    elements.forEach((el, j) => {
      if (!el || typeof el !== 'object') return;
      const e = el as Record<string, unknown>;
      if (typeof e.action_id === 'string') {
        if (e.action_id.length > 255)
          problems.push(`must be less than 256 characters ${at}/elements/${j}/action_id]`);
        if (actionIds.has(e.action_id)) problems.push(`duplicate action_id ${at}/elements/${j}/action_id]`);
        actionIds.add(e.action_id);
      }
      if (e.type === 'button') {
        if (textLength(e.text) > 75)
          problems.push(`must be less than 76 characters ${at}/elements/${j}/text/text]`);
        if (typeof e.value === 'string' && e.value.length > 2000)
          problems.push(`must be less than 2001 characters ${at}/elements/${j}/value]`);
      }
    });
  });
  return problems;
}

function checkView(view: unknown): string[] {
  if (!view || typeof view !== 'object') return ['view must be an object [json-pointer:/view]'];
  const v = view as Record<string, unknown>;
  const problems = checkBlocks(v.blocks, 100).map((p) =>
    p.replace('[json-pointer:/', '[json-pointer:/view/'),
  );
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > 3000)
    problems.push('must be less than 3001 characters [json-pointer:/view/private_metadata]');
  if (typeof v.callback_id === 'string' && v.callback_id.length > 255)
    problems.push('must be less than 256 characters [json-pointer:/view/callback_id]');
  for (const k of ['title', 'submit', 'close'] as const) {
    if (textLength(v[k]) > 24)
      problems.push(`must be less than 25 characters [json-pointer:/view/${k}/text]`);
  }
  if (v.type === 'modal' && v.title === undefined)
    problems.push('missing required field: title [json-pointer:/view]');
  problems.push(...checkInputs(v));
  return problems;
}

/** Input blocks in a view, as Slack checks them (labels, elements and their sizes, a submit button). */
function checkInputs(v: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const blocks = Array.isArray(v.blocks) ? (v.blocks as Record<string, unknown>[]) : [];
  let inputs = 0;
  blocks.forEach((b, i) => {
    if (b?.type !== 'input') return;
    inputs++;
    const at = `[json-pointer:/view/blocks/${i}`;
    if (v.type === 'home') problems.push(`input blocks need dispatch_action in a home view ${at}]`);
    if (textLength(b.label) === 0) problems.push(`missing required field: label ${at}]`);
    if (textLength(b.label) > 2000) problems.push(`must be less than 2001 characters ${at}/label/text]`);
    if (textLength(b.hint) > 2000) problems.push(`must be less than 2001 characters ${at}/hint/text]`);
    const e = b.element as Record<string, unknown> | undefined;
    if (!e || typeof e.type !== 'string') {
      problems.push(`missing required field: element ${at}]`);
      return;
    }
    if (e.type === 'plain_text_input') {
      const max = typeof e.max_length === 'number' ? e.max_length : 3000;
      if (max > 3000) problems.push(`must be at most 3000 ${at}/element/max_length]`);
      if (typeof e.initial_value === 'string' && e.initial_value.length > max)
        problems.push(`initial_value must be at most max_length ${at}/element/initial_value]`);
    }
    const options = Array.isArray(e.options) ? (e.options as Record<string, unknown>[]) : [];
    const most = e.type === 'radio_buttons' || e.type === 'checkboxes' ? 10 : 100;
    if (options.length > most) problems.push(`no more than ${most} items allowed ${at}/element/options]`);
    options.forEach((o, j) => {
      if (textLength(o.text) > 75)
        problems.push(`must be less than 76 characters ${at}/element/options/${j}/text/text]`);
      if (typeof o.value === 'string' && o.value.length > 150)
        problems.push(`must be less than 151 characters ${at}/element/options/${j}/value]`);
      if (textLength(o.description) > 75)
        problems.push(`must be less than 76 characters ${at}/element/options/${j}/description/text]`);
    });
  });
  // Slack's own wording (seen in slackapi/node-slack-sdk#875), pointing at the first input block.
  const first = blocks.findIndex((b) => b?.type === 'input');
  if (inputs > 0 && v.type === 'modal' && v.submit === undefined)
    problems.push(`must define \`submit\` to use \`input\` block [json-pointer:/view/blocks/${first}/input]`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// The fake

interface ChannelState {
  id: string;
  /** The workspace it belongs to: other workspaces' tokens do not find it. */
  team: string;
  name: string;
  is_private: boolean;
  is_member: boolean;
  is_archived: boolean;
  is_im: boolean;
  user?: string;
  members: string[];
  created: number;
}

interface PendingFile {
  id: string;
  filename: string;
  length: number | undefined;
  alt_text: string | undefined;
  bytes?: Buffer;
}

interface FaultEntry {
  fault: Fault;
  remaining: number;
}

interface Waiter {
  method: string;
  predicate: CallPredicate | undefined;
  resolve: (call: SlackCall) => void;
}

export async function startSlackFake(opts: SlackFakeOptions = {}): Promise<SlackFake> {
  const home: FakeWorkspace = {
    teamId: opts.teamId ?? 'T1',
    teamName: opts.teamName ?? 'Team One',
    teamDomain: opts.teamDomain ?? 'team-one',
    botUserId: opts.botUserId ?? 'UBOT',
    botId: opts.botId ?? 'BBOT',
  };
  // The workspace a call is answered as: the fake's own, or (while a call is handled) its token's. Handlers are
  // synchronous, so these change only around one handler at a time (see `apply`).
  let current = home;
  let teamId = home.teamId;
  let teamName = home.teamName;
  let botUserId = home.botUserId;
  let botId = home.botId;
  let teamUrl = `https://${home.teamDomain}.slack.com/`;
  const appId = opts.appId ?? 'A0LVM';
  const botName = opts.botName ?? 'lead-vs-manage';
  const strict = opts.strict ?? false;
  const validate = opts.validateBlocks ?? true;
  const log = opts.log ?? process.env.SLACK_FAKE_LOG === '1';
  const workspaces = new Map<string, FakeWorkspace>([[home.teamId, home]]);
  /** Tokens handed out by oauth.v2.access → their workspace. */
  const tokenOwners = new Map<string, FakeWorkspace>();

  function asWorkspace<T>(ws: FakeWorkspace, work: () => T): T {
    const saved = current;
    const use = (w: FakeWorkspace) => {
      current = w;
      ({ teamId, teamName, botUserId, botId } = w);
      teamUrl = w.orgWide
        ? `https://${w.teamDomain}.enterprise.slack.com/`
        : `https://${w.teamDomain}.slack.com/`;
    };
    use(ws);
    try {
      return work();
    } finally {
      use(saved);
    }
  }

  const installs = installsModel({
    clientId: opts.oauth?.clientId,
    clientSecret: opts.oauth?.clientSecret,
    appId,
    workspace(team) {
      const ws = workspaces.get(team ?? home.teamId);
      if (!ws) throw new Error(`slack-fake: no workspace ${team}; addWorkspace it first`);
      return ws;
    },
    mint(ws) {
      const token = `xoxb-${Array.from(randomBytes(12), (b) => b % 10).join('')}-${randomId('', 24).toLowerCase()}`;
      tokenOwners.set(token, ws);
      return token;
    },
  });

  let socketUrl = opts.socketUrl;
  let seq = 0;
  let lastTs = opts.tsStart !== undefined ? BigInt(Math.round(opts.tsStart * 1_000_000)) : 0n;
  const deterministicTs = opts.tsStart !== undefined;

  let calls: SlackCall[] = [];
  let waiters: Waiter[] = [];
  let faults = new Map<string, FaultEntry[]>();
  let delays = new Map<string, number>();
  const channels = new Map<string, ChannelState>();
  const users = new Map<string, UserConfig>();
  const revoked = new Set<string>();
  let messagesByChannel = new Map<string, SlackMessage[]>();
  let homeViews = new Map<string, Record<string, unknown>>();
  let modalViews = new Map<string, Record<string, unknown>>();
  // trigger_id → when `fake.triggerId()` issued it; exchanged ones (views.open/push accept each once).
  let issuedTriggers = new Map<string, number>();
  let exchangedTriggers = new Set<string>();
  let pendingFiles = new Map<string, PendingFile>();
  let uploads: FakeUpload[] = [];
  const files = new FakeFiles(teamId, () => origin, teamUrl);
  let responses: ResponseUrlPost[] = [];
  let responseWaiters: {
    predicate?: (r: ResponseUrlPost) => boolean;
    resolve: (r: ResponseUrlPost) => void;
  }[] = [];
  let responseUrlCounter = 0;
  const timers = new Set<NodeJS.Timeout>();

  function nextTs(): string {
    if (deterministicTs) {
      lastTs += 100n;
    } else {
      const now = BigInt(Date.now()) * 1000n;
      lastTs = now > lastTs + 100n ? now : lastTs + 100n;
    }
    return microsToTs(lastTs);
  }

  // --- channels ---------------------------------------------------------------------------------------

  function dmIdFor(user: string): string {
    return `D${user.replace(/^[UW]/, '')}`;
  }

  function newChannel(id: string): ChannelState {
    const isIm = id.startsWith('D');
    return {
      id,
      team: teamId,
      name: isIm ? id : `channel-${id.toLowerCase()}`,
      is_private: id.startsWith('G'),
      is_member: true,
      is_archived: false,
      is_im: isIm,
      members: [],
      created: 1_700_000_000,
    };
  }

  /** Resolves a channel argument (user ids become their DM). Unknown channels: created, or channel_not_found when strict. */
  function channelFor(idArg: unknown, { create = !strict } = {}): ChannelState {
    let id = str(idArg);
    if (!id) throw new ApiError('channel_not_found');
    if (/^[UW][A-Z0-9]+$/.test(id)) {
      const user = id;
      id = dmIdFor(user);
      if (!channels.has(id)) channels.set(id, { ...newChannel(id), is_im: true, user, members: [user] });
    }
    let ch = channels.get(id);
    if (ch && ch.team !== teamId) throw new ApiError('channel_not_found');
    if (!ch) {
      if (!create) throw new ApiError('channel_not_found');
      ch = newChannel(id);
      channels.set(id, ch);
    }
    return ch;
  }

  /** Private channels the bot is not in do not exist as far as the bot can tell. */
  function visibleChannel(idArg: unknown): ChannelState {
    const ch = channelFor(idArg);
    if (ch.is_private && !ch.is_member) throw new ApiError('channel_not_found');
    return ch;
  }

  function memberList(ch: ChannelState): string[] {
    const list = ch.members.filter((m) => m !== botUserId);
    if (ch.is_member) list.push(botUserId);
    return list;
  }

  function channelInfo(ch: ChannelState): Record<string, unknown> {
    if (ch.is_im) {
      return {
        id: ch.id,
        created: ch.created,
        is_im: true,
        is_org_shared: false,
        user: ch.user,
        is_user_deleted: false,
        priority: 0,
        context_team_id: teamId,
      };
    }
    return {
      id: ch.id,
      name: ch.name,
      is_channel: !ch.is_private,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: ch.is_private,
      created: ch.created,
      is_archived: ch.is_archived,
      is_general: ch.name === 'general',
      unlinked: 0,
      name_normalized: ch.name,
      is_shared: false,
      is_org_shared: false,
      is_ext_shared: false,
      is_pending_ext_shared: false,
      context_team_id: teamId,
      creator: ch.members[0] ?? 'U0',
      is_member: ch.is_member,
      num_members: memberList(ch).length,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      updated: ch.created * 1000,
    };
  }

  function setChannel(id: string, config: ChannelConfig): void {
    const ch = channels.get(id) ?? newChannel(id);
    if (config.team !== undefined) ch.team = config.team;
    if (config.name !== undefined) ch.name = config.name;
    if (config.is_private !== undefined) ch.is_private = config.is_private;
    if (config.is_archived !== undefined) ch.is_archived = config.is_archived;
    if (config.members !== undefined) ch.members = config.members.filter((m) => m !== botUserId);
    if (config.is_member !== undefined) ch.is_member = config.is_member;
    channels.set(id, ch);
  }

  // --- messages ---------------------------------------------------------------------------------------

  function store(channelId: string): SlackMessage[] {
    let list = messagesByChannel.get(channelId);
    if (!list) {
      list = [];
      messagesByChannel.set(channelId, list);
    }
    return list;
  }

  function insertMessage(channelId: string, message: SlackMessage): void {
    const list = store(channelId);
    const key = tsToMicros(message.ts);
    let i = list.length;
    while (i > 0 && tsToMicros((list[i - 1] as SlackMessage).ts) > key) i--;
    list.splice(i, 0, message);
  }

  function findMessage(channelId: string, ts: unknown): SlackMessage | undefined {
    const t = str(ts);
    if (!t) return undefined;
    return messagesByChannel.get(channelId)?.find((m) => m.ts === t);
  }

  function attachReply(channelId: string, reply: SlackMessage): void {
    const parent = findMessage(channelId, reply.thread_ts);
    if (!parent || parent === reply) return;
    parent.thread_ts = parent.ts;
    parent.reply_count = (Number(parent.reply_count) || 0) + 1;
    const replyUsers = new Set<string>((parent.reply_users as string[] | undefined) ?? []);
    if (typeof reply.user === 'string') replyUsers.add(reply.user);
    parent.reply_users = [...replyUsers];
    parent.reply_users_count = replyUsers.size;
    parent.latest_reply = reply.ts;
    if (typeof parent.user === 'string') reply.parent_user_id = parent.user;
  }

  function isTopLevel(m: SlackMessage): boolean {
    return m.thread_ts === undefined || m.thread_ts === m.ts || truthy(m.reply_broadcast);
  }

  function botProfile(): Record<string, unknown> {
    return {
      id: botId,
      app_id: appId,
      name: botName,
      deleted: false,
      team_id: teamId,
      icons: { image_36: 'https://a.slack-edge.com/80588/img/plugins/app/bot_36.png' },
      updated: 1_700_000_000,
    };
  }

  const TRANSPORT_ARGS = new Set(['token', 'channel', 'team_id', 'as_user', 'link_names', 'parse']);

  function visibleMessage(m: SlackMessage, includeMetadata: boolean): SlackMessage {
    const copy = clone(m);
    if (!includeMetadata) delete copy.metadata;
    return copy;
  }

  function validateMessageArgs(args: Record<string, unknown>): void {
    const hasContent =
      (typeof args.text === 'string' && args.text !== '') ||
      (typeof args.markdown_text === 'string' && args.markdown_text !== '') ||
      (Array.isArray(args.blocks) && args.blocks.length > 0) ||
      (Array.isArray(args.attachments) && args.attachments.length > 0);
    if (!hasContent) throw new ApiError('no_text');
    if (typeof args.text === 'string' && args.text.length > 40_000) throw new ApiError('msg_too_long');
    if (validate) {
      const problems = checkBlocks(args.blocks, 50);
      if (problems.length)
        throw new ApiError('invalid_blocks', {
          errors: problems,
          response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
        });
    }
    if (args.metadata !== undefined) {
      const md = args.metadata as Record<string, unknown> | string;
      if (typeof md !== 'object' || md === null || typeof md.event_type !== 'string')
        throw new ApiError('invalid_metadata_format');
    }
  }

  function canPost(ch: ChannelState): void {
    if (ch.is_archived) throw new ApiError('is_archived');
    if (ch.is_im) return;
    if (!ch.is_member) {
      if (ch.is_private) throw new ApiError('channel_not_found');
      if (!opts.chatWritePublic) throw new ApiError('not_in_channel');
    }
  }

  // --- reactions --------------------------------------------------------------------------------------

  const reactions = new Map<string, Map<string, string[]>>();

  function reactionsOf(channel: string, ts: string): Map<string, string[]> {
    const key = `${channel}:${ts}`;
    let r = reactions.get(key);
    if (!r) {
      r = new Map();
      reactions.set(key, r);
    }
    return r;
  }

  function syncReactions(channel: string, ts: string): void {
    const m = findMessage(channel, ts);
    if (!m) return;
    const r = reactionsOf(channel, ts);
    const list = [...r.entries()]
      .filter(([, us]) => us.length > 0)
      .map(([name, us]) => ({ name, users: [...us], count: us.length }));
    if (list.length) m.reactions = list;
    else delete m.reactions;
  }

  // --- views ------------------------------------------------------------------------------------------

  function makeView(view: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
    const id = (extra.id as string | undefined) ?? randomId('V');
    return {
      id,
      team_id: teamId,
      type: view.type,
      blocks: view.blocks ?? [],
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: view.title,
      clear_on_close: view.clear_on_close ?? false,
      notify_on_close: view.notify_on_close ?? false,
      close: view.close ?? null,
      submit: view.submit ?? null,
      previous_view_id: null,
      root_view_id: id,
      app_id: appId,
      external_id: view.external_id ?? '',
      app_installed_team_id: teamId,
      bot_id: botId,
      ...extra,
    };
  }

  /**
   * Like Slack: a trigger_id looks like `12345.98765.abcd2358fdea` (else invalid_trigger_id), is exchanged
   * once (exchanged_trigger_id) and within 3 s of being issued (expired_trigger_id). The fake knows when only
   * for ids from `fake.triggerId()`; in strict mode other ids are invalid, otherwise they never expire.
   */
  function exchangeTrigger(args: Record<string, unknown>): void {
    const trigger = str(args.trigger_id);
    if (!trigger) {
      if (!str(args.interactivity_pointer)) throw new ApiError('invalid_arguments');
      return;
    }
    if (!/^\d+\.\d+\.[0-9a-f]+$/.test(trigger)) throw new ApiError('invalid_trigger_id');
    if (exchangedTriggers.has(trigger)) throw new ApiError('exchanged_trigger_id');
    const issued = issuedTriggers.get(trigger);
    if (issued === undefined && strict) throw new ApiError('invalid_trigger_id');
    if (issued !== undefined && Date.now() - issued > TRIGGER_TTL_MS)
      throw new ApiError('expired_trigger_id');
    exchangedTriggers.add(trigger);
  }

  function viewArg(args: Record<string, unknown>): Record<string, unknown> {
    const view = args.view;
    if (!view || typeof view !== 'object') throw new ApiError('invalid_arguments');
    if (validate) {
      const problems = checkView(view);
      if (problems.length)
        throw new ApiError('invalid_arguments', {
          response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
        });
    }
    return view as Record<string, unknown>;
  }

  // --- users ------------------------------------------------------------------------------------------

  function userInfo(id: string): Record<string, unknown> {
    const cfg = users.get(id);
    if (!cfg && strict && id !== botUserId) throw new ApiError('user_not_found');
    const isBot = id === botUserId || cfg?.is_bot === true;
    const name = cfg?.name ?? (id === botUserId ? botName : `user-${id.toLowerCase()}`);
    const realName = cfg?.real_name ?? name;
    const { name: _n, real_name: _r, ...rest } = cfg ?? {};
    return {
      id,
      team_id: teamId,
      name,
      deleted: false,
      real_name: realName,
      tz: 'Europe/London',
      tz_label: 'Greenwich Mean Time',
      tz_offset: 0,
      is_admin: false,
      is_owner: false,
      is_bot: isBot,
      is_app_user: false,
      updated: 1_700_000_000,
      profile: {
        real_name: realName,
        display_name: name,
        real_name_normalized: realName,
        display_name_normalized: name,
        team: teamId,
        ...(isBot ? { bot_id: botId, api_app_id: appId } : {}),
      },
      ...rest,
    };
  }

  // --- method handlers --------------------------------------------------------------------------------

  type Handler = (args: Record<string, unknown>, call: SlackCall) => Record<string, unknown>;

  const handlers: Record<string, Handler> = {
    'auth.test': () => ({
      url: teamUrl,
      team: teamName,
      user: botName,
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      ...(current.enterprise ? { enterprise_id: current.enterprise.id } : {}),
      is_enterprise_install: current.orgWide === true,
    }),

    'auth.revoke': (args, call) => {
      if (!truthy(args.test) && call.token) revoked.add(call.token);
      return { revoked: true };
    },

    'chat.postMessage': (args) => {
      const ch = channelFor(args.channel);
      canPost(ch);
      validateMessageArgs(args);
      const ts = nextTs();
      const content: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(args)) if (!TRANSPORT_ARGS.has(k)) content[k] = v;
      const message: SlackMessage = {
        ...content,
        text: typeof args.text === 'string' ? args.text : '',
        type: 'message',
        user: botUserId,
        bot_id: botId,
        app_id: appId,
        team: teamId,
        ts,
        bot_profile: botProfile(),
      };
      if (message.thread_ts === undefined) delete message.thread_ts;
      insertMessage(ch.id, message);
      if (message.thread_ts !== undefined) attachReply(ch.id, message);
      return { channel: ch.id, ts, message: clone(message) };
    },

    'chat.postEphemeral': (args) => {
      const ch = channelFor(args.channel);
      const user = str(args.user);
      if (!user) throw new ApiError('user_not_in_channel');
      // Slack only shows it to a member; the fake can tell for channels whose members were set.
      if (!ch.is_im && ch.members.length > 0 && !ch.members.includes(user))
        throw new ApiError('user_not_in_channel');
      canPost(ch);
      validateMessageArgs(args);
      return { message_ts: nextTs() };
    },

    'chat.delete': (args) => {
      const ch = channelFor(args.channel);
      const ts = str(args.ts);
      const list = messagesByChannel.get(ch.id) ?? [];
      const i = list.findIndex((m) => m.ts === ts);
      if (i === -1) {
        if (strict) throw new ApiError('message_not_found');
      } else {
        const m = list[i] as SlackMessage;
        if (m.user !== botUserId && m.bot_id !== botId) throw new ApiError('cant_delete_message');
        list.splice(i, 1);
      }
      return { channel: ch.id, ts };
    },

    'reactions.add': (args) => {
      const ch = channelFor(args.channel);
      const ts = str(args.timestamp);
      const name = str(args.name);
      if (!name) throw new ApiError('invalid_name');
      if (!ts) throw new ApiError('no_item_specified');
      if (!findMessage(ch.id, ts) && strict) throw new ApiError('message_not_found');
      if (ch.is_private && !ch.is_member) throw new ApiError('channel_not_found');
      const r = reactionsOf(ch.id, ts);
      const us = r.get(name) ?? [];
      if (us.includes(botUserId)) throw new ApiError('already_reacted');
      us.push(botUserId);
      r.set(name, us);
      syncReactions(ch.id, ts);
      return {};
    },

    'conversations.join': (args) => {
      const ch = channelFor(args.channel);
      if (ch.is_private || ch.is_im) throw new ApiError('method_not_supported_for_channel_type');
      if (ch.is_archived) throw new ApiError('is_archived');
      const already = ch.is_member;
      ch.is_member = true;
      const result: Record<string, unknown> = { channel: channelInfo(ch) };
      if (already) {
        result.warning = 'already_in_channel';
        result.response_metadata = { warnings: ['already_in_channel'] };
      }
      return result;
    },

    'conversations.info': (args) => ({ channel: channelInfo(visibleChannel(args.channel)) }),

    'conversations.open': (args) => {
      const ids = (str(args.users) ?? '').split(',').filter(Boolean);
      if (str(args.channel)) return { channel: { id: channelFor(args.channel).id } };
      const first = ids[0];
      if (!first) throw new ApiError('users_list_not_supplied');
      if (ids.length === 1) {
        const ch = channelFor(first);
        return truthy(args.return_im) ? { channel: channelInfo(ch) } : { channel: { id: ch.id } };
      }
      const id = `G${ids.join('').replace(/[UW]/g, '').slice(0, 10)}`;
      if (!channels.has(id))
        channels.set(id, {
          ...newChannel(id),
          name: `mpdm-${ids.join('--')}`,
          is_private: true,
          members: ids,
        });
      return { channel: { id } };
    },

    'users.conversations': (args) => {
      const user = str(args.user) ?? botUserId;
      const types = new Set((str(args.types) ?? 'public_channel').split(',').map((t) => t.trim()));
      const excludeArchived = truthy(args.exclude_archived);
      const list = [...channels.values()]
        .filter((ch) => ch.team === teamId)
        .filter((ch) => {
          if (ch.is_im) return types.has('im') && (ch.user === user || user === botUserId);
          if (ch.is_private) {
            if (!types.has('private_channel') && !types.has('mpim')) return false;
            if (!ch.is_member) return false; // invisible to the bot
          } else if (!types.has('public_channel')) return false;
          if (excludeArchived && ch.is_archived) return false;
          return user === botUserId ? ch.is_member : ch.members.includes(user);
        })
        .sort((a, b) => a.id.localeCompare(b.id));
      const { page, response_metadata } = paginate(list, args);
      return { channels: page.map(channelInfo), response_metadata };
    },

    'conversations.history': (args) => {
      const ch = visibleChannel(args.channel);
      if (!ch.is_member && !ch.is_im) throw new ApiError('not_in_channel');
      const includeMetadata = truthy(args.include_all_metadata);
      const inclusive = truthy(args.inclusive);
      const oldest =
        args.oldest !== undefined && args.oldest !== '' ? tsToMicros(String(args.oldest)) : undefined;
      const latest =
        args.latest !== undefined && args.latest !== '' ? tsToMicros(String(args.latest)) : undefined;
      const cursorTs = decodeCursor(args.cursor, 'next_ts');
      const cursor = cursorTs !== undefined ? BigInt(cursorTs) : undefined;
      let limit = intArg(args.limit, 100);
      if (limit <= 0) limit = 100;
      limit = Math.min(limit, 999);
      const candidates = [...(messagesByChannel.get(ch.id) ?? [])]
        .filter(isTopLevel)
        .filter((m) => {
          const t = tsToMicros(m.ts);
          if (oldest !== undefined && (inclusive ? t < oldest : t <= oldest)) return false;
          if (latest !== undefined && (inclusive ? t > latest : t >= latest)) return false;
          if (cursor !== undefined && t > cursor) return false;
          return true;
        })
        .reverse();
      const page = candidates.slice(0, limit);
      const rest = candidates[limit];
      return {
        messages: page.map((m) => visibleMessage(m, includeMetadata)),
        has_more: rest !== undefined,
        pin_count: 0,
        channel_actions_ts: null,
        channel_actions_count: 0,
        response_metadata: {
          next_cursor: rest ? encodeCursor('next_ts', tsToMicros(rest.ts).toString()) : '',
        },
      };
    },

    'conversations.replies': (args) => {
      const ch = visibleChannel(args.channel);
      const ts = str(args.ts);
      const includeMetadata = truthy(args.include_all_metadata);
      const m = findMessage(ch.id, ts);
      if (!m) {
        if (strict) throw new ApiError('thread_not_found');
        return { messages: [], has_more: false, response_metadata: { next_cursor: '' } };
      }
      let thread: SlackMessage[];
      if (m.thread_ts !== undefined && m.thread_ts !== m.ts) thread = [m];
      else thread = (messagesByChannel.get(ch.id) ?? []).filter((x) => x === m || x.thread_ts === m.ts);
      const oldest = args.oldest !== undefined ? tsToMicros(String(args.oldest)) : undefined;
      const latest = args.latest !== undefined ? tsToMicros(String(args.latest)) : undefined;
      const inclusive = truthy(args.inclusive);
      const filtered = thread.filter((x, i) => {
        if (i === 0) return true; // the parent is always returned
        const t = tsToMicros(x.ts);
        if (oldest !== undefined && (inclusive ? t < oldest : t <= oldest)) return false;
        if (latest !== undefined && (inclusive ? t > latest : t >= latest)) return false;
        return true;
      });
      const { page, response_metadata } = paginate(filtered, args, 1000);
      return {
        messages: page.map((x) => visibleMessage(x, includeMetadata)),
        has_more: response_metadata.next_cursor !== '',
        response_metadata,
      };
    },

    'users.info': (args) => {
      const id = str(args.user);
      if (!id) throw new ApiError('user_not_found');
      return { user: userInfo(id) };
    },

    'views.publish': (args) => {
      const userId = str(args.user_id);
      if (!userId) throw new ApiError('invalid_arguments');
      const view = viewArg(args);
      if (view.type !== 'home') throw new ApiError('invalid_arguments');
      const previous = homeViews.get(userId);
      if (args.hash !== undefined && previous && args.hash !== previous.hash)
        throw new ApiError('hash_conflict');
      const published = makeView(view, { id: (previous?.id as string | undefined) ?? randomId('V') });
      homeViews.set(userId, published);
      return { view: clone(published) };
    },

    'views.open': (args) => {
      exchangeTrigger(args);
      const view = makeView(viewArg(args), {});
      modalViews.set(view.id as string, view);
      return { view: clone(view) };
    },

    'views.push': (args) => {
      exchangeTrigger(args);
      const view = makeView(viewArg(args), {});
      modalViews.set(view.id as string, view);
      return { view: clone(view) };
    },

    'views.update': (args) => {
      const incoming = viewArg(args);
      const viewId = str(args.view_id);
      const externalId = str(args.external_id);
      let existing: Record<string, unknown> | undefined;
      if (viewId) existing = modalViews.get(viewId) ?? [...homeViews.values()].find((v) => v.id === viewId);
      else if (externalId) existing = [...modalViews.values()].find((v) => v.external_id === externalId);
      else throw new ApiError('invalid_arguments');
      if (!existing && strict) throw new ApiError('not_found');
      if (existing && args.hash !== undefined && args.hash !== existing.hash)
        throw new ApiError('hash_conflict');
      const id = (existing?.id as string | undefined) ?? viewId ?? randomId('V');
      const view = makeView(incoming, { id });
      if (existing && existing.type === 'home') {
        for (const [user, v] of homeViews) if (v.id === id) homeViews.set(user, view);
      } else modalViews.set(id, view);
      return { view: clone(view) };
    },

    'files.getUploadURLExternal': (args) => {
      const filename = str(args.filename);
      if (!filename) throw new ApiError('invalid_arguments');
      const length = args.length === undefined ? undefined : Number(args.length);
      if (length === undefined || !Number.isFinite(length) || length <= 0)
        throw new ApiError('invalid_arguments');
      const id = randomId('F');
      pendingFiles.set(id, { id, filename, length, alt_text: str(args.alt_text) });
      return { upload_url: `${origin}/upload/${id}`, file_id: id };
    },

    'files.completeUploadExternal': (args) => {
      const files = args.files;
      if (!Array.isArray(files) || files.length === 0) throw new ApiError('invalid_arguments');
      const channelId = str(args.channel_id) ?? str(args.channels);
      const ch = channelId ? channelFor(channelId) : undefined;
      if (ch) canPost(ch);
      const done: Record<string, unknown>[] = [];
      const shared: FakeUpload[] = [];
      for (const f of files as { id?: string; title?: string }[]) {
        const pending = f.id ? pendingFiles.get(f.id) : undefined;
        if (!pending?.bytes) throw new ApiError('file_not_found');
        const title = f.title ?? pending.filename;
        shared.push({
          fileId: pending.id,
          filename: pending.filename,
          title,
          channel: ch?.id,
          threadTs: str(args.thread_ts),
          initialComment: str(args.initial_comment),
          altText: pending.alt_text,
          declaredLength: pending.length,
          bytes: pending.bytes,
          at: new Date(),
        });
        done.push({
          id: pending.id,
          created: Math.floor(Date.now() / 1000),
          name: pending.filename,
          title,
          mimetype: '',
          filetype: pending.filename.split('.').pop() ?? '',
          user: botUserId,
          size: pending.bytes.length,
          url_private: `${origin}/files-pri/${teamId}-${pending.id}/${encodeURIComponent(pending.filename)}`,
          permalink: `${teamUrl}files/${botUserId}/${pending.id}/${encodeURIComponent(pending.filename)}`,
        });
      }
      for (const s of shared) pendingFiles.delete(s.fileId);
      uploads.push(...shared);
      if (ch) {
        const ts = nextTs();
        const message: SlackMessage = {
          type: 'message',
          text: str(args.initial_comment) ?? '',
          files: clone(done),
          upload: true,
          user: botUserId,
          bot_id: botId,
          team: teamId,
          ts,
          display_as_bot: false,
        };
        const threadTs = str(args.thread_ts);
        if (threadTs) message.thread_ts = threadTs;
        insertMessage(ch.id, message);
        if (threadTs) attachReply(ch.id, message);
      }
      return { files: done };
    },

    'files.info': (args) => {
      const id = str(args.file);
      if (!id) throw new ApiError('invalid_arguments');
      const f = files.get(id);
      // The bot sees a file where it is: its direct messages, and channels it is a member of.
      const ch = f ? channels.get(f.channel) : undefined;
      const visible = f && (f.channel.startsWith('D') || ch?.is_member === true);
      if (!f || !visible) throw new ApiError('file_not_found');
      return { file: files.info(f), comments: [], response_metadata: { next_cursor: '' } };
    },

    'apps.connections.open': () => {
      if (!socketUrl) throw new ApiError('fake_socket_url_not_set');
      return { url: socketUrl };
    },
  };

  // --- dispatch ---------------------------------------------------------------------------------------

  function takeFault(method: string): Fault | undefined {
    for (const key of [method, '*']) {
      const queue = faults.get(key);
      const entry = queue?.[0];
      if (queue && entry) {
        entry.remaining -= 1;
        if (entry.remaining <= 0) queue.shift();
        return entry.fault;
      }
    }
    return undefined;
  }

  function delayFor(method: string): number {
    return delays.get(method) ?? delays.get('*') ?? 0;
  }

  function checkToken(method: string, token: string | undefined): void {
    if (!token) throw new ApiError('not_authed');
    if (revoked.has(token)) throw new ApiError('token_revoked');
    if (opts.validTokens && !opts.validTokens.includes(token)) throw new ApiError('invalid_auth');
    const isAppToken = token.startsWith('xapp-');
    if (method.startsWith('apps.connections.')) {
      if (!isAppToken) throw new ApiError('not_allowed_token_type');
    } else if (isAppToken && method !== 'auth.test') throw new ApiError('not_allowed_token_type');
  }

  function apply(call: SlackCall): Record<string, unknown> {
    try {
      // oauth.v2.access is the one method that takes the app's credentials instead of a token.
      if (call.method === 'oauth.v2.access') {
        return { ok: true, ...installs.access(call.args, call.headers.authorization) };
      }
      checkToken(call.method, call.token);
      const handler = handlers[call.method];
      const owner = (call.token && tokenOwners.get(call.token)) || home;
      // Only the methods the app calls are modelled (src/slack/surface.ts lists them); Slack's answer to others.
      if (!handler) throw new ApiError('unknown_method');
      const result = asWorkspace(owner, () => handler(call.args, call));
      return { ok: true, ...result };
    } catch (e) {
      if (e instanceof ApiError || e instanceof FakeApiError) {
        return { ok: false, error: e.code, ...(e instanceof ApiError ? e.extra : {}) };
      }
      return { ok: false, error: 'fatal_error', detail: String(e) };
    }
  }

  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): { status: number; body: unknown } {
    if (res.destroyed || res.writableEnded) return { status, body };
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type':
        typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
    return { status, body };
  }

  function faultAnswer(res: ServerResponse, fault: Fault): { status: number; body: unknown } | undefined {
    if (fault.body !== undefined) return send(res, fault.status ?? 200, fault.body);
    if (fault.status === 429) {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      return send(res, 429, { ok: false, error: 'ratelimited' }, headers);
    }
    if (fault.status !== undefined && fault.status !== 200)
      return send(res, fault.status, { ok: false, error: `http_${fault.status}` });
    if (fault.error !== undefined) return send(res, 200, { ok: false, error: fault.error });
    return undefined;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  function notify(call: SlackCall): void {
    const still: Waiter[] = [];
    for (const w of waiters) {
      if (w.method === call.method && (!w.predicate || w.predicate(call))) w.resolve(call);
      else still.push(w);
    }
    waiters = still;
  }

  function summarize(call: SlackCall): string {
    const a = { ...call.args };
    delete a.token;
    let text = JSON.stringify(a);
    if (text.length > 160) text = `${text.slice(0, 157)}...`;
    return `#${call.seq} ${call.method} ${text}${call.response ? ` → ${call.response.status} ${JSON.stringify((call.response.body as { error?: string })?.error ?? 'ok')}` : ''}`;
  }

  function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  function parseArgs(raw: Buffer, contentType: string, url: URL): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    for (const [k, v] of url.searchParams) args[k] = parseFormValue(k, v);
    const ct = contentType.toLowerCase();
    if (ct.includes('application/json')) {
      const text = raw.toString('utf8');
      if (text.trim()) {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(args, parsed);
      }
    } else if (ct.includes('multipart/form-data')) {
      for (const part of parseMultipart(raw, contentType)) {
        if (!part.name) continue;
        args[part.name] =
          part.filename !== undefined ? part.data : parseFormValue(part.name, part.data.toString('utf8'));
      }
    } else {
      for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) args[k] = parseFormValue(k, v);
    }
    return args;
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
  ): Promise<void> {
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    let args: Record<string, unknown>;
    try {
      args = parseArgs(raw, contentType, url);
    } catch {
      send(res, 200, { ok: false, error: 'invalid_json' });
      return;
    }
    const auth = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
    const token = auth || str(args.token);
    const call: SlackCall = {
      seq: ++seq,
      method,
      args,
      token,
      at: new Date(),
      headers: req.headers,
      contentType,
      rawBody: contentType.includes('multipart/') ? `<multipart ${raw.length} bytes>` : raw.toString('utf8'),
    };
    calls.push(call);
    const fault = takeFault(method);
    const delay = (fault?.delayMs ?? 0) + delayFor(method);
    // No await between recording and applying (when there is no delay): a waitFor() continuation then
    // already sees the call's effect (e.g. the message in history).
    notify(call);
    if (delay > 0) await sleep(delay);
    let answer: { status: number; body: unknown } | undefined;
    if (fault?.drop) {
      req.socket.destroy();
      answer = { status: 0, body: 'dropped' };
    } else if (
      fault &&
      (fault.status !== undefined || fault.error !== undefined || fault.body !== undefined)
    ) {
      if (fault.butApply) apply(call);
      answer = faultAnswer(res, fault);
    }
    if (!answer) answer = send(res, 200, apply(call));
    call.response = { ...answer, at: new Date() };
    if (log) process.stderr.write(`[slack-fake] ${summarize(call)}\n`);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> {
    const raw = await readBody(req);
    const fault = takeFault('upload');
    const delay = (fault?.delayMs ?? 0) + delayFor('upload');
    if (delay > 0) await sleep(delay);
    if (fault?.drop) {
      req.socket.destroy();
      return;
    }
    const pending = pendingFiles.get(fileId);
    const contentType = String(req.headers['content-type'] ?? '');
    let bytes = raw;
    if (contentType.toLowerCase().includes('multipart/form-data')) {
      const parts = parseMultipart(raw, contentType);
      const filePart = parts.find((p) => p.filename !== undefined) ?? parts[0];
      bytes = filePart ? filePart.data : Buffer.alloc(0);
    }
    if (fault && (fault.status !== undefined || fault.error !== undefined || fault.body !== undefined)) {
      if (fault.butApply && pending) pending.bytes = bytes;
      faultAnswer(res, fault);
      return;
    }
    if (!pending) {
      send(res, 404, 'file not found');
      return;
    }
    pending.bytes = bytes;
    send(res, 200, `OK - ${bytes.length}`);
  }

  async function handleResponseUrl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = await readBody(req);
    const fault = takeFault('response_url');
    const delay = (fault?.delayMs ?? 0) + delayFor('response_url');
    if (delay > 0) await sleep(delay);
    if (fault?.drop) {
      req.socket.destroy();
      return;
    }
    const rawBody = raw.toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = parseArgs(raw, String(req.headers['content-type'] ?? 'application/json'), new URL('http://x/'));
    } catch {
      body = { _unparsed: rawBody };
    }
    const post: ResponseUrlPost = {
      path: url.pathname,
      url: `${origin}${url.pathname}`,
      body,
      rawBody,
      at: new Date(),
    };
    if (fault && (fault.status !== undefined || fault.error !== undefined || fault.body !== undefined)) {
      if (fault.butApply) responses.push(post);
      faultAnswer(res, fault);
      return;
    }
    responses.push(post);
    const still: typeof responseWaiters = [];
    for (const w of responseWaiters) {
      if (!w.predicate || w.predicate(post)) w.resolve(post);
      else still.push(w);
    }
    responseWaiters = still;
    send(res, 200, { ok: true });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const done = (p: Promise<void>) =>
      p.catch((e: unknown) => {
        if (!res.headersSent) send(res, 500, { ok: false, error: 'fake_crashed', detail: String(e) });
      });
    if (req.method === 'POST' && path.startsWith('/api/')) {
      const method = decodeURIComponent(path.slice('/api/'.length)).replace(/\/+$/, '');
      if (!method) {
        send(res, 404, { ok: false, error: 'unknown_method' });
        return;
      }
      void done(handleApi(req, res, method, url));
      return;
    }
    if (req.method === 'POST' && path.startsWith('/upload/')) {
      void done(handleUpload(req, res, decodeURIComponent(path.slice('/upload/'.length))));
      return;
    }
    if (req.method === 'POST' && path.startsWith('/hooks/')) {
      void done(handleResponseUrl(req, res, url));
      return;
    }
    if (req.method === 'GET' && path.startsWith('/files-pri/')) {
      const token = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
      let authorized = false;
      try {
        checkToken('files.info', token);
        authorized = true;
      } catch {
        authorized = false;
      }
      files.serve(path, authorized, res);
      return;
    }
    send(res, 404, { ok: false, error: 'not_found', path });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  function listCalls(): string {
    if (calls.length === 0) return '  (no calls at all)';
    return calls.map((c) => `  ${summarize(c)}`).join('\n');
  }

  const fake: SlackFake = {
    url: `${origin}/api/`,
    origin,
    port,
    teamId,
    botUserId,
    botId,
    appId,

    calls(method) {
      return method === undefined ? [...calls] : calls.filter((c) => c.method === method);
    },

    waitFor(method, predicate, timeoutMs = 5000) {
      const existing = calls.find((c) => c.method === method && (!predicate || predicate(c)));
      if (existing) return Promise.resolve(existing);
      return new Promise<SlackCall>((resolve, reject) => {
        const waiter: Waiter = {
          method,
          predicate,
          resolve: (c) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(
            new Error(
              `slack-fake: no ${method} call${predicate ? ' matching the predicate' : ''} within ${timeoutMs} ms. Calls seen:\n${listCalls()}`,
            ),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },

    async waitForCalls(method, count, timeoutMs = 5000, predicate) {
      const matching = () => calls.filter((c) => c.method === method && (!predicate || predicate(c)));
      const deadline = Date.now() + timeoutMs;
      while (matching().length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `slack-fake: expected ${count} ${method} call(s), saw ${matching().length} within ${timeoutMs} ms. Calls seen:\n${listCalls()}`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
      return matching();
    },

    reset() {
      calls = [];
      faults = new Map();
      delays = new Map();
      messagesByChannel = new Map();
      reactions.clear();
      homeViews = new Map();
      modalViews = new Map();
      issuedTriggers = new Map();
      exchangedTriggers = new Set();
      pendingFiles = new Map();
      uploads = [];
      files.reset();
      responses = [];
      responseWaiters = [];
      installs.reset();
    },

    failNext(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      queue.push({ fault, remaining: times });
      faults.set(method, queue);
    },

    setDelay(method, ms) {
      if (ms > 0) delays.set(method, ms);
      else delays.delete(method);
    },

    setChannel,

    setUser(id, config) {
      users.set(id, { ...users.get(id), ...config });
    },

    setSocketUrl(url) {
      socketUrl = url;
    },

    revokeToken(token) {
      revoked.add(token);
    },

    addWorkspace(ws) {
      const added: FakeWorkspace = {
        teamName: `Team ${ws.teamId}`,
        teamDomain: ws.teamId.toLowerCase(),
        botUserId: `UBOT${ws.teamId}`,
        botId: `BBOT${ws.teamId}`,
        ...ws,
      };
      workspaces.set(added.teamId, added);
      return added;
    },

    approveInstall(authorizeUrl, approval = {}) {
      return installs.approveInstall(authorizeUrl, approval);
    },

    teamOfToken(token) {
      return token === undefined ? undefined : tokenOwners.get(token)?.teamId;
    },

    messages(channel) {
      return clone(messagesByChannel.get(channel) ?? []);
    },

    addMessage(channel, message) {
      const ch = channelFor(channel, { create: true });
      const ts = typeof message.ts === 'string' ? message.ts : nextTs();
      const m: SlackMessage = { type: 'message', text: '', user: 'U0', team: teamId, ...message, ts };
      insertMessage(ch.id, m);
      if (typeof m.thread_ts === 'string' && m.thread_ts !== ts) attachReply(ch.id, m);
      return ts;
    },

    homeView(userId) {
      const v = homeViews.get(userId);
      return v ? clone(v) : undefined;
    },

    views() {
      return [...modalViews.values()].map(clone);
    },

    triggerId() {
      const id = `${Date.now()}.${randomBytes(5).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
      issuedTriggers.set(id, Date.now());
      return id;
    },

    uploads() {
      return [...uploads];
    },

    responseUrl() {
      responseUrlCounter += 1;
      return `${origin}/hooks/commands/${teamId}/${1000 + responseUrlCounter}/${randomBytes(12).toString('hex')}`;
    },

    responses() {
      return [...responses];
    },

    waitForResponse(predicate, timeoutMs = 5000) {
      const existing = responses.find((r) => !predicate || predicate(r));
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const w = {
          predicate,
          resolve: (r: ResponseUrlPost) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          responseWaiters = responseWaiters.filter((x) => x !== w);
          const seen =
            responses.map((r) => `  ${r.path} ${r.rawBody.slice(0, 160)}`).join('\n') || '  (none)';
          reject(new Error(`slack-fake: no response_url post within ${timeoutMs} ms. Posts seen:\n${seen}`));
        }, timeoutMs);
        responseWaiters.push(w);
      });
    },

    nextTs,

    shareFile(o) {
      if (o.channel.startsWith('D')) channelFor(o.channel, { create: true });
      const f = files.share(o);
      return { id: f.id, file: files.info(f) };
    },

    downloads() {
      return files.downloads();
    },

    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
