// Counts decoded frames on a <video> and times the first one after a WebSocket opens. Publishes them on
// the element as data-frames and data-first-frame-ms (read by operators' tools and by the e2e tests),
// and gives the frame rate for the tile's readout.

const SAMPLE_MS = 250;

/** Calls `callback` once, when `video` next puts a picture on screen (its first data where frames cannot be watched). */
export function onNextPicture(video: HTMLVideoElement, callback: () => void): void {
  if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(callback);
  else video.addEventListener('loadeddata', callback, { once: true });
}

export class FrameMeter {
  readonly #video: HTMLVideoElement;
  readonly #timer: ReturnType<typeof setInterval>;
  /** Frames counted by MediaSources this element had before the current one (the count restarts with each). */
  #base = 0;
  /** Likewise for the frames decoded too late to be shown. */
  #droppedBase = 0;
  #openedAt: number | null = null;
  #history: Array<{ readonly at: number; readonly frames: number }> = [];

  constructor(video: HTMLVideoElement) {
    this.#video = video;
    this.#timer = setInterval(() => this.#sample(), SAMPLE_MS);
  }

  /** The WebSocket just opened: its first decoded frame is timed from now. */
  markOpened(): void {
    this.#openedAt = performance.now();
  }

  /** A new MediaSource was just attached: the next presented frame is the first since the socket opened. */
  watchFirstFrame(): void {
    const video = this.#video;
    onNextPicture(video, () => {
      if (this.#openedAt === null) return;
      video.dataset['firstFrameMs'] = String(Math.round(performance.now() - this.#openedAt));
      this.#openedAt = null;
    });
  }

  /** A new MediaSource is about to replace the current one. */
  rebase(): void {
    const quality = this.#video.getVideoPlaybackQuality();
    this.#base += quality.totalVideoFrames;
    this.#droppedBase += quality.droppedVideoFrames;
  }

  frames(): number {
    return this.#base + this.#decoded();
  }

  /** Frames decoded in time to be shown (the decoded ones less those dropped), across MediaSources. */
  shown(): number {
    const quality = this.#video.getVideoPlaybackQuality();
    return this.#base + quality.totalVideoFrames - this.#droppedBase - quality.droppedVideoFrames;
  }

  /** Decoded frames per second over the last second or so. */
  fps(): number {
    const first = this.#history[0];
    const last = this.#history[this.#history.length - 1];
    if (first === undefined || last === undefined || last.at === first.at) return 0;
    return ((last.frames - first.frames) * 1000) / (last.at - first.at);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #decoded(): number {
    return this.#video.getVideoPlaybackQuality().totalVideoFrames;
  }

  #sample(): void {
    const frames = this.frames();
    this.#video.dataset['frames'] = String(frames);
    const now = performance.now();
    this.#history.push({ at: now, frames });
    while (this.#history.length > 2 && now - (this.#history[0]?.at ?? now) > 1000) this.#history.shift();
  }
}
