import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { lengthPrefixed } from '../hub/access-unit.js';
import type { SubscribeOptions } from '../hub/stream-consumer.js';
import { h264TrackInfo } from '../h264/track-info.js';
import { ClientAdmission } from '../../core/connection-guard.js';
import { getHeader, getHeaders, writeRequest, type RtspResponse } from './message.js';
import { RtspMessageReader } from './message-reader.js';
import { openRtspSession } from './client.js';
import { createRtspServer, type RtspServerSessionEvent } from './server.js';
import type { RtspServerSource } from './server-source.js';

const sps = Uint8Array.from(Buffer.from('Z0LADNoFB+wFqDAwNSgAAAMACAAAAwD0eKFV', 'base64'));
const pps = Uint8Array.from(Buffer.from('aM48gA==', 'base64'));
const track = h264TrackInfo(96, 90_000, { sps, pps });
const subscriptions: SubscribeOptions[] = [];
const source: RtspServerSource = {
  track: () => track,
  subscribe(consumer, options) {
    subscriptions.push(options);
    consumer.start(track);
    void consumer.accept({ ...lengthPrefixed([sps, pps, Uint8Array.of(0x65, 0x88)]), dts90k: 0, pts90k: 0, wallClockMs: Date.now(), isKeyframe: true });
    return { close: () => undefined };
  },
};
const events: RtspServerSessionEvent[] = [];
const server = await createRtspServer({
  host: '127.0.0.1',
  port: 0,
  sessionTimeoutS: 1,
  authMethods: ['basic', 'digest'],
  authenticate: (request) => (request.credentials?.scheme === 'basic' && request.credentials.password === 'pw' ? { principal: request.credentials.username } : false),
  resolve: (path) => (path === 'cam/main' ? source : undefined),
  onSession: (event) => events.push(event),
});
after(() => server.close());

/** A raw RTSP connection that returns each reply. */
async function rawClient(): Promise<{ send(method: string, path: string, headers?: [string, string][]): Promise<RtspResponse>; socket: Socket }> {
  const socket = connect({ host: '127.0.0.1', port: server.port });
  await new Promise((resolve) => socket.once('connect', resolve));
  const reader = new RtspMessageReader();
  const waiting: ((response: RtspResponse) => void)[] = [];
  socket.on('data', (chunk) => {
    reader.push(chunk);
    for (let item = reader.next(); item !== undefined; item = reader.next()) if (item.kind === 'response') waiting.shift()?.(item);
  });
  let cseq = 0;
  return {
    socket,
    send: (method, path, headers = []) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        cseq += 1;
        socket.write(writeRequest(method, `rtsp://127.0.0.1:${server.port}/${path}`, [['CSeq', cseq], ...headers]));
      }),
  };
}

const basic = (user: string, password: string): [string, string] => ['Authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`];

test('OPTIONS needs no credentials; DESCRIBE without them gets 401 with both challenges; unknown paths 404', async () => {
  const client = await rawClient();
  const options = await client.send('OPTIONS', 'cam/main');
  assert.match(getHeader(options, 'public') ?? '', /DESCRIBE, SETUP, PLAY/);
  const denied = await client.send('DESCRIBE', 'cam/main');
  assert.equal(denied.statusCode, 401);
  assert.deepEqual(
    getHeaders(denied, 'www-authenticate').map((v) => v.split(' ')[0]),
    ['Basic', 'Digest'],
  );
  assert.equal((await client.send('DESCRIBE', 'cam/other', [basic('u', 'pw')])).statusCode, 404);
  const described = await client.send('DESCRIBE', 'cam/main', [basic('u', 'pw')]);
  assert.equal(described.statusCode, 200);
  assert.equal(getHeader(described, 'content-base'), `rtsp://127.0.0.1:${server.port}/cam/main/`);
  assert.match(Buffer.from(described.body).toString(), /sprop-parameter-sets=Z0LADNoFB\+wFqDAwNSgAAAMACAAAAwD0eKFV,aM48gA==/);
  assert.equal((await client.send('PLAY', 'cam/main', [['Session', 'nope']])).statusCode, 454);
  assert.equal((await client.send('SETUP', 'cam/main/trackID=0', [basic('u', 'pw'), ['Transport', 'RTP/SAVP;multicast']])).statusCode, 461);
  client.socket.destroy();
});

test('UDP session: SETUP, PLAY from the last keyframe with RTP-Info, and the session times out without keepalive', async () => {
  const client = await rawClient();
  const setup = await client.send('SETUP', 'cam/main/trackID=0', [basic('u', 'pw'), ['Transport', 'RTP/AVP;unicast;client_port=40000-40001']]);
  assert.equal(setup.statusCode, 200);
  assert.match(getHeader(setup, 'transport') ?? '', new RegExp(`client_port=40000-40001;server_port=${server.udpPorts?.[0]}-${server.udpPorts?.[1]}`));
  const session = (getHeader(setup, 'session') ?? '').split(';')[0] ?? '';
  const play = await client.send('PLAY', 'cam/main', [basic('u', 'pw'), ['Session', session]]);
  assert.equal(play.statusCode, 200);
  assert.match(getHeader(play, 'rtp-info') ?? '', /^url=rtsp:\/\/127\.0\.0\.1:\d+\/cam\/main\/trackID=0;seq=\d+;rtptime=\d+$/);
  assert.equal(subscriptions.at(-1)?.startAt, 'last-keyframe');
  assert.equal(server.sessionCount(), 1);
  await new Promise((resolve) => setTimeout(resolve, 1700));
  assert.equal(server.sessionCount(), 0);
  assert.deepEqual(
    events.filter((e) => e.sessionId === session).map((e) => [e.kind, e.principal, e.transport]),
    [
      ['started', 'u', 'udp'],
      ['ended', 'u', 'udp'],
    ],
  );
  client.socket.destroy();
});

test('a client sending garbage loses its connection; the server keeps serving others', async () => {
  const bad = await rawClient();
  const closed = new Promise((resolve) => bad.socket.once('close', resolve));
  bad.socket.write('\x16\x03\x01 not rtsp\r\n\r\n');
  await closed;
  const good = await rawClient();
  assert.equal((await good.send('OPTIONS', 'cam/main')).statusCode, 200);
  good.socket.destroy();
});

test('a flood of pipelined requests closes that connection', async () => {
  const flood = await rawClient();
  const closed = new Promise((resolve) => flood.socket.once('close', resolve));
  flood.socket.write(Buffer.from('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n'.repeat(200)));
  flood.socket.resume();
  await closed;
});

/** Resolves with how long the socket stayed open (it must close by itself within `withinMs`). */
function closedWithin(socket: Socket, withinMs: number): Promise<number> {
  const openedAt = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${withinMs} ms`)), withinMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - openedAt);
    });
  });
}

async function connectFrom(port: number, localAddress: string): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  socket.on('error', () => undefined);
  socket.resume();
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

test('endSessions ends the matching TCP and UDP sessions with the reason in their event, and only those', async () => {
  const ended: RtspServerSessionEvent[] = [];
  const served = await createRtspServer({
    host: '127.0.0.1',
    port: 0,
    authMethods: ['basic'],
    authenticate: (request) => (request.credentials?.scheme === 'basic' ? { principal: request.credentials.username } : false),
    resolve: () => source,
    onSession: (event) => event.kind === 'ended' && ended.push(event),
  });
  try {
    const url = `rtsp://127.0.0.1:${served.port}/cam/main`;
    const tcp = await openRtspSession({ url, username: 'revoked', password: 'x', transport: 'tcp' });
    const udp = await openRtspSession({ url, username: 'revoked', password: 'x', transport: 'udp', udpLocalAddress: '127.0.0.1' });
    const kept = await openRtspSession({ url, username: 'kept', password: 'x', transport: 'tcp' });
    assert.equal(served.sessionCount(), 3);
    assert.equal(
      served.endSessions((session) => session.principal === 'revoked' && session.path === 'cam/main', 'access revoked'),
      2,
    );
    assert.equal(served.sessionCount(), 1);
    assert.deepEqual(ended.map((e) => [e.principal, e.transport, e.detail]).sort(), [
      ['revoked', 'tcp', 'access revoked'],
      ['revoked', 'udp', 'access revoked'],
    ]);
    // The TCP client loses its connection, the UDP client gets the RTCP BYE: both see their stream end.
    const [tcpEnd, udpEnd] = await Promise.all([tcp.closed, udp.closed]);
    assert.equal(tcpEnd.kind, 'failed');
    assert.equal(udpEnd.kind === 'failed' && udpEnd.error.code, 'VIGIE_RTSP_STREAM_ENDED');
    assert.equal(
      served.endSessions(() => false, 'nothing'),
      0,
    );
    await kept.close();
    assert.deepEqual(await kept.closed, { kind: 'closed' }, 'the other session ran on');
  } finally {
    await served.close();
  }
});

test('connection caps: per address, then in total; refused connections are closed at once and counted apart', async () => {
  const refused: string[] = [];
  const capped = await createRtspServer({
    host: '127.0.0.1',
    port: 0,
    udp: false,
    resolve: () => source,
    limits: {
      maxConnections: 3,
      maxConnectionsPerAddress: 2,
      requestTimeoutMs: 60_000,
      admission: new ClientAdmission({ descriptorBudget: 100, onRefused: (_server, reason, address) => refused.push(`${reason} ${address}`) }),
    },
  });
  try {
    const held = [await connectFrom(capped.port, '127.0.0.1'), await connectFrom(capped.port, '127.0.0.1')];
    const thirdFromSameAddress = await connectFrom(capped.port, '127.0.0.1');
    assert.ok((await closedWithin(thirdFromSameAddress, 1000)) < 500);
    held.push(await connectFrom(capped.port, '127.0.0.2'));
    const overTotal = await connectFrom(capped.port, '127.0.0.3');
    assert.ok((await closedWithin(overTotal, 1000)) < 500);
    assert.deepEqual(refused, ['per-address 127.0.0.1', 'total 127.0.0.3']);
    // The admitted ones still work, and a freed slot is given again.
    const client = held[2]!;
    client.write(writeRequest('OPTIONS', `rtsp://127.0.0.1:${capped.port}/cam/main`, [['CSeq', 1]]));
    await new Promise((resolve) => client.once('data', resolve));
    held[0]!.destroy();
    await sleep(50);
    const again = await connectFrom(capped.port, '127.0.0.4');
    held.push(again);
    await sleep(200);
    assert.equal(again.destroyed, false);
    for (const socket of held) socket.destroy();
  } finally {
    await capped.close();
  }
});

test('idle connections are closed: silent, a request a byte at a time, and a TCP session with no sign of life', async () => {
  const ended: RtspServerSessionEvent[] = [];
  const idle = await createRtspServer({
    host: '127.0.0.1',
    port: 0,
    udp: false,
    sessionTimeoutS: 2,
    resolve: () => source,
    limits: { requestTimeoutMs: 800 },
    onSession: (e) => e.kind === 'ended' && ended.push(e),
  });
  try {
    const silent = await connectFrom(idle.port, '127.0.0.1');
    const slow = await connectFrom(idle.port, '127.0.0.1');
    const request = Buffer.from('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n');
    let sent = 0;
    const dribble = setInterval(() => {
      if (sent < request.length - 1) slow.write(request.subarray(sent, (sent += 1)));
    }, 50);
    // A client that keeps asking stays, though it holds no session.
    const chatty = await connectFrom(idle.port, '127.0.0.1');
    let cseq = 0;
    const ask = setInterval(() => chatty.write(writeRequest('OPTIONS', `rtsp://127.0.0.1:${idle.port}/cam/main`, [['CSeq', (cseq += 1)]])), 300);
    const [silentMs, slowMs] = await Promise.all([closedWithin(silent, 3000), closedWithin(slow, 3000)]);
    clearInterval(dribble);
    assert.ok(silentMs >= 800 && slowMs >= 800, `closed after ${silentMs} and ${slowMs} ms`);
    assert.equal(chatty.destroyed, false, 'a client completing requests is not idle');
    clearInterval(ask);
    chatty.destroy();

    // PLAY over TCP, then nothing from the client (as when it vanished without a FIN): the session times out.
    const port = idle.port;
    const vanished = await connectFrom(port, '127.0.0.1');
    const send = (method: string, path: string, headers: [string, string][] = []): void => {
      vanished.write(writeRequest(method, `rtsp://127.0.0.1:${port}/${path}`, [['CSeq', (cseq += 1)], ...headers]));
    };
    const replies = new RtspMessageReader();
    const sessionId = new Promise<string>((resolve) =>
      vanished.on('data', (chunk: Buffer) => {
        replies.push(chunk);
        for (let item = replies.next(); item !== undefined; item = replies.next()) {
          const id = item.kind === 'response' ? getHeader(item, 'session') : undefined;
          if (id !== undefined) resolve(id.split(';')[0] ?? '');
        }
      }),
    );
    send('SETUP', 'cam/main/trackID=0', [['Transport', 'RTP/AVP/TCP;unicast;interleaved=0-1']]);
    send('PLAY', 'cam/main', [['Session', await sessionId]]);
    const lifetime = await closedWithin(vanished, 5000);
    assert.ok(lifetime >= 2000, `the session lived ${lifetime} ms`);
    assert.deepEqual(
      ended.map((e) => [e.transport, e.detail]),
      [['tcp', 'timeout']],
    );
  } finally {
    await idle.close();
  }
});
