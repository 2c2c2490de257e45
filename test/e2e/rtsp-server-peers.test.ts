// Vigie's RTSP server consumed by independent clients: ffprobe (TCP and UDP), GStreamer rtspsrc, and Vigie's own
// client with Digest and Basic authentication. Frame counts and timestamps must match the source clip.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { createRtspServer, openRtspSession, type RtspServer } from '../../src/media/rtsp/index.js';
import { clipSource, encodeClip, type AnnexBClip } from '../support/annex-b-source.js';

const FRAMES = 50;
let dir = '';
let clips: Record<'h264' | 'h265', AnnexBClip>;
let server: RtspServer | undefined;

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) => resolve(`${stdout}${stderr}${error === null ? '' : `\nexit: ${error.message}`}`));
  });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-rtsp-server-'));
  clips = { h264: encodeClip(dir, 'h264', FRAMES), h265: encodeClip(dir, 'h265', FRAMES) };
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the clips hold the expected pictures', () => {
  assert.equal(clips.h264.pictures.length, FRAMES);
  assert.equal(clips.h265.pictures.length, FRAMES);
  assert.deepEqual([clips.h264.track.width, clips.h265.track.height], [320, 240]);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

test('ffprobe and GStreamer rtspsrc read every frame over TCP and UDP, H.264 and H.265', async () => {
  // path: <codec>[-fwd] — "-fwd" serves pre-packetized units whose RTP packets are forwarded with new headers.
  const served = await createRtspServer({
    host: '127.0.0.1',
    port: 0,
    resolve: (path) => {
      const match = /^(h264|h265)(-fwd)?$/.exec(path);
      if (match === null) return undefined;
      return clipSource(clips[match[1] as 'h264' | 'h265'], { prePacketized: match[2] !== undefined });
    },
  });
  server = served;
  const url = (path: string): string => `rtsp://127.0.0.1:${served.port}/${path}`;
  const probe = (path: string, transport: string): Promise<string> =>
    run('ffprobe', ['-v', 'error', '-rtsp_transport', transport, '-select_streams', 'v', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', url(path)]);
  const cases = [
    ['h264', 'tcp'],
    ['h264', 'udp'],
    ['h265', 'tcp'],
    ['h265', 'udp'],
    ['h264-fwd', 'tcp'],
    ['h265-fwd', 'udp'],
  ] as const;
  const outputs = await Promise.all(cases.map(([path, transport]) => probe(path, transport)));
  outputs.forEach((output, index) => {
    // ffmpeg leaves the first packet's time unset (N/A), a known quirk of its RTSP demuxer.
    const lines = output.split('\n').filter((line) => /^(\d|N\/A)/.test(line));
    assert.equal(lines.length, FRAMES, `${cases[index]?.join(' ')}: ${output.slice(-500)}`);
    const times = lines.filter((line) => /^\d/.test(line)).map((line) => Number.parseFloat(line));
    assert.ok(times.length >= FRAMES - 1);
    const steps = times.slice(1).map((t, i) => Math.round((t - (times[i] ?? 0)) * 1000));
    assert.ok(
      steps.every((step) => step === 40),
      `${cases[index]?.join(' ')}: 40 ms between frames, got ${steps.join(',')}`,
    );
  });
  const count = (output: string): number => output.split('\n').filter((line) => line.includes('chain')).length;
  const gst = await Promise.all(
    [
      ['h264', 'tcp', 'rtph264depay ! h264parse'],
      ['h265', 'udp', 'rtph265depay ! h265parse'],
    ].map(([path, protocol, depay]) =>
      run('gst-launch-1.0', ['-v', 'rtspsrc', `location=${url(path ?? '')}`, `protocols=${protocol}`, '!', ...(depay ?? '').split(' '), '!', 'fakesink', 'silent=false']),
    ),
  );
  assert.deepEqual(gst.map(count), [FRAMES, FRAMES], gst.map((o) => o.slice(-300)).join('\n'));
});

const USERS = new Map([
  ['alice', 'pw-a'],
  ['bob', 'pw-b'],
]);

async function authServer(authMethods: readonly ('basic' | 'digest')[], seen: string[]): Promise<RtspServer> {
  const served = await createRtspServer({
    host: '127.0.0.1',
    port: 0,
    authMethods,
    authenticate: (request) => {
      const who = request.credentials;
      const password = who === undefined ? undefined : USERS.get(who.username);
      if (who === undefined || password === undefined) return false;
      const ok = who.scheme === 'basic' ? who.password === password : request.verifyDigestPassword(password);
      return ok ? { principal: who.username } : false;
    },
    resolve: (path, context) => {
      seen.push(`${path}:${context.principal ?? '-'}`);
      return path === 'h264' ? clipSource(clips.h264) : undefined;
    },
  });
  server = served;
  return served;
}

test("Vigie's client through Digest; wrong credentials and unknown paths are refused", async () => {
  const seen: string[] = [];
  const served = await authServer(['digest', 'basic'], seen);
  const url = `rtsp://127.0.0.1:${served.port}/h264`;
  let units = 0;
  const session = await openRtspSession({ url, username: 'alice', password: 'pw-a', transport: 'udp', udpLocalAddress: '127.0.0.1', onAccessUnit: () => (units += 1) });
  assert.equal(session.track.width, 320);
  const reason = await session.closed;
  assert.ok(reason.kind === 'failed' && reason.error.code === 'VIGIE_RTSP_STREAM_ENDED', 'RTCP BYE ends the UDP session');
  assert.equal(units, FRAMES);
  assert.ok(seen.includes('h264:alice'));
  await assert.rejects(openRtspSession({ url, username: 'alice', password: 'nope' }), { code: 'VIGIE_RTSP_AUTH_REJECTED' });
  await assert.rejects(openRtspSession({ url: `rtsp://127.0.0.1:${served.port}/nothing`, username: 'alice', password: 'pw-a' }), { code: 'VIGIE_RTSP_UNEXPECTED_STATUS' });
});

test('ffprobe through Basic authentication', async () => {
  const served = await authServer(['basic'], []);
  const basic = await run('ffprobe', [
    '-v',
    'error',
    '-rtsp_transport',
    'tcp',
    '-count_frames',
    '-show_entries',
    'stream=nb_read_frames',
    '-of',
    'csv=p=0',
    `rtsp://bob:pw-b@127.0.0.1:${served.port}/h264`,
  ]);
  assert.equal(basic.trim(), String(FRAMES), basic);
});
