// The HTTP server's connection caps and idle rules on a real listening server and real loopback clients: caps per
// address, the header and keep-alive timeouts, WebSocket caps answered 503, and ping liveness that cuts a silent
// WebSocket while a client that answers pings (as browsers do) stays.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import WebSocket from 'ws';
import { validateConfig } from '../config/load.js';
import { createLogger } from '../core/logger.js';
import { createHttpServer } from './server.js';

let app: FastifyInstance;
let port = 0;

before(async () => {
  const config = validateConfig({
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'silent' },
    limits: { http: { maxConnectionsPerAddress: 4, headersTimeoutMs: 600, keepAliveTimeoutMs: 600 }, websocket: { maxConnectionsPerAddress: 2, pingIntervalMs: 1000 } },
  });
  app = await createHttpServer({
    config,
    logger: createLogger({ level: 'silent' }),
    metrics: new Registry(),
    version: 'test',
    plugins: [
      (instance) => {
        instance.get('/ws', { websocket: true, config: { access: { kind: 'public' } } }, (socket) => socket.send('hello'));
      },
    ],
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
});
after(() => app.close());

function rawConnection(localAddress: string): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.once('connect', () => resolve(socket)));
}

function closeOf(socket: Socket): Promise<{ afterMs: number; received: string }> {
  const startedAt = Date.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  return new Promise((resolve) => socket.once('close', () => resolve({ afterMs: Date.now() - startedAt, received })));
}

test('a fifth connection from one address is closed at once; another address still gets in', async () => {
  const held = await Promise.all([1, 2, 3, 4].map(() => rawConnection('127.0.0.2')));
  const fifth = await rawConnection('127.0.0.2');
  assert.ok((await closeOf(fifth)).afterMs < 300);
  const other = await rawConnection('127.0.0.3');
  const health = await fetch(`http://127.0.0.1:${port}/api/health`);
  assert.equal(health.status, 200);
  assert.equal(other.destroyed, false);
  for (const socket of [...held, other]) socket.destroy();
});

test('no complete headers in time: 408 and closed; a kept-alive connection without a request is closed', async () => {
  const silent = await rawConnection('127.0.0.4');
  const slow = await rawConnection('127.0.0.4');
  slow.write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
  const [silentEnd, slowEnd] = await Promise.all([closeOf(silent), closeOf(slow)]);
  for (const end of [silentEnd, slowEnd]) {
    assert.ok(end.afterMs >= 500 && end.afterMs < 3000, `closed after ${end.afterMs} ms`);
    assert.match(end.received, /^HTTP\/1\.1 408/);
  }
  const kept = await rawConnection('127.0.0.4');
  const keptEnd = closeOf(kept);
  kept.write('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
  const { afterMs, received } = await keptEnd;
  assert.match(received, /^HTTP\/1\.1 200/);
  assert.ok(afterMs >= 500 && afterMs < 3000, `idle keep-alive closed after ${afterMs} ms`);
});

test('WebSockets: a third from one address is refused with 503; one that answers no ping is cut, the others stay', async () => {
  const url = `ws://127.0.0.1:${port}/ws`;
  const open = (localAddress: string): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { localAddress });
      socket.once('open', () => resolve(socket));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      socket.once('error', reject);
    });
  const answering = [await open('127.0.0.5'), await open('127.0.0.5')];
  await assert.rejects(open('127.0.0.5'), /HTTP 503/);

  // A client that completes the handshake and then never reads a ping nor answers one.
  const mute = await rawConnection('127.0.0.6');
  const muteEnd = closeOf(mute);
  mute.write(`GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.alloc(16, 1).toString('base64')}\r\n\r\n`);
  const { afterMs, received } = await muteEnd;
  assert.match(received, /^HTTP\/1\.1 101/);
  assert.ok(afterMs >= 900 && afterMs < 3500, `a mute WebSocket was cut after ${afterMs} ms`);
  await sleep(500);
  assert.deepEqual(
    answering.map((socket) => socket.readyState),
    [WebSocket.OPEN, WebSocket.OPEN],
    'clients answering pings stay',
  );
  for (const socket of answering) socket.close();
});
