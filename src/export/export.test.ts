// Export packages from real recordings: native remux readable by ffprobe, caption variant, signature checked by
// `vigie export verify` logic and by the exact openssl command of the README, tampering detected.
import { execFile } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { createLogger } from '../core/logger.js';
import { encodeClip } from '../media/mp4/test-clip.js';
import { Recorder, SegmentStore, Volumes } from '../recording/index.js';
import { feed } from '../recording/testing/feed.js';
import { buildPackage, type PackageRequest } from './package.js';
import { loadSigningKey } from './signing-key.js';
import { verifyPackage } from './verify.js';

const run = promisify(execFile);
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
let database: TestDatabase;
let store: SegmentStore;
let out: string;

const request = (overrides: Partial<PackageRequest> = {}): PackageRequest => ({
  exportId: 'exp-1',
  camera: { id: 'cam-e', name: 'Place des Épars', communeName: 'Chartres', communeInsee: '28085', lat: 48.44, lon: 1.48 },
  fromMs: T0 + 1500,
  toMs: T0 + 4500,
  requester: 'opj.martin',
  reason: 'réquisition judiciaire',
  reference: 'PV 2026/1234',
  caption: false,
  ...overrides,
});

before(async () => {
  database = await openTestDatabase('sqlite');
  store = new SegmentStore(database.db);
  out = await mkdtemp(join(tmpdir(), 'vigie-export-'));
  const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
  const recorder = new Recorder({ cameraId: 'cam-e', stream: 'main', segmentSeconds: 2, volumes: Volumes.fromConfig(database.dataDir, []), store, logger: createLogger({ level: 'silent' }) });
  await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 150 });
  recorder.stop('closed');
  await recorder.drain();
});
after(async () => {
  await database.close();
  await rm(out, { recursive: true, force: true });
});

describe('export package', () => {
  it('remuxes the range from the keyframe before it, across files, and signs a verifiable package', async () => {
    const dir = join(out, 'a');
    const key = loadSigningKey(database.dataDir);
    const { manifest } = await buildPackage(dir, request({ caption: true }), store, key, '0.1.0');
    assert.equal(manifest.video.startMs, T0 + 1000);
    assert.equal(manifest.video.endMs, T0 + 4520);
    assert.equal(manifest.requested.fromLocal, '2026-11-20 09:00:01 GMT+1');
    const probe = async (name: string) =>
      (await run('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=nb_read_frames,codec_name', '-of', 'csv=p=0', join(dir, name)])).stdout.trim();
    assert.equal(await probe('video.mp4'), 'h264,88');
    assert.equal(await probe('video-captioned.mp4'), 'h264,88');
    assert.deepEqual(
      manifest.files.map((f) => f.name),
      ['video.mp4', 'video-captioned.mp4', 'player.html', 'README.txt', 'signing-key.pem'],
    );
    assert.deepEqual(await verifyPackage(dir, key.publicKeyPem), { ok: true, exportId: 'exp-1', problems: [] });
    const sums = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir });
    assert.match(sums.stdout, /video\.mp4: OK/);
    const openssl = await run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'signing-key.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.sig'], { cwd: dir });
    assert.match(openssl.stdout, /Signature Verified Successfully/);
    const html = await readFile(join(dir, 'player.html'), 'utf8');
    assert.ok(!/https?:\/\//.test(html.replace(/<meta[^>]*>/g, '')), 'the player loads nothing from the network');
  });

  it('fails verification when one byte of video or manifest changes, and openssl refuses too', async () => {
    const dir = join(out, 'b');
    await buildPackage(dir, request(), store, loadSigningKey(database.dataDir), '0.1.0');
    const file = await open(join(dir, 'video.mp4'), 'r+');
    const byte = Buffer.alloc(1);
    await file.read(byte, 0, 1, 5000);
    await file.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, 5000);
    await file.close();
    const video = await verifyPackage(dir);
    assert.equal(video.ok, false);
    const cli = await run(process.execPath, ['bin/vigie.js', 'export', 'verify', dir]).then(
      () => assert.fail('verify must fail'),
      (error: { code: number; stdout: string }) => error,
    );
    assert.equal(cli.code, 1);
    assert.equal((JSON.parse(cli.stdout.trim().split('\n').pop() ?? '') as { ok: boolean }).ok, false);
    assert.ok(video.problems.includes('video.mp4 does not match its SHA-256 in manifest.json'));

    const dir2 = join(out, 'c');
    await buildPackage(dir2, request(), store, loadSigningKey(database.dataDir), '0.1.0');
    const manifestPath = join(dir2, 'manifest.json');
    await writeFile(manifestPath, (await readFile(manifestPath, 'utf8')).replace('opj.martin', 'opj.martine'));
    const manifest = await verifyPackage(dir2);
    assert.equal(manifest.ok, false);
    assert.ok(manifest.problems.includes('manifest.sig does not match manifest.json'));
    await assert.rejects(run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'signing-key.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.sig'], { cwd: dir2 }));
  });

  it('says clearly when there is no footage in the range', async () => {
    await assert.rejects(buildPackage(join(out, 'd'), request({ fromMs: T0 - 60_000, toMs: T0 - 1000 }), store, loadSigningKey(database.dataDir), '0.1.0'), { code: 'VIGIE_NO_FOOTAGE' });
  });
});
