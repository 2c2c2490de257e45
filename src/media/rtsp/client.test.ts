import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { lengthPrefixed, type AccessUnit, type TrackInfo } from '../hub/access-unit.js';
import { h264TrackInfo } from '../h264/track-info.js';
import { writeInterleavedFrame } from './interleaved-frame.js';
import { getHeader, writeResponse } from './message.js';
import { RtspMessageReader } from './message-reader.js';
import { openRtspSession } from './client.js';
import { createRtspServer } from './server.js';
import type { RtspServerSource } from './server-source.js';

const closers: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const close of closers) await close();
});

/** A scripted peer: `reply(method, cseq, socket)` answers each request (or not). */
async function fakeCamera(reply: (method: string, cseq: string, socket: Socket) => void, onConnect?: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnect?.(socket);
    const reader = new RtspMessageReader();
    socket.on('data', (chunk) => {
      reader.push(chunk);
      for (let item = reader.next(); item !== undefined; item = reader.next()) {
        if (item.kind === 'request') reply(item.method, getHeader(item, 'cseq') ?? '0', socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

const SPS = Uint8Array.from(Buffer.from('Z0LADNoFB+wFqDAwNSgAAAMACAAAAwD0eKFV', 'base64'));
const PPS = Uint8Array.from(Buffer.from('aM48gA==', 'base64'));
const TRACK: TrackInfo = h264TrackInfo(96, 90_000, { sps: SPS, pps: PPS });
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=0\r\n';

/** Answers like a camera up to PLAY, then lets `afterPlay` misbehave. */
function scriptedCamera(afterPlay: (socket: Socket) => void) {
  return (method: string, cseq: string, socket: Socket): void => {
    const headers: [string, string][] = [['CSeq', cseq]];
    if (method === 'DESCRIBE') socket.write(writeResponse(200, 'OK', [...headers, ['Content-Type', 'application/sdp']], SDP));
    else if (method === 'SETUP') socket.write(writeResponse(200, 'OK', [...headers, ['Session', 'abc;timeout=60'], ['Transport', 'RTP/AVP/TCP;unicast;interleaved=0-1']]));
    else if (method === 'PLAY') {
      socket.write(writeResponse(200, 'OK', [...headers, ['Session', 'abc']]));
      afterPlay(socket);
    } else socket.write(writeResponse(200, 'OK', headers));
  };
}

const IDR_PACKET = Uint8Array.from([0x80, 0xe0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x65, 0x88, 0x84]);

test('a camera that answers garbage, hangs up, or never answers: clear errors when opening', async () => {
  const garbage = await fakeCamera((_m, _c, socket) => socket.write('\x00\x01garbage\r\n\r\n'));
  await assert.rejects(openRtspSession({ url: `rtsp://127.0.0.1:${garbage}/x` }), { code: 'VIGIE_RTSP_MALFORMED' });
  const hangup = await fakeCamera(
    () => undefined,
    (socket) => socket.destroy(),
  );
  await assert.rejects(openRtspSession({ url: `rtsp://127.0.0.1:${hangup}/x` }), { code: 'VIGIE_RTSP_CONNECTION_CLOSED' });
  const silent = await fakeCamera(() => undefined);
  await assert.rejects(openRtspSession({ url: `rtsp://127.0.0.1:${silent}/x`, timeoutMs: 200 }), { code: 'VIGIE_RTSP_TIMEOUT' });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(openRtspSession({ url: `rtsp://127.0.0.1:${silent}/x`, signal: controller.signal }), { code: 'VIGIE_RTSP_ABORTED' });
  await assert.rejects(openRtspSession({ url: 'http://127.0.0.1/x' }), { code: 'VIGIE_RTSP_INVALID_URL' });
  const audioOnly = await fakeCamera((method, cseq, socket) =>
    socket.write(method === 'DESCRIBE' ? writeResponse(200, 'OK', [['CSeq', cseq]], 'v=0\r\nm=audio 0 RTP/AVP 0\r\n') : writeResponse(200, 'OK', [['CSeq', cseq]])),
  );
  await assert.rejects(openRtspSession({ url: `rtsp://127.0.0.1:${audioOnly}/x` }), { code: 'VIGIE_RTSP_NO_VIDEO_TRACK' });
});

test('after PLAY: garbage, a hang-up and silence end the session through onClose, never as an uncaught error', async () => {
  const cases = [
    ['VIGIE_RTSP_MALFORMED', (socket: Socket) => setTimeout(() => socket.write('NOT RTSP AT ALL\r\n\r\n'), 50)],
    ['VIGIE_RTSP_CONNECTION_CLOSED', (socket: Socket) => setTimeout(() => socket.destroy(), 50)],
    ['VIGIE_RTSP_NO_DATA', (socket: Socket) => socket.write(writeInterleavedFrame(0, IDR_PACKET))],
  ] as const;
  for (const [code, misbehave] of cases) {
    const port = await fakeCamera(scriptedCamera(misbehave));
    const units: AccessUnit[] = [];
    const session = await openRtspSession({ url: `rtsp://127.0.0.1:${port}/x`, noDataTimeoutMs: 300, onAccessUnit: (u) => units.push(u) });
    const reason = await session.closed;
    assert.ok(reason.kind === 'failed' && reason.error.code === code, `${code}: ${JSON.stringify(reason)}`);
  }
});

test('DESCRIBE redirects are followed (up to 5)', async () => {
  const server = await createRtspServer({ host: '127.0.0.1', port: 0, udp: false, resolve: () => endlessSource() });
  closers.push(() => server.close());
  const redirect = await fakeCamera((method, cseq, socket) =>
    socket.write(
      method === 'DESCRIBE'
        ? writeResponse(302, 'Found', [
            ['CSeq', cseq],
            ['Location', `rtsp://127.0.0.1:${server.port}/real`],
          ])
        : writeResponse(200, 'OK', [['CSeq', cseq]]),
    ),
  );
  const session = await openRtspSession({ url: `rtsp://127.0.0.1:${redirect}/old` });
  assert.equal(session.url, `rtsp://127.0.0.1:${server.port}/real`);
  await session.close();
  let loopPort = 0;
  loopPort = await fakeCamera((method, cseq, socket) =>
    socket.write(
      writeResponse(301, 'Moved', [
        ['CSeq', cseq],
        ['Location', `rtsp://127.0.0.1:${loopPort}/again`],
      ]),
    ),
  );
  await assert.rejects(openRtspSession({ url: `rtsp://127.0.0.1:${loopPort}/x` }), { code: 'VIGIE_RTSP_TOO_MANY_REDIRECTS' });
});

/** Sends a keyframe every 40 ms until unsubscribed. */
function endlessSource(): RtspServerSource {
  return {
    track: () => TRACK,
    subscribe(consumer) {
      consumer.start(TRACK);
      let index = 0;
      const timer = setInterval(() => {
        void consumer.accept({ ...lengthPrefixed([SPS, PPS, Uint8Array.of(0x65, 0x88, 0x84, index & 0xff)]), dts90k: index * 3600, pts90k: index * 3600, wallClockMs: Date.now(), isKeyframe: true });
        index += 1;
      }, 40);
      return { close: () => clearInterval(timer) };
    },
  };
}

test('keepalive at half the session timeout keeps a UDP session alive past the timeout', async () => {
  const ended: string[] = [];
  const server = await createRtspServer({ host: '127.0.0.1', port: 0, sessionTimeoutS: 2, resolve: () => endlessSource(), onSession: (e) => e.kind === 'ended' && ended.push(e.sessionId) });
  closers.push(() => server.close());
  let units = 0;
  const session = await openRtspSession({ url: `rtsp://127.0.0.1:${server.port}/cam`, transport: 'udp', udpLocalAddress: '127.0.0.1', onAccessUnit: () => (units += 1) });
  await new Promise((resolve) => setTimeout(resolve, 3500));
  assert.equal(server.sessionCount(), 1);
  assert.deepEqual(ended, []);
  const before = units;
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(units > before && before > 50, `${before} then ${units}`);
  await session.close();
  assert.deepEqual(await session.closed, { kind: 'closed' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(server.sessionCount(), 0, 'TEARDOWN ended the server session');
});
