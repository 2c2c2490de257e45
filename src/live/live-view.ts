// One browser watching one camera stream: subscribes the MSE feed to the hub (from the keyframe cache),
// switching to the shared H.264 transcode when the camera sends H.265, and ends with a clear error message
// when there is no video to give.
import type { Hub, StopReason, Subscription } from '../media/hub/index.js';
import { MseFeed, type LiveSocket, type MseFeedStats } from './mse-feed.js';
import type { LiveTranscoders } from './transcoders.js';

export interface ViewerSocket extends LiveSocket {
  close(code?: number, reason?: string): void;
}

export interface LiveViewOptions {
  readonly hub: Hub;
  readonly transcoders: LiveTranscoders;
  readonly streamKey: string;
  readonly label: string;
  readonly socket: ViewerSocket;
  /** Without a picture by then the viewer is told the camera sends nothing. */
  readonly noVideoTimeoutMs?: number;
  readonly maxBufferedBytes?: number;
  /** Keyframes only, for a wall's small tile (MseFeedOptions.keyframesOnly). */
  readonly keyframesOnly?: boolean;
  readonly onEnd: (stats: MseFeedStats, error: string | undefined) => void;
}

export type LiveEndReason = 'not-received' | 'no-video' | 'ended' | 'stopped';

/** Enough for a burst of the GOP cache plus a second of stream; the socket's own ceiling acts first. */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

export class LiveView {
  readonly #options: LiveViewOptions;
  readonly #feed: MseFeed;
  #subscription: Subscription | undefined;
  #started = false;
  #ended = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: LiveViewOptions) {
    this.#options = options;
    this.#feed = new MseFeed({
      label: options.label,
      socket: options.socket,
      ...(options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes }),
      keyframesOnly: options.keyframesOnly === true,
      onStop: (reason) => this.#sourceStopped(reason),
    });
  }

  open(): void {
    const { hub, streamKey } = this.#options;
    const known = hub.streamStats(streamKey);
    if (known === undefined || (!known.hasPublisher && !known.onDemand)) {
      this.#end('not-received', 'this camera stream is not being received (camera disabled, unknown, or without this stream)');
      return;
    }
    this.#subscription = hub.subscribe(
      streamKey,
      {
        label: this.#options.label,
        start: (track) => {
          if (track.codec === 'h264') {
            this.#started = true;
            this.#feed.start(track);
            return;
          }
          this.#switchToTranscode();
        },
        accept: (unit) => this.#feed.accept(unit),
        borrowsUnits: this.#feed.borrowsUnits,
        stop: (reason) => this.#sourceStopped(reason),
      },
      { startAt: 'last-keyframe', maxQueuedBytes: MAX_QUEUED_BYTES },
    );
    this.#timer = setTimeout(() => {
      if (!this.#started && this.#feed.stats().fragmentsSent === 0) this.#end('no-video', 'no video from this camera (offline or not answering)');
    }, this.#options.noVideoTimeoutMs ?? 20_000);
    this.#timer.unref();
  }

  /** The viewer left. */
  close(): void {
    this.#finish(undefined);
  }

  #switchToTranscode(): void {
    // Closing stops this consumer with 'unsubscribed', which is not an end of the view.
    this.#subscription?.close();
    const key = this.#options.transcoders.h264Key(this.#options.streamKey);
    this.#subscription = this.#options.hub.subscribe(key, this.#feed, { startAt: 'last-keyframe', maxQueuedBytes: MAX_QUEUED_BYTES });
  }

  #sourceStopped(reason: StopReason): void {
    if (reason === 'unsubscribed') return;
    this.#end(reason === 'source-ended' ? 'ended' : 'stopped', reason === 'source-ended' ? 'the camera stream ended' : `the live stream stopped (${reason})`);
  }

  /** `reason` is for the console, which words it in French; `message` for logs and the journal. */
  #end(reason: LiveEndReason, message: string): void {
    if (this.#ended) return;
    try {
      this.#options.socket.send(JSON.stringify({ type: 'error', reason, message }));
      this.#options.socket.close(1011, message.slice(0, 100));
    } catch {
      // The socket is already gone; nothing to tell.
    }
    this.#finish(message);
  }

  #finish(error: string | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#subscription?.close();
    this.#subscription = undefined;
    this.#options.onEnd(this.#feed.stats(), error);
  }
}
