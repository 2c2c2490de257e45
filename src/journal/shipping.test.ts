// Checkpoints shipped off the machine to real receivers on loopback: an MQTT subscriber on the local
// Mosquitto, an HTTP webhook (which fails first, to see the retry), syslog over UDP and TCP. Lines written by
// another process (the CLI) and lines written while no server ran are shipped too; a dead target never holds
// up an append; a target's queue stays bounded. Shipping does not touch the database: SQLite only.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { connectAsync } from 'mqtt';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { freePort } from '../../test/support/ports.js';
import { checkpointSignatureValid, parseCheckpointLine, readCheckpointPublicKey } from './checkpoint.js';
import { shippingTargets, type CheckpointShipping } from './checkpoint-shipper.js';
import { createJournal, type Journal } from './index.js';
import { ShipQueue } from './ship-queue.js';
import { webhookTarget } from './ship-webhook.js';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';
const NO_SHIPPING: CheckpointShipping = { syslog: '', webhook: '', mqtt: { url: '', topic: 'unused' }, queueLimit: 1000 };

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function listening<T extends Server | ReturnType<typeof createHttpServer>>(server: T): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}

describe('journal checkpoint shipping', () => {
  let handle: TestDatabase;
  const open: Journal[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];

  before(async () => {
    handle = await openTestDatabase('sqlite');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((journal) => journal.close()));
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  after(async () => handle.close());

  /** A server's journal (shipping) or a CLI's (none), on the shared test data directory. */
  function journalWith(shipping: Partial<CheckpointShipping> | undefined, dataDir = handle.dataDir): Journal {
    const journal = createJournal({ db: handle.db, clock: systemClock, dataDir, logger: silentLogger, ...(shipping === undefined ? {} : { shipping: { ...NO_SHIPPING, ...shipping } }) });
    open.push(journal);
    return journal;
  }

  /** Each test ships from a fresh data directory, so that earlier checkpoints are not shipped again. */
  function freshDataDir(name: string): string {
    const dir = `${handle.dataDir}/${name}`;
    mkdirSync(dir);
    return dir;
  }

  function checkSigned(lines: readonly string[], dataDir: string): number[] {
    const key = readCheckpointPublicKey(dataDir).key;
    assert.ok(key);
    return lines.map((line) => {
      const checkpoint = parseCheckpointLine(line);
      assert.ok(checkpoint, `not a checkpoint: ${line}`);
      assert.ok(checkpointSignatureValid(checkpoint, key));
      return checkpoint.sequence;
    });
  }

  it('publishes every checkpoint, signed, to an MQTT subscriber', async () => {
    const dataDir = freshDataDir('mqtt');
    const topic = `vigie-test/${process.pid}/${Math.random().toString(36).slice(2)}`;
    const subscriber = await connectAsync(MOSQUITTO);
    cleanups.push(() => subscriber.endAsync());
    const received: string[] = [];
    subscriber.on('message', (_topic, payload) => received.push(payload.toString()));
    await subscriber.subscribeAsync(topic, { qos: 1 });

    const server = journalWith({ mqtt: { url: MOSQUITTO, topic } }, dataDir);
    const first = (await handle.db.selectFrom('journal_head').select('last_sequence').executeTakeFirstOrThrow()).last_sequence + 1;
    for (let i = 0; i < 3; i += 1) await server.append({ actor: null, action: 'video.live', outcome: 'allowed', details: { i } });
    await waitFor('3 MQTT messages', () => received.length >= 3);
    assert.deepEqual(checkSigned(received, dataDir), [first, first + 1, first + 2]);
  });

  it('POSTs checkpoints to a webhook, retrying after a failure, including lines another process wrote and lines written while no server ran', async () => {
    const dataDir = freshDataDir('webhook');
    const lines: string[] = [];
    let requests = 0;
    const webhook = createHttpServer((request, response) => {
      requests += 1;
      void bodyOf(request).then((body) => {
        if (requests === 1) return response.writeHead(503).end();
        assert.equal(request.headers['content-type'], 'application/x-ndjson');
        lines.push(...body.split('\n').filter((line) => line !== ''));
        return response.writeHead(204).end();
      });
    });
    const port = await listening(webhook);
    cleanups.push(() => new Promise<void>((resolve) => webhook.close(() => resolve())));
    const url = `http://127.0.0.1:${port}/checkpoints`;

    const server = journalWith({ webhook: url }, dataDir);
    const cli = journalWith(undefined, dataDir);
    await server.append({ actor: null, action: 'auth.login', outcome: 'allowed' });
    await cli.append({ actor: null, action: 'user.create', outcome: 'allowed', details: { via: 'cli' } });
    await waitFor('2 checkpoints at the webhook', () => lines.length >= 2);
    assert.ok(requests >= 2, 'the first POST failed and was retried');
    const shipped = checkSigned(lines, dataDir);
    assert.equal(shipped.length, 2);

    // The server stops; the CLI journals meanwhile; at the next start only that line is shipped.
    await server.close();
    await cli.append({ actor: null, action: 'user.disable', outcome: 'allowed', details: { via: 'cli' } });
    journalWith({ webhook: url }, dataDir);
    await waitFor('the line written while no server ran', () => lines.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(checkSigned(lines, dataDir), [...shipped, (shipped[1] ?? 0) + 1]);
  });

  it('sends RFC 5424 messages to a syslog listener over UDP and over TCP', async () => {
    const dataDir = freshDataDir('syslog');
    const udp = createSocket('udp4');
    udp.bind(0, '127.0.0.1');
    await once(udp, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => udp.close(() => resolve())));
    const datagrams: string[] = [];
    udp.on('message', (message) => datagrams.push(message.toString()));

    let stream = '';
    const tcp = createTcpServer((socket) => socket.on('data', (chunk) => (stream += chunk.toString())));
    const tcpPort = await listening(tcp);
    cleanups.push(() => new Promise<void>((resolve) => tcp.close(() => resolve())));

    const server = journalWith({ syslog: `udp://127.0.0.1:${udp.address().port}` }, dataDir);
    const tcpServer = journalWith({ syslog: `tcp://127.0.0.1:${tcpPort}` }, dataDir);
    await server.append({ actor: null, action: 'video.playback', outcome: 'allowed' });
    await tcpServer.append({ actor: null, action: 'video.export', outcome: 'allowed' });
    await waitFor('2 syslog datagrams', () => datagrams.length >= 2);
    await waitFor('2 syslog frames', () => (stream.match(/journal-checkpoint/g) ?? []).length >= 2);

    const rfc5424 = /^<110>1 \d{4}-\d\d-\d\dT[\d:.]+Z \S+ vigie \d+ journal-checkpoint - (\{.*\})$/;
    const fromUdp = datagrams.map((message) => rfc5424.exec(message)?.[1] ?? `not RFC 5424: ${message}`);
    const frames: string[] = [];
    for (let rest = stream; rest.length > 0;) {
      const space = rest.indexOf(' ');
      const length = Number(rest.slice(0, space));
      frames.push(
        Buffer.from(rest.slice(space + 1))
          .subarray(0, length)
          .toString(),
      );
      rest = Buffer.from(rest.slice(space + 1))
        .subarray(length)
        .toString();
    }
    const fromTcp = frames.map((message) => rfc5424.exec(message)?.[1] ?? `not RFC 5424: ${message}`);
    assert.deepEqual(checkSigned(fromUdp, dataDir), checkSigned(fromTcp, dataDir));
    assert.equal(fromUdp.length, 2);
  });

  it('keeps appending at full speed while every target hangs or refuses, and closes promptly', async () => {
    const dataDir = freshDataDir('dead');
    const hung: Socket[] = [];
    const blackHole = createTcpServer((socket) => hung.push(socket)); // accepts, never answers (HTTP or MQTT)
    const port = await listening(blackHole);
    cleanups.push(() => {
      for (const socket of hung) socket.destroy();
      return new Promise<void>((resolve) => blackHole.close(() => resolve()));
    });
    const refused = await freePort();
    const server = journalWith({ webhook: `http://127.0.0.1:${port}/`, mqtt: { url: `mqtt://127.0.0.1:${port}`, topic: 't' }, syslog: `tcp://127.0.0.1:${refused}` }, dataDir);
    await server.append({ actor: null, action: 'auth.login', outcome: 'allowed' });
    await waitFor('the webhook and MQTT connections hanging', () => hung.length >= 2);

    const started = performance.now();
    for (let i = 0; i < 300; i += 1) await server.append({ actor: null, action: 'video.live', outcome: 'allowed', details: { i } });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 5000, `300 appends took ${Math.round(elapsed)} ms with dead targets`);
    assert.equal((await server.verify()).ok, true);

    const closing = performance.now();
    await server.close();
    assert.ok(performance.now() - closing < 4000, 'close does not wait for dead targets');
  });

  it('refuses an unusable target URL at start, naming the setting', () => {
    assert.throws(() => shippingTargets({ ...NO_SHIPPING, webhook: 'ftp://collector/' }), {
      code: 'VIGIE_CONFIG_INVALID',
      message: /journal\.checkpoints\.ship\.webhook must be a http:\/\/ or https:\/\/ URL/,
    });
    assert.throws(() => shippingTargets({ ...NO_SHIPPING, syslog: 'collector:514' }), { code: 'VIGIE_CONFIG_INVALID', message: /ship\.syslog/ });
    assert.throws(() => shippingTargets({ ...NO_SHIPPING, mqtt: { url: 'http://broker', topic: 't' } }), { code: 'VIGIE_CONFIG_INVALID', message: /ship\.mqtt\.url/ });
  });

  it('bounds a target queue: the oldest waiting lines are dropped, the newest delivered once it is back', async () => {
    let healthy = false;
    let refusals = 0;
    const delivered: string[] = [];
    const webhook = createHttpServer((request, response) => {
      if (!healthy) refusals += 1;
      void bodyOf(request).then((body) => {
        if (!healthy) return response.writeHead(500).end();
        delivered.push(...body.split('\n').filter((line) => line !== ''));
        return response.writeHead(200).end();
      });
    });
    const port = await listening(webhook);
    cleanups.push(() => new Promise<void>((resolve) => webhook.close(() => resolve())));
    const queue = new ShipQueue(webhookTarget(`http://127.0.0.1:${port}/`), 100, silentLogger);
    cleanups.push(() => queue.close());

    queue.push('line-0');
    await waitFor('the first send to be refused', () => refusals === 1);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the refusal has reached the queue: back-off, nothing in flight
    for (let i = 1; i < 250; i += 1) queue.push(`line-${i}`);
    assert.equal(queue.waiting, 100);
    healthy = true;
    await waitFor('the queue to drain', () => queue.waiting === 0, 15_000);
    assert.deepEqual(
      delivered,
      Array.from({ length: 100 }, (_, i) => `line-${150 + i}`),
    );
  });
});
