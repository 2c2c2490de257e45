// Builds one export package in a directory: native video (remuxed), optional caption variant (ffmpeg
// drawtext, Europe/Paris time), offline player, README, public key, manifest with SHA-256 of every file,
// its Ed25519 signature, and SHA256SUMS for `sha256sum -c`.
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VigieError } from '../core/errors.js';
import type { SegmentStore } from '../recording/index.js';
import { manifestBookmark, parisTime, sha256File, sha256SumsText, type ExportManifest, type ManifestFile, type PackageBookmark } from './manifest.js';
import { playerHtml } from './player-html.js';
import { readmeText } from './readme-text.js';
import { remuxRange, segmentsFor } from './remux.js';
import type { SigningKey } from './signing-key.js';

const run = promisify(execFile);
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

export interface ExportCamera {
  readonly id: string;
  readonly name: string;
  readonly communeName: string;
  readonly communeInsee: string;
  readonly lat: number;
  readonly lon: number;
}

export interface PackageRequest {
  readonly exportId: string;
  readonly camera: ExportCamera;
  readonly fromMs: number;
  readonly toMs: number;
  readonly requester: string;
  readonly reason: string;
  readonly reference: string;
  readonly caption: boolean;
  /** Bookmarks of this footage written into the signed manifest (none: no `bookmarks` field). */
  readonly bookmarks?: readonly PackageBookmark[];
}

export interface PackageResult {
  readonly manifest: ExportManifest;
  readonly bytes: number;
}

async function captionVariant(dir: string, camera: ExportCamera, startMs: number): Promise<void> {
  const label = join(dir, '.caption.txt');
  await writeFile(label, `${camera.name} — ${camera.communeName}`);
  const drawLabel = `drawtext=fontfile=${FONT}:textfile=${label}:fontsize=20:fontcolor=white:box=1:boxcolor=black@0.6:x=8:y=8`;
  const drawTime = `drawtext=fontfile=${FONT}:text='%{pts\\:localtime\\:${(startMs / 1000).toFixed(3)}}':fontsize=20:fontcolor=white:box=1:boxcolor=black@0.6:x=8:y=36`;
  try {
    await run(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-i',
        join(dir, 'video.mp4'),
        '-vf',
        `${drawLabel},${drawTime}`,
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '18',
        '-pix_fmt',
        'yuv420p',
        join(dir, 'video-captioned.mp4'),
      ],
      { env: { ...process.env, TZ: 'Europe/Paris' } },
    );
  } catch (error) {
    throw new VigieError('VIGIE_EXPORT_CAPTION_FAILED', 'ffmpeg could not make the caption variant', { status: 500, cause: error });
  } finally {
    await rm(label, { force: true });
  }
}

export async function buildPackage(dir: string, request: PackageRequest, store: SegmentStore, key: SigningKey, vigieVersion: string): Promise<PackageResult> {
  if (!(request.toMs > request.fromMs)) throw new VigieError('VIGIE_EXPORT_RANGE', 'the export range must end after it starts', { status: 400 });
  await mkdir(dir, { recursive: true });
  const rows = await segmentsFor(store, request.camera.id, request.fromMs, request.toMs);
  const video = await remuxRange(rows, request.fromMs, request.toMs, join(dir, 'video.mp4'));
  if (request.caption) await captionVariant(dir, request.camera, video.startMs);
  const frameRate = Math.max(1, Math.round((video.frames * 1000) / Math.max(1, video.endMs - video.startMs)));
  const players = [{ id: request.camera.id, name: request.camera.name, commune: request.camera.communeName, file: 'video.mp4', startMs: video.startMs, endMs: video.endMs, frameRate }];
  await writeFile(join(dir, 'player.html'), playerHtml(`Export ${request.camera.name} — ${request.reference}`, players));
  await writeFile(
    join(dir, 'README.txt'),
    readmeText({ cameraName: request.camera.name, fromIso: new Date(request.fromMs).toISOString(), toIso: new Date(request.toMs).toISOString(), reference: request.reference }),
  );
  await writeFile(join(dir, 'signing-key.pem'), key.publicKeyPem);

  const names = [...(request.caption ? ['video-captioned.mp4'] : []), 'player.html', 'README.txt', 'signing-key.pem'];
  // The native video was hashed while it was written.
  const files: ManifestFile[] = [{ name: 'video.mp4', bytes: video.bytes, sha256: video.sha256 }];
  for (const name of names) files.push({ name, ...(await sha256File(join(dir, name))) });
  const manifest: ExportManifest = {
    format: 'vigie-export/1',
    exportId: request.exportId,
    vigieVersion,
    createdAt: new Date().toISOString(),
    camera: { id: request.camera.id, name: request.camera.name, commune: request.camera.communeName, communeInsee: request.camera.communeInsee, lat: request.camera.lat, lon: request.camera.lon },
    requested: {
      fromUtc: new Date(request.fromMs).toISOString(),
      toUtc: new Date(request.toMs).toISOString(),
      fromLocal: parisTime(request.fromMs),
      toLocal: parisTime(request.toMs),
      timeZone: 'Europe/Paris',
    },
    video: {
      startUtc: new Date(video.startMs).toISOString(),
      startMs: video.startMs,
      endUtc: new Date(video.endMs).toISOString(),
      endMs: video.endMs,
      frames: video.frames,
      remuxed: 'native, no re-encoding',
    },
    requester: request.requester,
    reason: request.reason,
    reference: request.reference,
    ...(request.bookmarks === undefined || request.bookmarks.length === 0 ? {} : { bookmarks: request.bookmarks.map(manifestBookmark) }),
    files,
  };
  return { manifest, bytes: await sealPackage(dir, manifest, key) };
}

/**
 * Writes manifest.json, its Ed25519 signature and SHA256SUMS (every file of the manifest, then the manifest and
 * its signature); returns the package's total bytes. The files listed were hashed already and are not read again.
 */
export async function sealPackage(dir: string, manifest: { readonly files: readonly ManifestFile[] }, key: SigningKey): Promise<number> {
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, 'manifest.json'), manifestBytes);
  await writeFile(join(dir, 'manifest.sig'), key.sign(manifestBytes));
  const all = [...manifest.files];
  for (const name of ['manifest.json', 'manifest.sig']) all.push({ name, ...(await sha256File(join(dir, name))) });
  await writeFile(join(dir, 'SHA256SUMS'), sha256SumsText(all));
  return all.reduce((sum, f) => sum + f.bytes, 0);
}
