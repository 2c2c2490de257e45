// The registry of live streams by key ("<cameraId>/main", "<cameraId>/sub", derived "<cameraId>/main/h264"):
// publishers push into it, consumers subscribe to it, and on-demand sources start with their first
// subscriber and stop a while after their last one leaves.
import { VigieError } from '../../core/errors.js';
import type { AccessUnit, TrackInfo } from './access-unit.js';
import { LiveStream, type LiveStreamStats } from './live-stream.js';
import type { StreamConsumer, StreamSource, SubscribeOptions, Subscription } from './stream-consumer.js';

export interface StreamPublisher {
  readonly streamKey: string;
  /** Before the first unit, and whenever the track changes (a reconnect with the same track is a no-op). */
  setTrack(track: TrackInfo): void;
  /** Synchronous and cheap; never waits for a consumer. */
  push(unit: AccessUnit): void;
  /** The source is gone for good; subscribers drain and stop with 'source-ended'. */
  end(): void;
}

/** A source the hub starts when the first consumer subscribes and stops when none is left. */
export interface OnDemandSource {
  /** Must publish `streamKey` (possibly later, once connected). */
  start(): void;
  stop(): void;
}

export interface HubOptions {
  /** Ceiling of each stream's keyframe cache. 8 MiB holds a 4 s GOP at 16 Mbit/s. */
  readonly gopCacheMaxBytes?: number;
  /** A consumer threw: the hub closes its subscription and reports here (the application logs). */
  readonly onConsumerError?: (streamKey: string, label: string, error: unknown) => void;
}

interface DemandEntry {
  readonly source: OnDemandSource;
  readonly stopAfterMs: number;
  running: boolean;
  stopTimer: NodeJS.Timeout | undefined;
}

export interface HubStreamStats extends LiveStreamStats {
  readonly onDemand: boolean;
  readonly running: boolean;
}

export class Hub implements StreamSource {
  readonly #streams = new Map<string, LiveStream>();
  readonly #demand = new Map<string, DemandEntry>();
  readonly #gopCacheMaxBytes: number;
  readonly #onConsumerError: (streamKey: string, label: string, error: unknown) => void;
  #closed = false;

  constructor(options: HubOptions = {}) {
    this.#gopCacheMaxBytes = options.gopCacheMaxBytes ?? 8 * 1024 * 1024;
    this.#onConsumerError = options.onConsumerError ?? (() => undefined);
  }

  publish(streamKey: string): StreamPublisher {
    const stream = this.#stream(streamKey);
    if (stream.hasPublisher) throw new VigieError('VIGIE_HUB_ALREADY_PUBLISHED', `stream ${streamKey} already has a publisher`, { status: 409, context: { streamKey } });
    stream.hasPublisher = true;
    let ended = false;
    return {
      streamKey,
      setTrack: (track) => {
        if (!ended) stream.setTrack(track);
      },
      push: (unit) => {
        if (ended) return;
        if (stream.track === undefined) throw new VigieError('VIGIE_HUB_NO_TRACK', `stream ${streamKey}: push before setTrack`, { context: { streamKey } });
        stream.push(unit);
      },
      end: () => {
        if (ended) return;
        ended = true;
        stream.end('source-ended');
        this.#forgetIfIdle(stream);
      },
    };
  }

  subscribe(streamKey: string, consumer: StreamConsumer, options: SubscribeOptions): Subscription {
    if (this.#closed) throw new VigieError('VIGIE_HUB_CLOSED', 'the hub is closed', { status: 503 });
    return this.#stream(streamKey).subscribe(consumer, options);
  }

  /** Declares `streamKey` as on demand. Returns the function that withdraws it (stopping it if running). */
  declareOnDemand(streamKey: string, source: OnDemandSource, options: { readonly stopAfterMs: number }): () => void {
    if (this.#demand.has(streamKey)) throw new VigieError('VIGIE_HUB_ALREADY_DECLARED', `stream ${streamKey} is already on demand`, { status: 409, context: { streamKey } });
    const entry: DemandEntry = { source, stopAfterMs: options.stopAfterMs, running: false, stopTimer: undefined };
    this.#demand.set(streamKey, entry);
    // The stream exists from now on, so that it can be found (and subscribed to) before it first runs.
    const stream = this.#stream(streamKey);
    if (stream.subscriberCount > 0) this.#startDemand(entry);
    return () => {
      if (this.#demand.get(streamKey) !== entry) return;
      this.#demand.delete(streamKey);
      this.#stopDemand(entry);
      this.#forgetIfIdle(stream);
    };
  }

  isOnDemand(streamKey: string): boolean {
    return this.#demand.has(streamKey);
  }

  /** The track of a published stream, when known. */
  track(streamKey: string): TrackInfo | undefined {
    return this.#streams.get(streamKey)?.track;
  }

  stats(): HubStreamStats[] {
    return [...this.#streams.values()].map((stream) => this.#statsOf(stream));
  }

  streamStats(streamKey: string): HubStreamStats | undefined {
    const stream = this.#streams.get(streamKey);
    return stream === undefined ? undefined : this.#statsOf(stream);
  }

  /** Stops every on-demand source; publishers are closed by their owners. */
  close(): void {
    this.#closed = true;
    for (const entry of this.#demand.values()) this.#stopDemand(entry);
    this.#demand.clear();
  }

  #statsOf(stream: LiveStream): HubStreamStats {
    const demand = this.#demand.get(stream.streamKey);
    return { ...stream.stats(), onDemand: demand !== undefined, running: demand?.running ?? stream.hasPublisher };
  }

  #stream(streamKey: string): LiveStream {
    let stream = this.#streams.get(streamKey);
    if (stream === undefined) {
      stream = new LiveStream(streamKey, this.#gopCacheMaxBytes, {
        subscribersChanged: (changed) => this.#subscribersChanged(changed),
        consumerFailed: (key, label, error) => this.#onConsumerError(key, label, error),
      });
      this.#streams.set(streamKey, stream);
    }
    return stream;
  }

  #subscribersChanged(stream: LiveStream): void {
    const demand = this.#demand.get(stream.streamKey);
    if (demand !== undefined) {
      if (stream.subscriberCount > 0) {
        if (demand.stopTimer !== undefined) clearTimeout(demand.stopTimer);
        demand.stopTimer = undefined;
        if (!demand.running && !this.#closed) this.#startDemand(demand);
      } else if (demand.running && demand.stopTimer === undefined) {
        demand.stopTimer = setTimeout(() => {
          demand.stopTimer = undefined;
          this.#stopDemand(demand);
        }, demand.stopAfterMs);
        demand.stopTimer.unref();
      }
    }
    this.#forgetIfIdle(stream);
  }

  #startDemand(entry: DemandEntry): void {
    entry.running = true;
    entry.source.start();
  }

  #stopDemand(entry: DemandEntry): void {
    if (entry.stopTimer !== undefined) clearTimeout(entry.stopTimer);
    entry.stopTimer = undefined;
    if (!entry.running) return;
    entry.running = false;
    entry.source.stop();
  }

  #forgetIfIdle(stream: LiveStream): void {
    if (stream.subscriberCount === 0 && !stream.hasPublisher && !this.#demand.has(stream.streamKey)) this.#streams.delete(stream.streamKey);
  }
}
