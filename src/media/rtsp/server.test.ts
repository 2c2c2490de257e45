import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { lengthPrefixed } from '../hub/access-unit.js';
import type { SubscribeOptions } from '../hub/stream-consumer.js';
import { h264TrackInfo } from '../h264/track-info.js';
import { getHeader, getHeaders, writeRequest, type RtspResponse } from './message.js';
import { RtspMessageReader } from './message-reader.js';
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
  assert.deepEqual(getHeaders(denied, 'www-authenticate').map((v) => v.split(' ')[0]), ['Basic', 'Digest']);
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
  assert.deepEqual(events.filter((e) => e.sessionId === session).map((e) => [e.kind, e.principal, e.transport]), [['started', 'u', 'udp'], ['ended', 'u', 'udp']]);
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
