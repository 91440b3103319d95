/**
 * A local Socket Mode server for tests: the WebSocket end that Slack's `wss://wss-primary.slack.com/link/...`
 * plays. Point the Web API fake's `apps.connections.open` at `server.url` (`fake.setSocketUrl(server.url)`),
 * start the app with an xapp- token, then push envelopes and wait for the app's acks.
 *
 * Protocol (as @slack/socket-mode 3.x expects it):
 * - server → client on connect: `{ type: 'hello', num_connections, debug_info, connection_info: { app_id } }`;
 *   the client's `start()` resolves only after it.
 * - server → client: `{ envelope_id, type: 'events_api' | 'slash_commands' | 'interactive', payload,
 *   accepts_response_payload, retry_attempt?, retry_reason? }`.
 * - client → server (ack): `{ envelope_id, payload: {...} }` (payload `{}` for a bare ack).
 * - server → client: `{ type: 'disconnect', reason: 'refresh_requested' | 'warning' | 'link_disabled' }` asks the
 *   client to reconnect (it calls apps.connections.open again).
 * The client pings every ~1.7 s and drops the connection if pongs stop; `ws` answers pings automatically.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { DEFAULTS, type EventEnvelopeOptions, eventEnvelope, type SlackEvent } from './signing.js';

type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

interface SocketEnvelope {
  envelope_id: string;
  type: EnvelopeType | string;
  payload: unknown;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the client sends back: `{ envelope_id, payload }`. */
interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SocketServerOptions {
  appId?: string;
}

export interface SocketServer {
  /** `ws://127.0.0.1:PORT/link/?ticket=...&app_id=...` — what apps.connections.open should return. */
  readonly url: string;
  /** Resolves once a client has connected and been sent `hello`. */
  readonly connected: Promise<void>;
  /** Currently open connections. */
  connectionCount(): number;
  /** Total connections accepted so far (reconnects count). */
  totalConnections(): number;
  /** Waits until `n` connections in total have been accepted. */
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  /** Sends a raw message (an envelope or anything else) to the newest open connection. */
  send(message: SocketEnvelope | Record<string, unknown>): void;
  /** Wraps a slash command payload in an envelope and sends it; returns the envelope_id. */
  sendSlashCommand(payload: Record<string, unknown>): string;
  /** Wraps an event (or a ready `event_callback` envelope) and sends it; returns the envelope_id. */
  sendEvent(
    eventOrEnvelope: SlackEvent | Record<string, unknown>,
    opts?: EventEnvelopeOptions & { retry_attempt?: number; retry_reason?: string },
  ): string;
  /** Wraps an interactivity payload (block_actions, view_submission, ...); returns the envelope_id. */
  sendInteractive(payload: Record<string, unknown>): string;
  /** The ack for `envelopeId` (already received or future). */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  acks(): SocketAck[];
  /** Every message received from clients that was not an ack (parsed when JSON). */
  received(): unknown[];
  /** Asks connected clients to reconnect, like Slack does when it recycles a link. */
  requestDisconnect(reason?: string): void;
  /** Drops all connections abruptly (no close frame). */
  terminateAll(): void;
  close(): Promise<void>;
}

export async function startSocketServer(opts: SocketServerOptions = {}): Promise<SocketServer> {
  const appId = opts.appId ?? DEFAULTS.appId;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', () => resolve());
    wss.once('error', reject);
  });
  const port = (wss.address() as AddressInfo).port;
  const url = `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=${appId}`;

  const open: WebSocket[] = [];
  let total = 0;
  const acks: SocketAck[] = [];
  const others: unknown[] = [];
  let ackWaiters: { id: string; resolve: (a: SocketAck) => void }[] = [];
  let resolveConnected!: () => void;
  const connected = new Promise<void>((resolve) => {
    resolveConnected = resolve;
  });

  wss.on('connection', (ws) => {
    total += 1;
    open.push(ws);
    ws.on('close', () => {
      const i = open.indexOf(ws);
      if (i !== -1) open.splice(i, 1);
    });
    ws.on('error', () => {
      // a client vanishing is not the server's problem
    });
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? undefined : data.toString();
      let msg: unknown = text;
      try {
        if (text !== undefined) msg = JSON.parse(text);
      } catch {
        // keep the text
      }
      if (msg && typeof msg === 'object' && typeof (msg as SocketAck).envelope_id === 'string') {
        const ack = msg as SocketAck;
        acks.push(ack);
        const still: typeof ackWaiters = [];
        for (const w of ackWaiters) {
          if (w.id === ack.envelope_id) w.resolve(ack);
          else still.push(w);
        }
        ackWaiters = still;
      } else {
        others.push(msg);
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: open.length,
        debug_info: { host: `applink-fake-${port}`, build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: appId },
      }),
    );
    resolveConnected();
  });

  function newest(): WebSocket {
    for (let i = open.length - 1; i >= 0; i--) {
      const ws = open[i];
      if (ws && ws.readyState === ws.OPEN) return ws;
    }
    throw new Error('socket-server: no client is connected');
  }

  function send(message: SocketEnvelope | Record<string, unknown>): void {
    newest().send(JSON.stringify(message));
  }

  function sendEnvelope(type: EnvelopeType, payload: unknown, extra: Partial<SocketEnvelope> = {}): string {
    const envelope: SocketEnvelope = {
      envelope_id: randomUUID(),
      payload,
      type,
      accepts_response_payload: false,
      ...extra,
    };
    send(envelope);
    return envelope.envelope_id;
  }

  return {
    url,
    connected,
    connectionCount: () => open.length,
    totalConnections: () => total,

    async waitForConnections(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (total < n) {
        if (Date.now() > deadline)
          throw new Error(`socket-server: ${total} connection(s) within ${timeoutMs} ms, wanted ${n}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },

    send,

    sendSlashCommand(payload) {
      return sendEnvelope('slash_commands', payload, { accepts_response_payload: true });
    },

    sendEvent(eventOrEnvelope, o = {}) {
      const { retry_attempt = 0, retry_reason = '', ...envOpts } = o;
      const payload =
        (eventOrEnvelope as { type?: unknown }).type === 'event_callback'
          ? eventOrEnvelope
          : eventEnvelope(eventOrEnvelope as SlackEvent, envOpts);
      return sendEnvelope('events_api', payload, { retry_attempt, retry_reason });
    },

    sendInteractive(payload) {
      const t = payload.type;
      const acceptsResponse = t === 'view_submission' || t === 'block_suggestion';
      return sendEnvelope('interactive', payload, { accepts_response_payload: acceptsResponse });
    },

    waitForAck(envelopeId, timeoutMs = 5000) {
      const existing = acks.find((a) => a.envelope_id === envelopeId);
      if (existing) return Promise.resolve(existing);
      return new Promise<SocketAck>((resolve, reject) => {
        const waiter = {
          id: envelopeId,
          resolve: (a: SocketAck) => {
            clearTimeout(timer);
            resolve(a);
          },
        };
        const timer = setTimeout(() => {
          ackWaiters = ackWaiters.filter((w) => w !== waiter);
          const seen = acks.map((a) => `  ${JSON.stringify(a).slice(0, 200)}`).join('\n') || '  (none)';
          reject(
            new Error(
              `socket-server: no ack for envelope ${envelopeId} within ${timeoutMs} ms (${open.length} open connection(s)). Acks seen:\n${seen}`,
            ),
          );
        }, timeoutMs);
        ackWaiters.push(waiter);
      });
    },

    acks: () => [...acks],
    received: () => [...others],

    requestDisconnect(reason = 'refresh_requested') {
      for (const ws of open) {
        if (ws.readyState === ws.OPEN)
          ws.send(
            JSON.stringify({
              type: 'disconnect',
              reason,
              debug_info: { host: `applink-fake-${port}` },
            }),
          );
      }
    },

    terminateAll() {
      for (const ws of [...open]) ws.terminate();
    },

    close() {
      for (const ws of [...open]) ws.terminate();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
