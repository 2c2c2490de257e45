// Feeds fMP4 (init segment, then moof+mdat fragments) into a <video> through Media Source Extensions
// (W3C MSE; ISO/IEC 14496-12 fragments). Used by live tiles and by playback.
// Live mode keeps the picture at the live edge: more than 0.3 s buffered ahead and it plays a little faster until
// it is back near the newest frame (a new viewer starts on the keyframe the hub's cache begins with, up to a GOP
// back); more than 1 s ahead and it jumps forward, but only once a first picture is on screen. The first frame
// shown is the first one buffered, a keyframe, which decodes at once.
// Both modes trim the buffer behind the playhead to about 10 s so a wall of tiles stays small in memory.

import { onNextPicture } from './frame-meter.js';

export type PlayerMode = 'live' | 'playback';

/** Buffered video ahead of the playhead beyond which a live view jumps to the newest frame. */
const LIVE_MAX_AHEAD_S = 1;
/** Where a live jump lands, behind the newest frame, so that playback does not stall at once. */
const LIVE_EDGE_MARGIN_S = 0.1;
/**
 * Buffered ahead beyond which a live view catches up by playing faster, and the rate it plays at: 1.25 closes the
 * 0.9 s of a worst-case start in under 4 s and is not noticed on surveillance footage (no sound). Back to normal
 * speed once within twice the jump's margin of the newest frame.
 */
const LIVE_CATCH_UP_AFTER_S = 0.3;
const LIVE_CATCH_UP_RATE = 1.25;
const KEEP_BEHIND_S = 10;
/** Trim only once this much is behind, so that removals stay rare. */
const TRIM_AFTER_S = 15;
/** Largest single append when queued fragments are joined (a few seconds of a 4 Mbit/s stream). */
const MAX_APPEND_BYTES = 2 * 1024 * 1024;

type Operation = { readonly kind: 'append'; readonly data: Uint8Array; readonly init: boolean } | { readonly kind: 'remove'; readonly from: number; readonly to: number };

export interface MsePlayerOptions {
  readonly mode: PlayerMode;
  /** A fatal problem (format not supported, decode error): the caller reconnects or shows it. */
  readonly onError: (message: string) => void;
}

export class MsePlayer {
  readonly #video: HTMLVideoElement;
  readonly #options: MsePlayerOptions;
  #mediaSource: MediaSource | null = null;
  #sourceBuffer: SourceBuffer | null = null;
  #objectUrl: string | null = null;
  #operations: Operation[] = [];
  /** The first append after start() is the init segment; a seek keeps it. */
  #initQueued = false;
  #paused = false;
  #rate = 1;
  /** After a seek: drop what is buffered and jump to the first new fragment. */
  #discontinuity = false;
  /** After a frame step: show the newest frame while paused. */
  #showNewest = false;
  /** Live: whether the current MediaSource has put a picture on screen yet. */
  #presented = false;

  constructor(video: HTMLVideoElement, options: MsePlayerOptions) {
    this.#video = video;
    this.#options = options;
  }

  /** Starts a fresh MediaSource for a stream of type `mime`; anything buffered before is dropped. */
  start(mime: string): void {
    this.#detach();
    if (typeof MediaSource === 'undefined' || !MediaSource.isTypeSupported(mime)) {
      this.#options.onError(`Format vidéo non pris en charge par ce navigateur : ${mime}`);
      return;
    }
    const mediaSource = new MediaSource();
    this.#mediaSource = mediaSource;
    this.#presented = false;
    if (this.#options.mode === 'live') {
      onNextPicture(this.#video, () => {
        if (this.#mediaSource === mediaSource) this.#presented = true;
      });
    }
    this.#objectUrl = URL.createObjectURL(mediaSource);
    mediaSource.addEventListener(
      'sourceopen',
      () => {
        if (this.#mediaSource !== mediaSource) return;
        try {
          const buffer = mediaSource.addSourceBuffer(mime);
          buffer.mode = 'segments';
          buffer.addEventListener('updateend', () => this.#afterUpdate(buffer));
          buffer.addEventListener('error', () => this.#options.onError('Erreur de décodage vidéo.'));
          this.#sourceBuffer = buffer;
          this.#pump();
        } catch (error) {
          this.#options.onError(`Lecteur vidéo indisponible : ${(error as Error).message}`);
        }
      },
      { once: true },
    );
    this.#video.src = this.#objectUrl;
  }

  /** Queues the init segment or a fragment; appends run one at a time, in order. */
  append(data: Uint8Array): void {
    this.#operations.push({ kind: 'append', data, init: !this.#initQueued });
    this.#initQueued = true;
    this.#pump();
  }

  /** The next fragments start a new timeline (seek): clear the buffer and jump to them. */
  discontinuity(): void {
    this.#discontinuity = true;
    this.#operations = this.#operations.filter((op) => op.kind === 'append' && op.init);
    const buffered = this.#sourceBuffer?.buffered;
    if (buffered !== undefined && buffered.length > 0) this.#operations.unshift({ kind: 'remove', from: 0, to: Number.POSITIVE_INFINITY });
    this.#pump();
  }

  /**
   * One frame forward while paused: within what is buffered when it can, otherwise the next frame that
   * arrives is shown.
   */
  stepForward(frameSeconds: number): void {
    const buffered = this.#sourceBuffer?.buffered;
    const next = this.#video.currentTime + frameSeconds;
    if (buffered !== undefined && buffered.length > 0 && next < buffered.end(buffered.length - 1)) this.#video.currentTime = next;
    else this.#showNewest = true;
  }

  setPaused(paused: boolean): void {
    this.#paused = paused;
    if (paused) this.#video.pause();
    else this.#play();
  }

  setRate(rate: number): void {
    this.#rate = rate;
    this.#video.playbackRate = rate;
  }

  /** Seconds buffered ahead of the playhead (the live delay added by the browser). */
  bufferedAhead(): number {
    const buffered = this.#sourceBuffer?.buffered;
    if (buffered === undefined || buffered.length === 0) return 0;
    return Math.max(0, buffered.end(buffered.length - 1) - this.#video.currentTime);
  }

  stop(): void {
    this.#detach();
  }

  #detach(): void {
    this.#operations = [];
    this.#initQueued = false;
    this.#discontinuity = false;
    this.#showNewest = false;
    this.#sourceBuffer = null;
    const mediaSource = this.#mediaSource;
    this.#mediaSource = null;
    if (mediaSource !== null && mediaSource.readyState === 'open') {
      try {
        mediaSource.endOfStream();
      } catch {
        // Already ending: nothing to release.
      }
    }
    if (this.#objectUrl !== null) {
      URL.revokeObjectURL(this.#objectUrl);
      this.#objectUrl = null;
      this.#video.removeAttribute('src');
      this.#video.load();
    }
  }

  #pump(): void {
    const buffer = this.#sourceBuffer;
    if (buffer === null || buffer.updating || this.#mediaSource?.readyState !== 'open') return;
    const operation = this.#operations.shift();
    if (operation === undefined) return;
    try {
      if (operation.kind === 'remove') {
        const end = Math.min(operation.to, this.#mediaSource.duration);
        if (end > operation.from) buffer.remove(operation.from, end);
        else this.#pump();
      } else {
        buffer.appendBuffer(this.#mergeFollowing(operation) as Uint8Array<ArrayBuffer>);
      }
    } catch (error) {
      if ((error as DOMException).name === 'QuotaExceededError' && operation.kind === 'append') {
        // Buffer full: drop everything but the last 2 s behind the playhead, then retry the same data.
        this.#operations.unshift({ kind: 'remove', from: 0, to: Math.max(0, this.#video.currentTime - 2) }, operation);
        if (this.#video.currentTime > 2) this.#pump();
        return;
      }
      this.#options.onError(`Lecture interrompue : ${(error as Error).message}`);
    }
  }

  /**
   * Joins the fragments queued behind `first` into one append: a new viewer receives the hub's whole keyframe
   * cache at once, and one append of 50 fragments costs far less than 50 appends.
   */
  #mergeFollowing(first: Operation & { readonly kind: 'append' }): Uint8Array {
    if (first.init) return first.data;
    const parts = [first.data];
    let bytes = first.data.byteLength;
    for (let next = this.#operations[0]; next?.kind === 'append' && !next.init && bytes + next.data.byteLength <= MAX_APPEND_BYTES; next = this.#operations[0]) {
      this.#operations.shift();
      parts.push(next.data);
      bytes += next.data.byteLength;
    }
    if (parts.length === 1) return first.data;
    const merged = new Uint8Array(bytes);
    let offset = 0;
    for (const part of parts) {
      merged.set(part, offset);
      offset += part.byteLength;
    }
    return merged;
  }

  #afterUpdate(buffer: SourceBuffer): void {
    if (buffer !== this.#sourceBuffer) return;
    const video = this.#video;
    const ranges = buffer.buffered;
    if (ranges.length > 0) {
      const lastStart = ranges.start(ranges.length - 1);
      const end = ranges.end(ranges.length - 1);
      if (this.#discontinuity && this.#operations.every((op) => op.kind === 'append')) {
        this.#discontinuity = false;
        video.currentTime = lastStart;
      } else if (this.#showNewest) {
        this.#showNewest = false;
        video.currentTime = Math.max(lastStart, end - 0.001);
      } else if (!inRanges(ranges, video.currentTime) && (video.currentTime < lastStart || video.currentTime > end + 1)) {
        // The playhead sits before the data (first fragment, reconnection, gap in a recording) or far past
        // it: show the first buffered frame at once, a keyframe, which decodes fastest.
        video.currentTime = lastStart;
      } else if (this.#options.mode === 'live') {
        this.#keepLiveEdge(lastStart, end);
      }
      const first = ranges.start(0);
      if (video.currentTime - first > TRIM_AFTER_S && !this.#operations.some((op) => op.kind === 'remove')) {
        this.#operations.unshift({ kind: 'remove', from: first, to: video.currentTime - KEEP_BEHIND_S });
      }
      if (!this.#paused && video.paused) this.#play();
    }
    this.#pump();
  }

  #keepLiveEdge(lastStart: number, end: number): void {
    // Until its first picture is on screen the view stays on the keyframe it starts with: jumping now would have
    // the browser decode the whole GOP before showing anything (seconds on a busy wall PC, where a push then
    // showed black); once a picture is up, it stays up while a jump decodes.
    if (!this.#presented) return;
    const video = this.#video;
    const ahead = end - video.currentTime;
    if (ahead > LIVE_MAX_AHEAD_S) video.currentTime = Math.max(lastStart, end - LIVE_EDGE_MARGIN_S);
    else if (ahead > LIVE_CATCH_UP_AFTER_S) video.playbackRate = this.#rate * LIVE_CATCH_UP_RATE;
    else if (ahead <= 2 * LIVE_EDGE_MARGIN_S) video.playbackRate = this.#rate;
  }

  #play(): void {
    this.#video.playbackRate = this.#rate;
    // Muted autoplay is allowed; a refusal (tab in background) is retried on the next fragment.
    this.#video.play().catch(() => undefined);
  }
}

function inRanges(ranges: TimeRanges, time: number): boolean {
  for (let i = 0; i < ranges.length; i += 1) if (time >= ranges.start(i) && time < ranges.end(i)) return true;
  return false;
}
