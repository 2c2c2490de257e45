// JPEG still of one camera at an instant: the fragments from the keyframe before it, remuxed on a timeline
// starting at zero, decoded by ffmpeg up to the frame shown at that instant.
import { spawn } from 'node:child_process';
import { VigieError } from '../core/errors.js';
import { writeInitSegment, writeMediaFragment } from '../media/mp4/index.js';
import type { ArchiveReader } from './archive-reader.js';

const MAX_FRAGMENTS = 64;

export async function snapshotJpeg(reader: ArchiveReader, atMs: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let origin: number | undefined;
  let covered = false;
  for await (const fragment of reader.fragments(atMs)) {
    if (origin === undefined) {
      if (fragment.startMs > atMs) break;
      origin = fragment.startMs;
      parts.push(writeInitSegment(fragment.track));
    }
    parts.push(writeMediaFragment(parts.length, fragment.units, { timeOffset90k: -origin * 90, nextDts90k: fragment.endMs * 90 }));
    if (fragment.endMs > atMs) {
      covered = true;
      break;
    }
    if (parts.length > MAX_FRAGMENTS) break;
  }
  if (origin === undefined || !covered) throw new VigieError('VIGIE_NO_FOOTAGE', `no recorded footage at ${new Date(atMs).toISOString()}`, { status: 404 });
  return decodeFrame(Buffer.concat(parts), (atMs - origin) / 1000);
}

function decodeFrame(mp4: Uint8Array, seconds: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'mp4', '-i', 'pipe:0', '-ss', seconds.toFixed(3), '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg', '-q:v', '3', 'pipe:1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    ffmpeg.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    ffmpeg.stdin.on('error', () => undefined);
    ffmpeg.on('error', (error) => reject(new VigieError('VIGIE_SNAPSHOT_FAILED', 'ffmpeg could not be started', { status: 500, cause: error })));
    ffmpeg.on('close', (code) => {
      const jpeg = Buffer.concat(out);
      if (code === 0 && jpeg.length > 0) resolve(new Uint8Array(jpeg));
      else reject(new VigieError('VIGIE_SNAPSHOT_FAILED', `ffmpeg could not decode the frame: ${stderr.trim().slice(0, 200)}`, { status: 500 }));
    });
    ffmpeg.stdin.end(mp4);
  });
}
