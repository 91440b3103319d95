/**
 * Two (or more) app instances behind one port, for bench/run.ts `--instances N`: a round-robin TCP proxy, as a
 * load balancer in front of a deployment would be. Each incoming connection goes to the next backend and stays
 * there (the generator's keep-alive connections are spread evenly); bytes are piped both ways untouched.
 *
 * Environment: BACKENDS (comma-separated ports on 127.0.0.1), PORT (default 0), HOST (default 127.0.0.1).
 * Prints `proxy ready on port N` once it listens.
 */
import net from 'node:net';

const backends = (process.env.BACKENDS ?? '').split(',').filter(Boolean).map(Number);
if (backends.length === 0) throw new Error('BACKENDS: the ports to spread connections over');
let next = 0;

const server = net.createServer((client) => {
  const upstream = net.connect(backends[next++ % backends.length], '127.0.0.1');
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  client.pipe(upstream);
  upstream.pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
  client.on('close', close);
  upstream.on('close', close);
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`proxy ready on port ${typeof address === 'object' && address ? address.port : 0}\n`);
});

process.once('SIGTERM', () => {
  server.close();
  process.exit(0);
});
