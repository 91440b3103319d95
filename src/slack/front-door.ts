/**
 * The HTTP front door, in both modes: `GET /healthz`, and in HTTP mode `POST /slack/events` handed to
 * Bolt's own receiver (which checks the signature, acks and runs the listeners), and when the app is installed
 * through OAuth the browser's `GET /slack/install` and `GET /slack/oauth_redirect`, handed to Bolt's installer. It listens before Slack's
 * identity is known: until Bolt's receiver exists, events get 503 and `/healthz` says why. Before Bolt sees a
 * request this checks what Bolt 5.1 does not: a body that is not a JSON object or a form (a signed
 * `null` crashes Bolt's receiver) gets 400, a timestamp more than 5 minutes in the future gets 401, and a
 * body over MAX_BODY_BYTES gets 413 without being read: at once when `Content-Length` says so, else as soon
 * as the bytes pass the limit; the connection is then closed, so the rest is never read.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { errorText } from './errors.js';
import type { Logger } from './logger.js';

const EVENTS_PATH = '/slack/events';
const HEALTH_PATH = '/healthz';
export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_FUTURE_SECONDS = 5 * 60;

interface Health {
  ok: boolean;
  mode: 'http' | 'socket';
  store: 'loaded' | 'closed';
  schedules: 'running' | 'stopped';
  /** Whether Slack's API has told us who the bot is (auth.test); `reason` says why not yet. */
  slack: 'connecting' | 'connected';
  reason?: string;
  /** The store's write counters (journal writes, fsyncs, folds): shows the batching at work. */
  writes?: Record<string, number>;
}

export interface FrontDoorOptions {
  /**
   * HTTP mode: Bolt's HTTPReceiver.requestListener, once the Bolt app exists (undefined until then: 503).
   * Absent in Socket Mode.
   */
  slack?: () => RequestListener | undefined;
  /** Paths of pages a browser GETs from Bolt's receiver (its installer's); none by default. */
  pages?: readonly string[];
  /** The one slash command the app owns; forms for any other are refused. */
  command: string;
  /** To tell signed requests (judged here) from the rest (left to Bolt, which answers 401). */
  signingSecret?: string;
  health: () => Health;
  logger: Logger;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
}

/** How long a refused connection stays open, unread, so its answer reaches the client before the close. */
const LINGER_MS = 1000;

/**
 * Answers `status` and closes the connection without reading what is left of the request body (Node would
 * otherwise read it to the end to keep the connection alive). A lingering close: reading stops, the answer
 * and a FIN go out, and the socket is destroyed a moment later. Destroying it at once, with the client's
 * bytes unread, makes the kernel answer with a reset, which can throw away the answer before the client
 * reads it.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
  const { socket } = req;
  res.shouldKeepAlive = false;
  // Marks the body as being consumed (so Node does not drain it after the answer), then stops reading.
  req.on('data', () => undefined);
  req.pause();
  socket.pause();
  // Node closes a connection that is not kept alive with destroySoon(): end, then destroy once written.
  socket.destroySoon = () => {
    socket.end();
    const linger = setTimeout(() => socket.destroy(), LINGER_MS);
    linger.unref();
    socket.once('close', () => clearTimeout(linger));
  };
  send(res, status);
}

/** The declared `Content-Length` when it is over MAX_BODY_BYTES. */
function declaredTooLarge(req: IncomingMessage): number | undefined {
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > MAX_BODY_BYTES ? length : undefined;
}

/**
 * Reads the body up to MAX_BODY_BYTES; undefined as soon as it passes that, and then it stops reading (the
 * caller closes the connection).
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      over = true;
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!over) reject(error);
    });
  });
}

/**
 * What to do with a body before Bolt sees it: `pass` it on, refuse it (`bad`: 400), or `rate-limited`
 * (Slack's app_rate_limited notice, which Bolt has no listener for: answered 200 here).
 * Bolt only ever gets a JSON object with a known envelope type, or a form carrying our command, a JSON
 * `payload` object, or `ssl_check`.
 */
export function classifyBody(
  contentType: string | undefined,
  body: Buffer,
  command: string,
): 'pass' | 'bad' | 'rate-limited' {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('ssl_check') === '1') return 'pass';
    const payload = form.get('payload');
    if (payload !== null) {
      const value = parseObject(payload);
      return typeof value?.type === 'string' ? 'pass' : 'bad';
    }
    const fields = ['team_id', 'channel_id', 'user_id'].every((f) => (form.get(f) ?? '') !== '');
    return form.get('command') === command && fields ? 'pass' : 'bad';
  }
  if (type !== 'application/json') return 'bad';
  const value = parseObject(body.toString('utf8'));
  if (value?.type === 'url_verification') return 'pass';
  if (value?.type === 'app_rate_limited') return 'rate-limited';
  if (value?.type !== 'event_callback') return 'bad';
  const event = value.event as Record<string, unknown> | null | undefined;
  const ok =
    typeof value.team_id === 'string' &&
    typeof value.event_id === 'string' &&
    typeof event === 'object' &&
    event !== null &&
    !Array.isArray(event) &&
    typeof event.type === 'string' &&
    // Bolt's own routing reads these with `in`, which throws on a primitive or null.
    (!('item' in event) || isObject(event.item)) &&
    (!('channel' in event) || typeof event.channel === 'string' || isObject(event.channel));
  return ok ? 'pass' : 'bad';
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const MAX_PAST_SECONDS = 5 * 60;

/**
 * Slack's v0 signature over `v0:<timestamp>:<body>`, with a timestamp at most 5 minutes old: the same rule
 * as Bolt's `isValidSlackRequest` (Bolt checks again, and its verdict is the one that answers 401), but
 * without its per-request random bytes (tsscmp): `timingSafeEqual` on the two digests is constant-time too.
 */
export function hasValidSignature(
  secret: string,
  signature: string | string[] | undefined,
  timestamp: string | string[] | undefined,
  body: Buffer,
): boolean {
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !signature.startsWith('v0=')) {
    return false;
  }
  const stamp = Number(timestamp);
  if (!Number.isInteger(stamp) || Math.floor(Date.now() / 1000) - MAX_PAST_SECONDS > stamp) return false;
  const given = Buffer.from(signature.slice(3), 'hex');
  if (given.length !== 32) return false;
  const expected = createHmac('sha256', secret).update(`v0:${stamp}:`).update(body).digest();
  return timingSafeEqual(given, expected);
}

export function createFrontDoor(opts: FrontDoorOptions): Server {
  const { slack, health, logger, command, signingSecret } = opts;
  const pages = new Set(opts.pages ?? []);
  const isSigned = (req: IncomingMessage, body: Buffer): boolean =>
    signingSecret !== undefined &&
    hasValidSignature(
      signingSecret,
      req.headers['x-slack-signature'],
      req.headers['x-slack-request-timestamp'],
      body,
    );

  /** What is decided from the request line and headers alone; true when the request was answered. */
  function answeredEarly(req: IncomingMessage, res: ServerResponse): boolean {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      const h = health();
      send(res, h.ok ? 200 : 503, h);
      return true;
    }
    if (pages.has(path) && slack) {
      if (req.method !== 'GET') {
        refuse(req, res, 405);
        return true;
      }
      const bolt = slack();
      if (bolt) bolt(req, res);
      else {
        res.setHeader('retry-after', '5');
        send(res, 503);
      }
      return true;
    }
    if (path !== EVENTS_PATH || !slack) {
      refuse(req, res, 404);
      return true;
    }
    if (req.method !== 'POST') {
      refuse(req, res, 405);
      return true;
    }
    const declared = declaredTooLarge(req);
    if (declared !== undefined) {
      logger.warn(`refused a request body of ${declared} bytes unread (the limit is ${MAX_BODY_BYTES})`);
      refuse(req, res, 413);
      return true;
    }
    const stamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(stamp) && stamp - Date.now() / 1000 > MAX_FUTURE_SECONDS) {
      logger.warn('rejected a request dated more than 5 minutes in the future');
      refuse(req, res, 401);
      return true;
    }
    return false;
  }

  function readAndPass(req: IncomingMessage, res: ServerResponse): void {
    readBody(req).then(
      (body) => {
        if (body === undefined) {
          logger.warn(`refused a request body as it passed ${MAX_BODY_BYTES} bytes; the rest was not read`);
          refuse(req, res, 413);
          return;
        }
        // Bolt checks the signature and answers 401; the shape is judged only for correctly signed requests.
        const verdict = isSigned(req, body)
          ? classifyBody(req.headers['content-type'], body, command)
          : 'pass';
        if (verdict === 'rate-limited') {
          logger.warn('Slack says it is holding back events for this app (app_rate_limited)');
          send(res, 200);
          return;
        }
        if (verdict === 'bad') {
          send(res, 400);
          return;
        }
        const bolt = slack?.();
        if (!bolt) {
          // Still asking Slack who the bot is: Slack sends the event again later.
          res.setHeader('retry-after', '60');
          send(res, 503);
          return;
        }
        // Bolt reuses a body already read when it is on `rawBody` (its own bufferIncomingMessage checks this).
        Object.assign(req, { rawBody: body });
        bolt(req, res);
      },
      (error) => {
        logger.warn(`could not read a request body: ${errorText(error)}`);
        if (!res.headersSent) send(res, 400);
      },
    );
  }

  const server = createServer((req, res) => {
    if (!answeredEarly(req, res)) readAndPass(req, res);
  });
  // `Expect: 100-continue`: a body over the limit is refused before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (answeredEarly(req, res)) return;
    res.writeContinue();
    readAndPass(req, res);
  });
  return server;
}
