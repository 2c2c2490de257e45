// Decoded pictures of a camera as Vigie publishes them (the hub's keys, so a masked camera's pictures are already
// masked): the mask editor's still and the PTZ calibration's frames. A picture is taken from the hub's cached GOP
// and the live units after it, and decoded by ffmpeg from its keyframe.
import { VigieError } from '../core/errors.js';
import { runFfmpegOnce } from '../media/ffmpeg/index.js';
import { joinAnnexB } from '../media/h264/index.js';
import type { AccessUnit, StreamConsumer, StreamSource, TrackInfo } from '../media/hub/index.js';

/** Units delivered this soon after subscribing may be the hub's cached GOP: older than they look. */
const CACHED_BURST_MS = 250;
const MAX_PICTURES = 600;

export interface GrabbedPictures {
  readonly track: TrackInfo;
  /** Annex B pictures from a keyframe, the last one arrived in Vigie at or after the time asked for. */
  readonly pictures: readonly Uint8Array[];
}

/**
 * The pictures from the last keyframe to the first one that reached Vigie at or after `notBeforeMs` (wall clock
 * of this process). VIGIE_MASK_NO_PICTURE when the camera publishes nothing within `timeoutMs`.
 */
export function grabPictures(source: StreamSource, streamKey: string, options: { readonly notBeforeMs?: number; readonly timeoutMs?: number } = {}): Promise<GrabbedPictures> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const subscribedAt = Date.now();
  const notBefore = Math.max(options.notBeforeMs ?? subscribedAt, subscribedAt + CACHED_BURST_MS);
  return new Promise((resolve, reject) => {
    let track: TrackInfo | undefined;
    let pictures: Uint8Array[] = [];
    let settled = false;
    const finish = (error: VigieError | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      queueMicrotask(() => subscription.close());
      if (error !== undefined || track === undefined) reject(error ?? noPicture(streamKey));
      else resolve({ track, pictures });
    };
    const consumer: StreamConsumer = {
      label: `masks still ${streamKey}`,
      start(next) {
        track = next;
        pictures = [];
      },
      accept(unit: AccessUnit) {
        if (settled) return;
        if (unit.isKeyframe) pictures = [];
        else if (pictures.length === 0 || pictures.length >= MAX_PICTURES) return;
        const sets = track?.parameterSets;
        const nals = unit.isKeyframe && sets !== undefined ? [...(sets.vps === undefined ? [] : [sets.vps]), sets.sps, sets.pps, ...unit.nalUnits] : unit.nalUnits;
        pictures.push(joinAnnexB(nals));
        if (Date.now() >= notBefore) finish(undefined);
      },
      stop() {
        if (!settled) finish(noPicture(streamKey));
      },
    };
    const timer = setTimeout(() => finish(noPicture(streamKey)), timeoutMs);
    const subscription = source.subscribe(streamKey, consumer, { startAt: 'last-keyframe', maxQueuedBytes: 64e6 });
  });
}

const noPicture = (streamKey: string): VigieError => new VigieError('VIGIE_MASK_NO_PICTURE', `camera ${streamKey} publishes no picture (offline, or its mask pipeline is failing)`, { status: 503 });

async function ffmpeg(args: readonly string[], input: Uint8Array): Promise<Buffer> {
  const run = await runFfmpegOnce(args, input).catch((error: Error) => {
    throw new VigieError('VIGIE_MASK_NO_PICTURE', `ffmpeg could not run: ${error.message}`, { status: 503 });
  });
  if (run.code !== 0) throw new VigieError('VIGIE_MASK_NO_PICTURE', `ffmpeg could not decode the picture (${run.code}): ${run.stderr}`, { status: 503 });
  return run.stdout;
}

const demuxer = (track: TrackInfo): string => (track.codec === 'h265' ? 'hevc' : 'h264');
const lastPicture = (count: number): string[] => ['-vf', `select=eq(n\\,${count - 1})`, '-fps_mode', 'passthrough', '-frames:v', '1'];

/** The last grabbed picture as a JPEG. */
export async function lastPictureJpeg(grabbed: GrabbedPictures): Promise<Uint8Array> {
  return ffmpeg(['-f', demuxer(grabbed.track), '-i', 'pipe:0', ...lastPicture(grabbed.pictures.length), '-f', 'image2', '-c:v', 'mjpeg', '-q:v', '3', 'pipe:1'], Buffer.concat(grabbed.pictures));
}

/** The last grabbed picture's luma, scaled to width×height. */
export async function lastPictureLuma(grabbed: GrabbedPictures, width: number, height: number): Promise<Uint8Array> {
  const raw = await ffmpeg(
    ['-f', demuxer(grabbed.track), '-i', 'pipe:0', ...lastPicture(grabbed.pictures.length), '-s', `${width}x${height}`, '-sws_flags', 'area', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    Buffer.concat(grabbed.pictures),
  );
  if (raw.length < width * height) throw new VigieError('VIGIE_MASK_NO_PICTURE', 'ffmpeg decoded no picture', { status: 503 });
  return new Uint8Array(raw.subarray(raw.length - width * height));
}
