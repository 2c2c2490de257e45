// Live thumbnails for the console's small picture of the wall: one small JPEG per camera, made from the keyframes
// of its sub stream (every 2 s on the simulator, a real sub stream's GOP is of that order), so a thumbnail costs
// one still decode per camera and refresh, whatever the number of consoles and monitors showing that camera.
// A camera is followed only while someone watches its thumbnail (and a few seconds after, so that a console
// re-rendering its wall does not reopen it); ffmpeg runs at most MAX_DECODES at once, and a camera's refresh
// simply waits for its turn when the wall shows many cameras. The hub's keys carry masked pictures already.
import type { Logger } from '../core/logger.js';
import { runFfmpegOnce } from '../media/ffmpeg/index.js';
import { joinAnnexB } from '../media/h264/index.js';
import type { AccessUnit, StreamSource, Subscription, TrackInfo } from '../media/hub/index.js';

/** A thumbnail is made at most this often per camera. */
export const THUMBNAIL_REFRESH_MS = 1500;
const WIDTH = 320;
const MAX_DECODES = 2;
/**
 * Decodes started per second, all cameras together: a still costs ffmpeg's start (about 0.05 s of CPU on a server,
 * 0.2 s on the loaded 2-core test machine), so a wall with many cameras refreshes each less often instead of
 * taking more CPU (12 cameras: every 2 s; 100: about every 17 s).
 */
const DECODES_PER_SECOND = 6;
const LINGER_MS = 5000;
const RETRY_MS = 5000;

export interface Thumbnail {
  readonly jpeg: Uint8Array;
  /** Wall-clock time of the picture (ms since the epoch). */
  readonly atMs: number;
}

export type ThumbnailListener = (thumbnail: Thumbnail) => void;

export interface ThumbnailSourceDeps {
  readonly hub: StreamSource & { streamStats(streamKey: string): unknown };
  readonly logger: Logger;
}

interface Keyframe {
  readonly annexB: Uint8Array;
  readonly codec: TrackInfo['codec'];
  readonly atMs: number;
}

/** Every camera thumbnail of this process: shared by all consoles. */
export class WallThumbnails {
  readonly #deps: ThumbnailSourceDeps;
  readonly #cameras = new Map<string, CameraThumbnail>();
  readonly #waiting: CameraThumbnail[] = [];
  #decoding = 0;
  #lastStartAt = 0;
  #paced: NodeJS.Timeout | undefined;

  constructor(deps: ThumbnailSourceDeps) {
    this.#deps = deps;
  }

  /** Calls `listener` with the camera's current thumbnail (if any) then each new one, until the returned function is called. */
  watch(cameraId: string, listener: ThumbnailListener): () => void {
    let camera = this.#cameras.get(cameraId);
    if (camera === undefined) {
      camera = new CameraThumbnail(cameraId, this.#deps, (c) => this.#queue(c));
      this.#cameras.set(cameraId, camera);
    }
    const watched = camera;
    watched.add(listener);
    return () => watched.remove(listener);
  }

  close(): void {
    clearTimeout(this.#paced);
    for (const camera of this.#cameras.values()) camera.close();
    this.#cameras.clear();
  }

  #queue(camera: CameraThumbnail): void {
    if (!this.#waiting.includes(camera)) this.#waiting.push(camera);
    this.#next();
  }

  #next(): void {
    while (this.#decoding < MAX_DECODES && this.#paced === undefined) {
      const wait = this.#lastStartAt + 1000 / DECODES_PER_SECOND - Date.now();
      if (wait > 0 && this.#waiting.length > 0) {
        this.#paced = setTimeout(() => {
          this.#paced = undefined;
          this.#next();
        }, wait);
        this.#paced.unref();
        return;
      }
      const camera = this.#waiting.shift();
      if (camera === undefined) return;
      const keyframe = camera.take();
      if (keyframe === undefined) continue;
      this.#decoding += 1;
      this.#lastStartAt = Date.now();
      decodeThumbnail(keyframe)
        .then((jpeg) => camera.publish({ jpeg, atMs: keyframe.atMs }))
        .catch((error: unknown) => this.#deps.logger.warn({ err: error, camera: camera.cameraId }, 'a wall thumbnail could not be decoded'))
        .finally(() => {
          this.#decoding -= 1;
          this.#next();
        });
    }
  }
}

class CameraThumbnail {
  readonly cameraId: string;
  readonly #deps: ThumbnailSourceDeps;
  readonly #ready: (camera: CameraThumbnail) => void;
  readonly #listeners = new Set<ThumbnailListener>();
  #subscription: Subscription | undefined;
  #track: TrackInfo | undefined;
  #pending: Keyframe | undefined;
  #latest: Thumbnail | undefined;
  #lastQueuedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(cameraId: string, deps: ThumbnailSourceDeps, ready: (camera: CameraThumbnail) => void) {
    this.cameraId = cameraId;
    this.#deps = deps;
    this.#ready = ready;
  }

  add(listener: ThumbnailListener): void {
    this.#listeners.add(listener);
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#latest !== undefined) listener(this.#latest);
    if (this.#subscription === undefined) this.#subscribe();
  }

  /** The camera is let go once nobody watched it for LINGER_MS. */
  remove(listener: ThumbnailListener): void {
    this.#listeners.delete(listener);
    if (this.#listeners.size > 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.close(), LINGER_MS);
    this.#timer.unref();
  }

  take(): Keyframe | undefined {
    const keyframe = this.#pending;
    this.#pending = undefined;
    return keyframe;
  }

  publish(thumbnail: Thumbnail): void {
    if (this.#closed) return;
    this.#latest = thumbnail;
    for (const listener of this.#listeners) listener(thumbnail);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#subscription?.close();
    this.#subscription = undefined;
  }

  #subscribe(): void {
    this.#closed = false;
    // The sub stream is the small one; a camera without one gives its main stream.
    const key = this.#deps.hub.streamStats(`${this.cameraId}/sub`) === undefined ? `${this.cameraId}/main` : `${this.cameraId}/sub`;
    this.#subscription = this.#deps.hub.subscribe(
      key,
      {
        label: `wall thumbnail ${key}`,
        borrowsUnits: true,
        start: (track) => {
          this.#track = track;
        },
        accept: (unit) => this.#keyframe(unit),
        stop: (reason) => {
          this.#subscription = undefined;
          if (reason === 'unsubscribed' || reason === 'closed' || this.#closed) return;
          // The camera dropped: follow it again once it is back.
          this.#timer = setTimeout(() => {
            if (this.#listeners.size > 0 && this.#subscription === undefined) this.#subscribe();
          }, RETRY_MS);
          this.#timer.unref();
        },
      },
      { startAt: 'last-keyframe', maxQueuedBytes: 4 * 1024 * 1024 },
    );
  }

  #keyframe(unit: AccessUnit): void {
    const track = this.#track;
    if (!unit.isKeyframe || track === undefined || this.#closed) return;
    const sets = track.parameterSets;
    const nals = sets === undefined ? unit.nalUnits : [...(sets.vps === undefined ? [] : [sets.vps]), sets.sps, sets.pps, ...unit.nalUnits];
    // joinAnnexB copies: the unit's memory may be reused once accept returns.
    this.#pending = { annexB: joinAnnexB(nals), codec: track.codec, atMs: unit.wallClockMs };
    const now = Date.now();
    if (now - this.#lastQueuedAt < THUMBNAIL_REFRESH_MS) return;
    this.#lastQueuedAt = now;
    this.#ready(this);
  }
}

async function decodeThumbnail(keyframe: Keyframe): Promise<Uint8Array> {
  const demuxer = keyframe.codec === 'h265' ? 'hevc' : 'h264';
  const run = await runFfmpegOnce(
    ['-threads', '1', '-f', demuxer, '-i', 'pipe:0', '-frames:v', '1', '-vf', `scale=${WIDTH}:-2`, '-q:v', '7', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1'],
    keyframe.annexB,
  );
  if (run.code !== 0 || run.stdout.length === 0) throw new Error(`ffmpeg ${run.code}: ${run.stderr}`);
  return new Uint8Array(run.stdout);
}
