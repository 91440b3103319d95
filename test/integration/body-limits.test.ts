/**
 * Issue 9, point 6: a body over the 1 MiB limit is refused without being read. A raw client offers 200 MiB
 * and keeps writing (with backpressure) until the server answers or closes; the server must do so while
 * most of the body is still unsent, both when `Content-Length` announces the size and when the body is
 * chunked.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/slack/front-door.js';
import type { SlackFake } from '../support/slack-fake.js';
import { launch, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

const OFFERED = 200 * 1024 * 1024;
const PIECE = Buffer.alloc(64 * 1024, 'x');

interface Outcome {
  /** Body bytes the client managed to hand to its socket before the server answered or closed. */
  sent: number;
  /** What the server answered, as text. */
  response: string;
  closed: boolean;
}

/** Sends a POST offering OFFERED bytes to /slack/events, as fast as the server reads them. */
function offerHugeBody(port: number, chunked: boolean): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    let sent = 0;
    let stopped = false;
    let closed = false;
    let wake: (() => void) | undefined;
    const stop = () => {
      stopped = true;
      wake?.();
    };
    socket.on('data', (d) => {
      response += d.toString('latin1');
      stop();
    });
    socket.on('close', () => {
      closed = true;
      stop();
      resolve({ sent, response, closed });
    });
    // Writing into a connection the server reset: expected here, the outcome is the response and close.
    socket.on('error', stop);
    socket.on('drain', () => wake?.());
    socket.once('connect', async () => {
      const length = chunked ? 'transfer-encoding: chunked' : `content-length: ${OFFERED}`;
      socket.write(
        `POST /slack/events HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${length}\r\n\r\n`,
      );
      try {
        while (!stopped && sent < OFFERED) {
          const frame = chunked
            ? Buffer.concat([Buffer.from(`${PIECE.length.toString(16)}\r\n`), PIECE, Buffer.from('\r\n')])
            : PIECE;
          const more = socket.write(frame);
          sent += PIECE.length;
          if (!more && !stopped) await new Promise<void>((r) => (wake = r));
        }
        if (!stopped && chunked) socket.write('0\r\n\r\n');
      } catch (error) {
        reject(error);
      }
    });
  });
}

describe('request bodies over the limit', () => {
  it.each([
    ['Content-Length over the limit', false],
    ['a chunked body that passes the limit', true],
  ])('%s: 413, connection closed, most of the body never read', async (_name, chunked) => {
    const app = await launch(fake);
    const port = app.proc.port as number;
    const outcome = await offerHugeBody(port, chunked);
    expect(outcome.closed).toBe(true);
    expect(outcome.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(outcome.response.toLowerCase()).toContain('connection: close');
    // What the kernel's socket buffers hold on both sides, plus the limit itself, and no more: far from 200 MiB.
    expect(outcome.sent).toBeLessThan(MAX_BODY_BYTES + 32 * 1024 * 1024);
    expect(outcome.sent).toBeLessThan(OFFERED / 4);
    // The app is still fine.
    expect((await fetch(`${app.proc.url}/healthz`)).status).toBe(200);
    await app.proc.waitForLine(/refused a request body/);
  });
});
