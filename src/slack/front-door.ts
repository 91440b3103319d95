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

import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { errorText } from './errors.js';
import type { Logger } from './logger.js';
import { classifyBody, hasValidSignature } from './request-checks.js';

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
