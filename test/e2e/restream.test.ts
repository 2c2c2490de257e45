// Vigie's RTSP restream consumed by ffmpeg (TCP and UDP) and GStreamer rtspsrc: frame counts and timestamps match what the hub
// published; Vigie accounts (and API tokens as the password) are checked by the same policy as the web,
// and every session's start and end is journaled with the client address.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAccess, type Access } from '../../src/access/index.js';
import { loadConfig } from '../../src/config/load.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createJournal, type Journal } from '../../src/journal/index.js';
import { Hub } from '../../src/media/hub/index.js';
import { encodeClip, type Clip } from '../../src/media/mp4/test-clip.js';
import { startRestream, type Restream } from '../../src/restream/index.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery';
const COMMUNES: Record<string, string> = { cam1: '28085' };
const FRAMES = 75;

interface Pull {
  readonly code: number | null;
  readonly packets: Array<{ dts: number; pts: number; duration: number }>;
  readonly stderr: string;
}

/** ffmpeg as the RTSP client, writing one framecrc line per packet (stream time base 1/90000). */
function pull(url: string, transport: 'tcp' | 'udp'): { done: Promise<Pull>; stop(): void } {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-rtsp_transport', transport, '-i', url, '-c', 'copy', '-f', 'framecrc', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const done = new Promise<Pull>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      const packets = stdout
        .split('\n')
        .filter((line) => /^\d+,/.test(line))
        .map((line) => line.split(',').map((f) => Number(f.trim())))
        .map(([, dts = 0, pts = 0, duration = 0]) => ({ dts, pts, duration }));
      resolve({ code, packets, stderr });
    }),
  );
  return { done, stop: () => child.kill('SIGINT') };
}

describe('RTSP restream', () => {
  let db: TestDatabase;
  let journal: Journal;
  let access: Access;
  let restream: Restream;
  let clip: Clip;
  let token: string;
  const hub = new Hub();

  before(async () => {
    clip = await encodeClip({ codec: 'h264', seconds: 3, gop: 25 });
    db = await openTestDatabase('sqlite');
    const config = loadConfig({ env: {}, overrides: { dataDir: db.dataDir, 'log.level': 'silent' } });
    journal = createJournal({ db: db.db, clock: systemClock, dataDir: db.dataDir });
    access = await createAccess({ db: db.db, clock: systemClock, config, journal, logger: silentLogger, territory: { cameraCommune: async (id) => COMMUNES[id], unknownCommunes: async () => [] } });
    const olivia = await access.users.create({ username: 'olivia', role: 'operator', password: PASSWORD });
    await access.users.create({ username: 'marc', role: 'mayor', password: PASSWORD, communes: ['28218'] });
    token = (await access.tokens.create({ name: 'police relay', actions: ['video.live'] }, { kind: 'user', id: olivia.id, username: olivia.username, role: olivia.role, communes: [] })).token;
    restream = await startRestream({ hub, access, journal, logger: silentLogger, clock: systemClock, host: '127.0.0.1', port: 0 });
  });

  after(async () => {
    await restream.close();
    await db.close();
  });

  /** Publishes the clip in real time once a client is playing, then ends the stream (which ends the client). */
  async function serveOnce(): Promise<void> {
    const publisher = hub.publish('cam1/main');
    publisher.setTrack(clip.track);
    for (let waited = 0; restream.sessionCount() === 0; waited += 20) {
      if (waited > 15_000) assert.fail('no RTSP client started playing');
      await sleep(20);
    }
    await sleep(200);
    for (const unit of clip.units.slice(0, FRAMES)) {
      publisher.push({ ...unit, wallClockMs: Date.now() });
      await sleep(40);
    }
    await sleep(300);
    publisher.end();
  }

  for (const transport of ['tcp', 'udp'] as const) {
    it(`serves ffmpeg over ${transport.toUpperCase()} every picture with its timestamp`, async () => {
      const client = pull(`rtsp://olivia:${encodeURIComponent(PASSWORD)}@127.0.0.1:${restream.port}/cam1/main`, transport);
      await serveOnce();
      if (transport === 'udp') {
        // Over UDP the end of the stream is a silence: stop the client once the pictures are in.
        await sleep(500);
        client.stop();
      }
      const result = await client.done;
      assert.equal(result.packets.length, FRAMES, result.stderr);
      // ffmpeg leaves the first RTSP packet's timestamp unset (feasibility.md §1): compare from the second one.
      const steps = result.packets.slice(2).map((p, i) => p.pts - (result.packets[i + 1]?.pts ?? 0));
      assert.ok(
        steps.every((s) => s === 3600),
        `pts steps: ${steps.join(',')}`,
      );
    });
  }

  it('serves GStreamer rtspsrc every picture', async () => {
    const child = spawn(
      'gst-launch-1.0',
      [
        '-v',
        'rtspsrc',
        `location=rtsp://127.0.0.1:${restream.port}/cam1/main`,
        'user-id=olivia',
        `user-pw=${PASSWORD}`,
        'protocols=tcp',
        '!',
        'rtph264depay',
        '!',
        'h264parse',
        '!',
        'fakesink',
        'silent=false',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await serveOnce();
    await sleep(500);
    child.kill('SIGINT');
    await exited;
    clearTimeout(killer);
    const buffers = output.split('\n').filter((line) => line.includes('chain') && line.includes('fakesink'));
    assert.equal(buffers.length, FRAMES, output.slice(-2000));
  });

  it('accepts an API token as the password', async () => {
    const client = pull(`rtsp://relay:${token}@127.0.0.1:${restream.port}/cam1/main`, 'tcp');
    await serveOnce();
    assert.equal((await client.done).packets.length, FRAMES);
  });

  it('refuses anonymous clients, wrong passwords and subjects outside their commune, and journals each session', async () => {
    hub.publish('cam1/main').setTrack(clip.track);
    for (const credentials of ['', 'olivia:wrong@', `marc:${encodeURIComponent(PASSWORD)}@`]) {
      const result = await pull(`rtsp://${credentials}127.0.0.1:${restream.port}/cam1/main`, 'tcp').done;
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /401/, credentials);
    }
    const entries = (await journal.query({ action: 'video.live', cameraId: 'cam1' })).entries;
    const denied = entries.find((e) => e.outcome === 'denied');
    assert.equal(denied?.actor?.username, 'marc');
    assert.match(String(denied?.details['reason']), /commune/);
    const olivia = entries.filter((e) => e.actor?.username === 'olivia' && e.outcome === 'allowed' && e.details['token'] === undefined);
    assert.deepEqual(olivia.map((e) => e.details['phase']).sort(), ['end', 'end', 'end', 'start', 'start', 'start'], 'ffmpeg over TCP and UDP, and GStreamer');
    const relay = entries.filter((e) => e.actor?.username === 'olivia' && (e.details['token'] as { name?: string } | undefined)?.name === 'police relay');
    assert.deepEqual(relay.map((e) => e.details['phase']).sort(), ['end', 'start'], "the token's session is journaled as its owner's, naming the token");
    assert.ok(olivia.every((e) => e.ip === '127.0.0.1' && e.details['via'] === 'rtsp'));
    assert.ok(olivia.some((e) => typeof e.details['durationMs'] === 'number' && (e.details['durationMs'] as number) >= 3000));
  });
});
