/**
 * bench/raw-client.ts times the benchmark's requests: it must wait for the whole response (however it is
 * framed and however the bytes arrive) and report its status, one request at a time on one connection.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawConnection, rawRequest } from '../bench/raw-client.js';

let server: http.Server;
let port: number;
const seen: { body: string; signature: string | undefined }[] = [];
/** Set just before the chunked response's last chunk is written. */
let lastChunkWritten = false;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ body, signature: req.headers['x-slack-signature'] as string | undefined });
      const mode = JSON.parse(body).mode as string;
      if (mode === 'chunked') {
        // Two chunks, some time apart: the response is not complete until the last one.
        res.writeHead(201, { 'content-type': 'text/plain' });
        res.write('first part, ');
        setTimeout(() => {
          lastChunkWritten = true;
          res.end('second part');
        }, 30);
      } else if (mode === 'empty') {
        res.writeHead(401).end();
      } else {
        const text = 'x'.repeat(100_000); // more than one TCP read
        res.writeHead(200, { 'content-length': text.length }).end(text);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function request(mode: string): Buffer {
  const body = Buffer.from(JSON.stringify({ mode }));
  return rawRequest(
    '/slack/events',
    { 'Content-Type': 'application/json', 'Content-Length': body.length, 'X-Slack-Signature': `v0=${mode}` },
    body,
  );
}

describe('bench raw client', () => {
  it('sends the prepared bytes and resolves each response whole, in turn, on one keep-alive connection', async () => {
    const connection = await RawConnection.open(port);
    try {
      expect(await connection.send(request('chunked'))).toBe(201);
      expect(lastChunkWritten).toBe(true); // it waited for the last chunk
      expect(await connection.send(request('big'))).toBe(200);
      expect(await connection.send(request('empty'))).toBe(401);
      expect(await connection.send(request('big'))).toBe(200);
    } finally {
      connection.close();
    }
    expect(seen.map((s) => [JSON.parse(s.body).mode, s.signature])).toEqual([
      ['chunked', 'v0=chunked'],
      ['big', 'v0=big'],
      ['empty', 'v0=empty'],
      ['big', 'v0=big'],
    ]);
  });

  it('rejects when the server drops the connection', async () => {
    const connection = await RawConnection.open(port);
    server.closeAllConnections();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(connection.send(request('big'))).rejects.toThrow();
    connection.close();
  });
});
