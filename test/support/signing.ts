/**
 * Signed requests to the app's Bolt HTTP receiver, and builders for realistic Slack request bodies
 * (slash commands, Events API envelopes and events, interactivity payloads).
 *
 * Shapes follow docs.slack.dev (event_callback wrapper with `authorizations`, slash command form fields,
 * block_actions payloads). Defaults match the Web API fake: team T1 "team-one", bot user UBOT, app A0LVM.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

export const DEFAULTS = {
  teamId: 'T1',
  teamDomain: 'team-one',
  appId: 'A0LVM',
  botUserId: 'UBOT',
  botId: 'BBOT',
  channelId: 'C1',
  channelName: 'general',
  userId: 'U1',
  userName: 'user1',
  command: '/lead-vs-manage',
  /** The deprecated verification token Slack still sends in every payload. */
  verificationToken: 'fakeVerificationToken0',
} as const;

// ---------------------------------------------------------------------------------------------------------
// Signing

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
  [key: string]: string;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Slack's v0 request signature: `v0=` + hex HMAC-SHA256(secret, `v0:${ts}:${body}`). */
export function sign(secret: string, body: string, timestamp: number = nowSeconds()): SlackSignatureHeaders {
  const hmac = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${hmac}`, 'x-slack-request-timestamp': String(timestamp) };
}

export interface PostSignedOptions {
  secret: string;
  /** Default: application/json when the body is JSON (`{...}`, `null`, `[]`, ...), else application/x-www-form-urlencoded. */
  contentType?: string;
  /** Request timestamp in seconds (default now). Also what is signed. */
  timestamp?: number;
  /** Extra headers (override everything else). */
  headers?: Record<string, string>;
  /** Send this signature instead of the correct one; `false` sends no signature/timestamp headers at all. */
  signature?: string | false;
  /** Adds `X-Slack-Retry-Num`. */
  retryNum?: number;
  /** Adds `X-Slack-Retry-Reason` (e.g. 'http_timeout', 'http_error'). */
  retryReason?: string;
  method?: string;
  /** Abort after this long (default 15 s). */
  timeoutMs?: number;
}

export interface SignedResponse {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
  /** Wall time from sending to the end of the response body. */
  ms: number;
  /** `JSON.parse(body)`; throws on non-JSON. */
  json<T = unknown>(): T;
}

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });

function looksLikeJson(body: string): boolean {
  if (body.trim() === '') return false;
  try {
    JSON.parse(body);
    return !/^\s*-?\d/.test(body); // a bare number reads as a form key just as well
  } catch {
    return false;
  }
}

export function postSigned(url: string, body: string, opts: PostSignedOptions): Promise<SignedResponse> {
  const timestamp = opts.timestamp ?? nowSeconds();
  const contentType =
    opts.contentType ?? (looksLikeJson(body) ? 'application/json' : 'application/x-www-form-urlencoded');
  const headers: Record<string, string> = {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(body)),
  };
  if (opts.signature !== false) {
    Object.assign(headers, sign(opts.secret, body, timestamp));
    if (opts.signature !== undefined) headers['x-slack-signature'] = opts.signature;
  }
  if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers['x-slack-retry-reason'] = opts.retryReason;
  Object.assign(headers, opts.headers);
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  const agent = target.protocol === 'https:' ? httpsAgent : httpAgent;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = lib.request(
      target,
      { method: opts.method ?? 'POST', headers, agent, timeout: opts.timeoutMs ?? 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            headers: res.headers,
            ms: performance.now() - started,
            json: <T>() => JSON.parse(text) as T,
          });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`postSigned: no response from ${url} within ${opts.timeoutMs ?? 15_000} ms`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Ids

const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

/** Looks like Slack's: `398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c`. */
function triggerId(): string {
  return `${digits(12)}.${digits(11)}.${randomBytes(16).toString('hex')}`;
}

export function eventId(): string {
  return `Ev${randomBytes(5).toString('hex').toUpperCase()}`;
}

let lastNowMicros = 0;

/**
 * A plausible message ts. Without a date: now, and strictly later than the previous one made in this
 * process, as Slack's own are (so an add made before a remove sorts before it).
 */
export function makeTs(date?: Date): string {
  if (date) return `${Math.floor(date.getTime() / 1000)}.${digits(6)}`;
  const micros = Math.max(Date.now() * 1000, lastNowMicros + 1);
  lastNowMicros = micros;
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Slash commands

export interface SlashCommandOptions {
  team_id?: string;
  team_domain?: string;
  channel_id?: string;
  channel_name?: string;
  user_id?: string;
  user_name?: string;
  text?: string;
  command?: string;
  /** Where `respond()` posts. Use `fake.responseUrl()` so the post lands in the Web API fake. */
  response_url?: string;
  trigger_id?: string;
  api_app_id?: string;
  enterprise_id?: string;
  enterprise_name?: string;
  token?: string;
}

/** The fields Slack sends for a slash command (all strings), as an object: Socket Mode's `payload`. */
export function slashCommandPayload(o: SlashCommandOptions = {}): Record<string, string> {
  const teamId = o.team_id ?? DEFAULTS.teamId;
  const payload: Record<string, string> = {
    token: o.token ?? DEFAULTS.verificationToken,
    team_id: teamId,
    team_domain: o.team_domain ?? DEFAULTS.teamDomain,
    channel_id: o.channel_id ?? DEFAULTS.channelId,
    channel_name: o.channel_name ?? DEFAULTS.channelName,
    user_id: o.user_id ?? DEFAULTS.userId,
    user_name: o.user_name ?? DEFAULTS.userName,
    command: o.command ?? DEFAULTS.command,
    text: o.text ?? '',
    api_app_id: o.api_app_id ?? DEFAULTS.appId,
    is_enterprise_install: 'false',
    response_url:
      o.response_url ??
      `https://hooks.slack.com/commands/${teamId}/${digits(12)}/${randomBytes(12).toString('hex')}`,
    trigger_id: o.trigger_id ?? triggerId(),
  };
  if (o.enterprise_id !== undefined) payload.enterprise_id = o.enterprise_id;
  if (o.enterprise_name !== undefined) payload.enterprise_name = o.enterprise_name;
  return payload;
}

/** The form-encoded body Slack POSTs for a slash command. */
export function slashCommandBody(o: SlashCommandOptions = {}): string {
  return new URLSearchParams(slashCommandPayload(o)).toString();
}

// ---------------------------------------------------------------------------------------------------------
// Events API

export interface EventEnvelopeOptions {
  team_id?: string;
  event_id?: string;
  /** Seconds. */
  event_time?: number;
  api_app_id?: string;
  authorizations?: Array<Record<string, unknown>>;
  /** Bot user id used in the default `authorizations`. */
  bot_user_id?: string;
  token?: string;
  is_ext_shared_channel?: boolean;
}

export type SlackEvent = Record<string, unknown> & { type: string };

/** An `event_callback` envelope as an object (Socket Mode's `payload`, or JSON-encode it for HTTP). */
export function eventEnvelope(event: SlackEvent, o: EventEnvelopeOptions = {}): Record<string, unknown> {
  const teamId = o.team_id ?? DEFAULTS.teamId;
  return {
    token: o.token ?? DEFAULTS.verificationToken,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: o.api_app_id ?? DEFAULTS.appId,
    event,
    type: 'event_callback',
    event_id: o.event_id ?? eventId(),
    event_time: o.event_time ?? nowSeconds(),
    authorizations: o.authorizations ?? [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: o.bot_user_id ?? DEFAULTS.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: o.is_ext_shared_channel ?? false,
    event_context: `4-${Buffer.from(JSON.stringify({ et: event.type, tid: teamId, aid: o.api_app_id ?? DEFAULTS.appId })).toString('base64url')}`,
  };
}

/** The JSON body Slack POSTs for an event. */
export function eventBody(event: SlackEvent, o: EventEnvelopeOptions = {}): string {
  return JSON.stringify(eventEnvelope(event, o));
}

export interface ReactionOptions {
  user?: string;
  reaction: string;
  channel?: string;
  /** ts of the message reacted to. */
  ts: string;
  /** Author of the message reacted to (the bot for our prompts). */
  item_user?: string;
  event_ts?: string;
}

export function reactionAdded(o: ReactionOptions): SlackEvent {
  return {
    type: 'reaction_added',
    user: o.user ?? DEFAULTS.userId,
    reaction: o.reaction,
    item_user: o.item_user ?? DEFAULTS.botUserId,
    item: { type: 'message', channel: o.channel ?? DEFAULTS.channelId, ts: o.ts },
    event_ts: o.event_ts ?? makeTs(),
  };
}

export function reactionRemoved(o: ReactionOptions): SlackEvent {
  return { ...reactionAdded(o), type: 'reaction_removed' };
}

export interface MessageOptions {
  user?: string;
  channel?: string;
  text?: string;
  ts?: string;
  team?: string;
  channel_type?: 'channel' | 'group' | 'im' | 'mpim' | 'app_home';
  blocks?: unknown[];
}

/** A plain user message (as delivered by message.channels). */
export function userMessage(o: MessageOptions = {}): SlackEvent {
  const ts = o.ts ?? makeTs();
  const text = o.text ?? 'hello';
  return {
    client_msg_id: randomUUID(),
    type: 'message',
    text,
    user: o.user ?? DEFAULTS.userId,
    ts,
    blocks: o.blocks ?? richTextBlocks(text),
    team: o.team ?? DEFAULTS.teamId,
    channel: o.channel ?? DEFAULTS.channelId,
    event_ts: ts,
    channel_type: o.channel_type ?? 'channel',
  };
}

export function threadReply(o: MessageOptions & { thread_ts: string; parent_user_id?: string }): SlackEvent {
  return {
    ...userMessage(o),
    thread_ts: o.thread_ts,
    parent_user_id: o.parent_user_id ?? DEFAULTS.botUserId,
  };
}

function richTextBlocks(text: string): unknown[] {
  return [
    {
      type: 'rich_text',
      block_id: randomBytes(3).toString('base64url'),
      elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
    },
  ];
}

export interface MessageChangedOptions {
  channel?: string;
  user?: string;
  /** ts of the edited message. */
  ts: string;
  text: string;
  previous_text?: string;
  thread_ts?: string;
  /** When the edit happened (also the event's own ts). */
  edited_ts?: string;
  channel_type?: MessageOptions['channel_type'];
}

export function messageChanged(o: MessageChangedOptions): SlackEvent {
  const user = o.user ?? DEFAULTS.userId;
  const editTs = o.edited_ts ?? makeTs();
  const base = {
    type: 'message',
    user,
    team: DEFAULTS.teamId,
    ts: o.ts,
    ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}),
  };
  return {
    type: 'message',
    subtype: 'message_changed',
    message: {
      ...base,
      text: o.text,
      blocks: richTextBlocks(o.text),
      edited: { user, ts: editTs },
      source_team: DEFAULTS.teamId,
      user_team: DEFAULTS.teamId,
    },
    previous_message: { ...base, text: o.previous_text ?? '', blocks: richTextBlocks(o.previous_text ?? '') },
    channel: o.channel ?? DEFAULTS.channelId,
    hidden: true,
    ts: editTs,
    event_ts: editTs,
    channel_type: o.channel_type ?? 'channel',
  };
}

export interface MessageDeletedOptions {
  channel?: string;
  user?: string;
  /** ts of the deleted message. */
  deleted_ts: string;
  previous_text?: string;
  thread_ts?: string;
  event_ts?: string;
  channel_type?: MessageOptions['channel_type'];
}

export function messageDeleted(o: MessageDeletedOptions): SlackEvent {
  const eventTs = o.event_ts ?? makeTs();
  return {
    type: 'message',
    subtype: 'message_deleted',
    previous_message: {
      type: 'message',
      user: o.user ?? DEFAULTS.userId,
      text: o.previous_text ?? '',
      ts: o.deleted_ts,
      team: DEFAULTS.teamId,
      ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}),
    },
    channel: o.channel ?? DEFAULTS.channelId,
    hidden: true,
    deleted_ts: o.deleted_ts,
    event_ts: eventTs,
    ts: eventTs,
    channel_type: o.channel_type ?? 'channel',
  };
}

export interface AppHomeOpenedOptions {
  user?: string;
  /** The app's DM channel with the user. */
  channel?: string;
  tab?: 'home' | 'messages';
  /** The view currently published, if any (Slack includes it for tab 'home' once one exists). */
  view?: Record<string, unknown>;
  event_ts?: string;
}

export function appHomeOpened(o: AppHomeOpenedOptions = {}): SlackEvent {
  const user = o.user ?? DEFAULTS.userId;
  const event: SlackEvent = {
    type: 'app_home_opened',
    user,
    channel: o.channel ?? `D${user.replace(/^[UW]/, '')}`,
    tab: o.tab ?? 'home',
    event_ts: o.event_ts ?? makeTs(),
  };
  if (o.view) event.view = o.view;
  return event;
}

export function appUninstalled(o: { event_ts?: string } = {}): SlackEvent {
  return { type: 'app_uninstalled', event_ts: o.event_ts ?? makeTs() };
}

export function tokensRevoked(o: { bot?: string[]; oauth?: string[]; event_ts?: string } = {}): SlackEvent {
  return {
    type: 'tokens_revoked',
    tokens: { oauth: o.oauth ?? [], bot: o.bot ?? [DEFAULTS.botUserId] },
    event_ts: o.event_ts ?? makeTs(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Interactivity

/** Any interactivity payload as Slack POSTs it: form body `payload=<json>`. */
export function interactiveBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Same as `interactiveBody`; named for the common case. */
export function blockActionsBody(payload: Record<string, unknown>): string {
  return interactiveBody(payload);
}

export interface BlockActionOptions {
  user_id?: string;
  user_name?: string;
  team_id?: string;
  action_id: string;
  block_id?: string;
  /** A button's value. */
  value?: string;
  /** The element type (default 'button'). */
  type?: string;
  /** Extra fields for the action (e.g. `selected_option`). */
  action?: Record<string, unknown>;
  /** A message container: the message the button is in. */
  channel_id?: string;
  channel_name?: string;
  message_ts?: string;
  message?: Record<string, unknown>;
  /** A view container (home tab or modal) instead of a message. */
  view?: Record<string, unknown>;
  response_url?: string;
  trigger_id?: string;
  state?: Record<string, unknown>;
}

/** A realistic `block_actions` payload (object). Encode with `blockActionsBody`. */
export function blockActionsPayload(o: BlockActionOptions): Record<string, unknown> {
  const teamId = o.team_id ?? DEFAULTS.teamId;
  const userId = o.user_id ?? DEFAULTS.userId;
  const actionTs = makeTs();
  const action = {
    type: o.type ?? 'button',
    action_id: o.action_id,
    block_id: o.block_id ?? randomBytes(3).toString('base64url'),
    ...(o.type === undefined || o.type === 'button'
      ? { text: { type: 'plain_text', text: o.value ?? o.action_id, emoji: true } }
      : {}),
    ...(o.value !== undefined ? { value: o.value } : {}),
    action_ts: actionTs,
    ...o.action,
  };
  const base: Record<string, unknown> = {
    type: 'block_actions',
    user: {
      id: userId,
      username: o.user_name ?? DEFAULTS.userName,
      name: o.user_name ?? DEFAULTS.userName,
      team_id: teamId,
    },
    api_app_id: DEFAULTS.appId,
    token: DEFAULTS.verificationToken,
    trigger_id: o.trigger_id ?? triggerId(),
    team: { id: teamId, domain: DEFAULTS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
  };
  if (o.view) {
    base.container = { type: 'view', view_id: o.view.id ?? 'V0' };
    base.view = o.view;
    base.state = o.state ?? { values: {} };
  } else {
    const channelId = o.channel_id ?? DEFAULTS.channelId;
    const messageTs = o.message_ts ?? (o.message?.ts as string | undefined) ?? makeTs();
    base.container = { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false };
    base.channel = { id: channelId, name: o.channel_name ?? DEFAULTS.channelName };
    base.message = o.message ?? {
      type: 'message',
      user: DEFAULTS.botUserId,
      ts: messageTs,
      bot_id: DEFAULTS.botId,
      app_id: DEFAULTS.appId,
      text: '',
      team: teamId,
      blocks: [],
    };
    base.state = o.state ?? { values: {} };
    base.response_url =
      o.response_url ??
      `https://hooks.slack.com/actions/${teamId}/${digits(12)}/${randomBytes(12).toString('hex')}`;
  }
  return base;
}

export interface ViewSubmissionOptions {
  user_id?: string;
  team_id?: string;
  callback_id: string;
  /** `state.values`, e.g. `{ block: { action: { type: 'plain_text_input', value: 'x' } } }`. */
  values?: Record<string, Record<string, unknown>>;
  private_metadata?: string;
  view_id?: string;
  trigger_id?: string;
}

/** A realistic `view_submission` payload (object). Encode with `interactiveBody`. */
export function viewSubmissionPayload(o: ViewSubmissionOptions): Record<string, unknown> {
  const teamId = o.team_id ?? DEFAULTS.teamId;
  const userId = o.user_id ?? DEFAULTS.userId;
  const viewId = o.view_id ?? `V${randomBytes(5).toString('hex').toUpperCase()}`;
  return {
    type: 'view_submission',
    team: { id: teamId, domain: DEFAULTS.teamDomain },
    user: { id: userId, username: DEFAULTS.userName, name: DEFAULTS.userName, team_id: teamId },
    api_app_id: DEFAULTS.appId,
    token: DEFAULTS.verificationToken,
    trigger_id: o.trigger_id ?? triggerId(),
    view: {
      id: viewId,
      team_id: teamId,
      type: 'modal',
      blocks: [],
      private_metadata: o.private_metadata ?? '',
      callback_id: o.callback_id,
      state: { values: o.values ?? {} },
      hash: `${nowSeconds()}.${randomBytes(4).toString('hex')}`,
      title: { type: 'plain_text', text: 'Modal' },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: DEFAULTS.appId,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: DEFAULTS.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
