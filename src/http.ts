/**
 * The HTTP front door, in both modes: `GET /healthz`, and in HTTP mode `POST /slack/events` handed to
 * Bolt's own receiver (which checks the signature, acks and runs the listeners). Before Bolt sees a
 * request this checks what Bolt 5.1 does not: a body that is not a JSON object or a form (a signed
 * `null` crashes Bolt's receiver) gets 400, a timestamp more than 5 minutes in the future gets 401.
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Logger } from './logger.js';

export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';
export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_FUTURE_SECONDS = 5 * 60;

export interface Health {
  ok: boolean;
  mode: 'http' | 'socket';
  store: 'loaded' | 'closed';
  schedules: 'running' | 'stopped';
  /** The store's write counters (journal writes, fsyncs, folds): shows the batching at work. */
  writes?: Record<string, number>;
}

export interface FrontDoorOptions {
  /** Bolt's HTTPReceiver.requestListener in HTTP mode; absent in Socket Mode. */
  slack?: RequestListener;
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

/** Reads the body up to MAX_BODY_BYTES; undefined when it is larger (the rest is drained, not kept). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What Bolt's parser would make of the body is an object (or a form, which always is). */
export function isAcceptableBody(contentType: string | undefined, body: Buffer): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const payload = new URLSearchParams(body.toString('utf8')).get('payload');
    return payload === null || isJsonObject(payload);
  }
  if (type === 'application/json') return isJsonObject(body.toString('utf8'));
  return false;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

export function createFrontDoor(opts: FrontDoorOptions): Server {
  const { slack, health, logger } = opts;
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      const h = health();
      send(res, h.ok ? 200 : 503, h);
      return;
    }
    if (path !== EVENTS_PATH || !slack) {
      send(res, 404);
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405);
      return;
    }
    const stamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(stamp) && stamp - Date.now() / 1000 > MAX_FUTURE_SECONDS) {
      logger.warn('rejected a request dated more than 5 minutes in the future');
      req.resume();
      send(res, 401);
      return;
    }
    readBody(req).then(
      (body) => {
        if (body === undefined) {
          send(res, 413);
          return;
        }
        if (!isAcceptableBody(req.headers['content-type'], body)) {
          send(res, 400);
          return;
        }
        // Bolt reuses a body already read when it is on `rawBody` (its own bufferIncomingMessage checks this).
        Object.assign(req, { rawBody: body });
        slack(req, res);
      },
      (error) => {
        logger.warn(`could not read a request body: ${error instanceof Error ? error.message : error}`);
        if (!res.headersSent) send(res, 400);
      },
    );
  });
}
