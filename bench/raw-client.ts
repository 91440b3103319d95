/**
 * A lean HTTP/1.1 keep-alive client for bench/run.ts: one socket, one request at a time, requests prepared as
 * bytes in advance. Node's http.request costs the generator about as much CPU per request as bare Bolt spends
 * answering it, and on a 2-core machine that CPU is taken from the app under test; this client does only what
 * a load generator must (write bytes, find the end of the response, read its status).
 */
import net from 'node:net';

/** The bytes of one POST, ready to write. */
export function rawRequest(path: string, headers: Record<string, string | number>, body: Buffer): Buffer {
  const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: keep-alive'];
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

export class RawConnection {
  private readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve(status: number): void; reject(error: Error): void } | undefined;
  private failed: Error | undefined;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    const fail = (error: Error) => {
      this.failed ??= error;
      this.waiting?.reject(error);
      this.waiting = undefined;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one prepared request; resolves with the response's status once the whole response is in. */
  send(raw: Buffer): Promise<number> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(raw);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private parse(): void {
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0 || !this.waiting) return;
    const head = this.buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let total: number;
    if (length) {
      total = end + 4 + Number(length[1]);
      if (this.buffer.length < total) return;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const last = this.buffer.indexOf(CHUNKED_END, end + 4);
      if (last < 0) return;
      total = last + CHUNKED_END.length;
    } else {
      total = end + 4; // no body
    }
    this.buffer = this.buffer.subarray(total);
    const w = this.waiting;
    this.waiting = undefined;
    w.resolve(status);
  }
}
