// One live stream of the hub (a camera's main or sub stream, or a derived one): its track, its GOP cache,
// its subscribers and its counters. `push` is the hot path: synchronous, a pointer per subscriber.
import type { AccessUnit, TrackInfo } from './access-unit.js';
import { GopCache } from './gop-cache.js';
import type { StopReason, StreamConsumer, SubscribeOptions } from './stream-consumer.js';
import { Subscriber, type SubscriberHost } from './subscriber.js';
import { accessUnitBytes } from './unit-size.js';

export interface LiveStreamStats {
  readonly streamKey: string;
  readonly hasPublisher: boolean;
  readonly track: TrackInfo | undefined;
  readonly subscribers: number;
  readonly unitsPublished: number;
  readonly bytesPublished: number;
  /** Drops of current subscribers plus those of subscribers that have left. */
  readonly unitsDropped: number;
  readonly gopCacheBytes: number;
}

export interface LiveStreamHost {
  subscribersChanged(stream: LiveStream): void;
  consumerFailed(streamKey: string, label: string, error: unknown): void;
}

export class LiveStream {
  readonly streamKey: string;
  readonly #host: LiveStreamHost;
  readonly #gop: GopCache;
  readonly #subscribers = new Set<Subscriber>();
  #track: TrackInfo | undefined;
  hasPublisher = false;
  #unitsPublished = 0;
  #bytesPublished = 0;
  #droppedByDeparted = 0;

  constructor(streamKey: string, gopCacheMaxBytes: number, host: LiveStreamHost) {
    this.streamKey = streamKey;
    this.#gop = new GopCache(gopCacheMaxBytes);
    this.#host = host;
  }

  get track(): TrackInfo | undefined {
    return this.#track;
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  setTrack(track: TrackInfo): void {
    if (this.#track !== undefined && sameTrack(this.#track, track)) return;
    this.#track = track;
    this.#gop.clear();
    for (const subscriber of this.#subscribers) subscriber.offerTrack(track);
  }

  push(unit: AccessUnit): void {
    this.#unitsPublished += 1;
    this.#bytesPublished += accessUnitBytes(unit);
    this.#gop.add(unit);
    for (const subscriber of this.#subscribers) subscriber.offerUnit(unit);
  }

  /** The publisher went away for good: subscribers drain what they have, then stop. */
  end(reason: StopReason): void {
    this.hasPublisher = false;
    this.#track = undefined;
    this.#gop.clear();
    for (const subscriber of [...this.#subscribers]) subscriber.end(reason);
  }

  subscribe(consumer: StreamConsumer, options: SubscribeOptions): Subscriber {
    const host: SubscriberHost = {
      detach: (subscriber) => this.#detach(subscriber),
      consumerFailed: (label, error) => this.#host.consumerFailed(this.streamKey, label, error),
    };
    const subscriber = new Subscriber(consumer, options.maxQueuedBytes, host);
    this.#subscribers.add(subscriber);
    if (this.#track !== undefined) {
      subscriber.offerTrack(this.#track);
      if (options.startAt === 'last-keyframe') for (const unit of this.#gop.units()) subscriber.offerUnit(unit);
    }
    this.#host.subscribersChanged(this);
    return subscriber;
  }

  stats(): LiveStreamStats {
    let dropped = this.#droppedByDeparted;
    for (const subscriber of this.#subscribers) dropped += subscriber.stats().unitsDropped;
    return {
      streamKey: this.streamKey,
      hasPublisher: this.hasPublisher,
      track: this.#track,
      subscribers: this.#subscribers.size,
      unitsPublished: this.#unitsPublished,
      bytesPublished: this.#bytesPublished,
      unitsDropped: dropped,
      gopCacheBytes: this.#gop.bytes,
    };
  }

  #detach(subscriber: Subscriber): void {
    if (!this.#subscribers.delete(subscriber)) return;
    this.#droppedByDeparted += subscriber.stats().unitsDropped;
    this.#host.subscribersChanged(this);
  }
}

/** Same codec, size and parameter sets: a reconnect that changes nothing must not restart every consumer. */
export function sameTrack(a: TrackInfo, b: TrackInfo): boolean {
  return (
    a.codec === b.codec &&
    a.clockRate === b.clockRate &&
    a.width === b.width &&
    a.height === b.height &&
    sameBytes(a.parameterSets?.sps, b.parameterSets?.sps) &&
    sameBytes(a.parameterSets?.pps, b.parameterSets?.pps) &&
    sameBytes(a.parameterSets?.vps, b.parameterSets?.vps)
  );
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
