// Records one camera stream: a StreamConsumer that cuts access units into fragments of at most
// FRAGMENT_MS (and at every keyframe), appends each to the current file as soon as it is whole, rotates files
// on a keyframe every segmentSeconds, keeps the index row up to date and records gaps with their cause.
// Files carry an epoch-based 90 kHz timeline (tfdt = wall-clock ms × 90), so a file alone says when it was.
import type { Logger } from '../core/logger.js';
import { releaseUnit, retainUnit, type AccessUnit, type TrackInfo, type StopReason, type StreamConsumer } from '../media/hub/index.js';
import { mediaFragmentParts, writeInitSegment, sampleDurations } from '../media/mp4/index.js';
import { FlushScheduler } from './flush-scheduler.js';
import { summarize, writeIndexFile, type FragmentMark } from './fragment-index.js';
import type { SegmentStore } from './segment-store.js';
import { SegmentWriter } from './segment-writer.js';
import type { GapCause } from './tables.js';
import { segmentRelativePath, type Volumes } from './volumes.js';

/** Fragments hold less than this much video: what a kill -9 can lose, with the unit being received. */
export const FRAGMENT_MS = 500;
/** A longer silence between two pictures closes the file: what follows starts a new one at its keyframe. */
const MAX_FRAME_INTERVAL_90K = 5 * 90_000;

/** The source's clock went back or jumped ahead: what follows cannot continue the same file's timeline. */
const timelineBreaks = (previousDts90k: number, dts90k: number): boolean => dts90k <= previousDts90k || dts90k - previousDts90k > MAX_FRAME_INTERVAL_90K;

export interface RecorderOptions {
  readonly cameraId: string;
  readonly stream: string;
  readonly segmentSeconds: number;
  readonly volumes: Volumes;
  readonly store: SegmentStore;
  readonly logger: Logger;
  /** Syncs files and batches index rows; default: the one shared by every recorder of `store`. */
  readonly scheduler?: FlushScheduler;
}

export type RecorderState = 'waiting' | 'recording' | 'storage-error' | 'stopped';

export interface RecorderStatus {
  readonly state: RecorderState;
  readonly track: TrackInfo | undefined;
  readonly lastFragmentEndMs: number | undefined;
  readonly fragmentsWritten: number;
}

interface OpenSegment {
  readonly id: string;
  readonly volume: string;
  readonly path: string;
  readonly writer: SegmentWriter;
  readonly offset90k: number;
  readonly startDts90k: number;
  readonly marks: FragmentMark[];
  sequence: number;
}

const GAP_CAUSE: Record<StopReason, GapCause | undefined> = {
  'source-ended': 'camera-offline',
  unsubscribed: 'recording-stopped',
  closed: 'recording-stopped',
  'track-changed': undefined,
};

export class Recorder implements StreamConsumer {
  readonly label: string;
  /** Units waiting in the fragment being built are held until the fragment is on disk. */
  readonly borrowsUnits = true;
  readonly #o: RecorderOptions;
  readonly #scheduler: FlushScheduler;
  #chain: Promise<void> = Promise.resolve();
  /** Tasks in the chain not yet finished: while there are any, units must wait their turn behind them. */
  #tasksPending = 0;
  #track: TrackInfo | undefined;
  #init: Uint8Array | undefined;
  #segment: OpenSegment | undefined;
  #buffer: AccessUnit[] = [];
  #state: RecorderState = 'waiting';
  #lastEndMs: number | undefined;
  #lastDts90k: number | undefined;
  #fragments = 0;

  constructor(options: RecorderOptions) {
    this.#o = options;
    this.#scheduler = options.scheduler ?? FlushScheduler.for(options.store, options.logger);
    this.label = `recorder ${options.cameraId}/${options.stream}`;
  }

  status(): RecorderStatus {
    return { state: this.#state, track: this.#track, lastFragmentEndMs: this.#lastEndMs, fragmentsWritten: this.#fragments };
  }

  start(track: TrackInfo): void {
    void this.#enqueue(async () => {
      await this.#finishSegment();
      this.#lastDts90k = undefined;
      this.#track = track;
      try {
        this.#init = writeInitSegment(track);
      } catch (error) {
        this.#init = undefined;
        this.#o.logger.warn({ err: error, camera: this.#o.cameraId }, 'track cannot be recorded yet');
      }
    });
  }

  /** Most pictures only join the fragment being built: that is done at once, without a task (one per picture
   *  per camera otherwise). A picture that closes a fragment or a file, or breaks the timeline, waits its turn. */
  accept(unit: AccessUnit): Promise<void> | undefined {
    if (this.#tasksPending === 0 && this.#joinsFragment(unit)) {
      this.#lastDts90k = unit.dts90k;
      this.#buffered(unit);
      return undefined;
    }
    return this.#enqueue(() => this.#accept(unit));
  }

  /** Not a keyframe, the timeline moves on normally, and the fragment being built has room for it. */
  #joinsFragment(unit: AccessUnit): boolean {
    const previous = this.#lastDts90k;
    return !unit.isKeyframe && previous !== undefined && !timelineBreaks(previous, unit.dts90k) && !this.#closesFragment(unit);
  }

  /** A keyframe, or a picture past the fragment's length, closes the fragment being built (if any). */
  #closesFragment(unit: AccessUnit): boolean {
    const first = this.#buffer[0];
    return first !== undefined && (unit.isKeyframe || unit.dts90k - first.dts90k >= FRAGMENT_MS * 90);
  }

  stop(reason: StopReason): void {
    void this.#enqueue(async () => {
      await this.#finishSegment();
      const cause = GAP_CAUSE[reason];
      if (cause !== undefined) {
        this.#state = 'stopped';
        await this.#o.store.openGap(this.#o.cameraId, this.#o.stream, this.#lastEndMs ?? Date.now(), cause);
      }
    });
  }

  /** Resolves when everything accepted so far is written. */
  async drain(): Promise<void> {
    await this.#enqueue(async () => undefined);
    await this.#scheduler.flush();
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    this.#tasksPending += 1;
    const next = this.#chain
      .then(task)
      .catch((error: unknown) => this.#o.logger.error({ err: error, camera: this.#o.cameraId }, 'recorder task failed'))
      .finally(() => {
        this.#tasksPending -= 1;
      });
    this.#chain = next;
    return next;
  }

  async #accept(unit: AccessUnit): Promise<void> {
    const previous = this.#lastDts90k;
    this.#lastDts90k = unit.dts90k;
    if (previous !== undefined && timelineBreaks(previous, unit.dts90k)) {
      // The source's clock jumped (camera restart, wrap): a file's timeline must only move forward.
      await this.#finishSegment();
    }
    if (this.#closesFragment(unit)) await this.#flush(unit.dts90k);
    const segment = this.#segment;
    if (unit.isKeyframe && (segment === undefined || unit.dts90k - segment.startDts90k >= this.#o.segmentSeconds * 90_000)) {
      await this.#finishSegment();
      await this.#openSegment(unit);
    }
    this.#buffered(unit);
  }

  #buffered(unit: AccessUnit): void {
    if (this.#segment === undefined) return;
    retainUnit(unit);
    this.#buffer.push(unit);
  }

  async #openSegment(unit: AccessUnit): Promise<void> {
    const track = this.#track;
    const init = this.#init;
    if (track === undefined || init === undefined) return;
    const volume = this.#o.volumes.pick();
    const startMs = Math.round(unit.wallClockMs);
    if (volume === undefined) {
      await this.#storageError(new Error('no recording volume is usable'), startMs);
      return;
    }
    const path = segmentRelativePath(this.#o.cameraId, this.#o.stream, startMs);
    try {
      const writer = await SegmentWriter.create(volume, path, init, this.#scheduler);
      const id = await this.#o.store.insert(
        { cameraId: this.#o.cameraId, stream: this.#o.stream, volume, path, codec: track.codec, width: track.width ?? 0, height: track.height ?? 0, startMs },
        'recording',
      );
      this.#segment = { id, volume, path, writer, offset90k: startMs * 90 - unit.dts90k, startDts90k: unit.dts90k, marks: [], sequence: 0 };
      if (this.#state !== 'recording') await this.#o.store.closeGaps(this.#o.cameraId, this.#o.stream, startMs);
      this.#state = 'recording';
    } catch (error) {
      await this.#storageError(error, startMs);
    }
  }

  async #flush(nextDts90k: number | undefined): Promise<void> {
    const segment = this.#segment;
    const units = this.#buffer;
    this.#buffer = [];
    const first = units[0];
    const last = units[units.length - 1];
    if (segment === undefined || first === undefined || last === undefined) return;
    const options = { timeOffset90k: segment.offset90k, ...(nextDts90k === undefined ? {} : { nextDts90k }) };
    segment.sequence += 1;
    const parts = mediaFragmentParts(segment.sequence, units, options);
    const offset = segment.writer.bytes;
    try {
      await segment.writer.append(parts);
    } catch (error) {
      await this.#abandonSegment();
      await this.#storageError(error, Math.round((first.dts90k + segment.offset90k) / 90));
      return;
    } finally {
      units.forEach(releaseUnit);
    }
    const durations = sampleDurations(units, options);
    const endDts90k = last.dts90k + (durations[durations.length - 1] ?? 0) + segment.offset90k;
    segment.marks.push({ startDts90k: first.dts90k + segment.offset90k, endDts90k, offset, keyframe: first.isKeyframe });
    this.#fragments += 1;
    this.#lastEndMs = Math.round(endDts90k / 90);
    this.#scheduler.updateRow(segment.id, () => summarize(segment.marks, segment.writer.bytes));
  }

  /** Writes the closed file's final row (and its side index file). */
  async #completeIndex(segment: OpenSegment): Promise<void> {
    this.#scheduler.dropRow(segment.id);
    const summary = summarize(segment.marks, segment.writer.bytes);
    if (summary === undefined) {
      await this.#o.store.delete(segment.id);
      return;
    }
    try {
      await writeIndexFile(segment.volume, segment.path, summary.fragments);
    } catch (error) {
      // Readers fall back to parsing the file itself; recovery writes the side file again.
      this.#o.logger.warn({ err: error, camera: this.#o.cameraId }, 'could not write the fragment index file');
    }
    await this.#o.store.update(segment.id, summary, 'complete');
    await this.#o.store.refreshHours(this.#o.cameraId, this.#o.stream, summary.startMs, summary.endMs);
  }

  /** Flushes what is buffered and closes the file and its index row. */
  async #finishSegment(): Promise<void> {
    if (this.#buffer.length > 0) await this.#flush(undefined);
    const segment = this.#segment;
    if (segment === undefined) return;
    this.#segment = undefined;
    try {
      await segment.writer.close();
    } catch (error) {
      this.#o.logger.warn({ err: error, camera: this.#o.cameraId }, 'closing a recording file failed');
    }
    await this.#completeIndex(segment);
  }

  async #abandonSegment(): Promise<void> {
    const segment = this.#segment;
    this.#segment = undefined;
    this.#buffer.forEach(releaseUnit);
    this.#buffer = [];
    if (segment === undefined) return;
    await segment.writer.close().catch(() => undefined);
    await this.#completeIndex(segment);
  }

  async #storageError(error: unknown, atMs: number): Promise<void> {
    this.#o.logger.error({ err: error, camera: this.#o.cameraId, stream: this.#o.stream }, 'recording storage error');
    if (this.#state === 'storage-error') return;
    this.#state = 'storage-error';
    await this.#o.store.openGap(this.#o.cameraId, this.#o.stream, this.#lastEndMs ?? atMs, 'storage-error');
  }
}
