// One consumer of one live stream: a bounded queue drained by its own async loop, so a slow consumer only
// ever delays itself. On overflow it drops until the next keyframe and counts what it dropped.
// Each queued unit is held (see retainUnit) until it is dropped or, for a consumer that borrows, delivered.
import { releaseUnit, retainUnit, type AccessUnit, type TrackInfo } from './access-unit.js';
import type { StopReason, StreamConsumer, Subscription, SubscriptionStats } from './stream-consumer.js';
import { accessUnitBytes } from './unit-size.js';

type QueueEntry =
  { readonly kind: 'unit'; readonly unit: AccessUnit; readonly bytes: number } | { readonly kind: 'track'; readonly track: TrackInfo } | { readonly kind: 'stop'; readonly reason: StopReason };

/** Past this many queued entries the queue counts as full whatever their size (a flood of tiny units). */
const MAX_QUEUED_ENTRIES = 4096;

export interface SubscriberHost {
  /** The subscriber closed itself (unsubscribed, or its consumer threw). */
  detach(subscriber: Subscriber): void;
  consumerFailed(label: string, error: unknown): void;
}

export class Subscriber implements Subscription {
  readonly consumer: StreamConsumer;
  readonly #host: SubscriberHost;
  readonly #maxQueuedBytes: number;
  readonly #borrows: boolean;
  #queue: Array<QueueEntry | undefined> = [];
  #head = 0;
  #queuedBytes = 0;
  #waitingForKeyframe: boolean;
  /** Waiting because of an overflow (counted as drops), not because of where it started. */
  #skipping = false;
  #delivered = 0;
  #dropped = 0;
  #drainScheduled = false;
  #draining = false;
  #closed = false;

  constructor(consumer: StreamConsumer, maxQueuedBytes: number, host: SubscriberHost) {
    this.consumer = consumer;
    this.#maxQueuedBytes = maxQueuedBytes;
    this.#host = host;
    this.#borrows = consumer.borrowsUnits === true;
    this.#waitingForKeyframe = true;
  }

  readonly stats = (): SubscriptionStats => ({ unitsDelivered: this.#delivered, unitsDropped: this.#dropped, queuedBytes: this.#queuedBytes });

  get closed(): boolean {
    return this.#closed;
  }

  /** A new track: the consumer restarts, and decoding must restart at a keyframe. */
  offerTrack(track: TrackInfo): void {
    if (this.#closed) return;
    this.#waitingForKeyframe = true;
    this.#skipping = false;
    this.#enqueue({ kind: 'track', track });
  }

  /** Synchronous and cheap: called once per unit per subscriber from the publisher's push. */
  offerUnit(unit: AccessUnit): void {
    if (this.#closed) return;
    if (this.#waitingForKeyframe) {
      if (!unit.isKeyframe) {
        if (this.#skipping) this.#dropped += 1;
        return;
      }
      this.#waitingForKeyframe = false;
      this.#skipping = false;
    }
    const bytes = accessUnitBytes(unit);
    if (this.#queuedBytes + bytes > this.#maxQueuedBytes || this.#queue.length - this.#head >= MAX_QUEUED_ENTRIES) {
      if (!unit.isKeyframe || !this.#flushUnitsForKeyframe(bytes)) {
        this.#dropped += 1;
        this.#waitingForKeyframe = true;
        this.#skipping = true;
        return;
      }
    }
    this.#queuedBytes += bytes;
    retainUnit(unit);
    this.#enqueue({ kind: 'unit', unit, bytes });
  }

  /** The source is gone: deliver what is queued, then stop the consumer. */
  end(reason: StopReason): void {
    if (this.#closed) return;
    this.#enqueue({ kind: 'stop', reason });
  }

  close(): void {
    this.#stop('unsubscribed');
  }

  /** A keyframe that does not fit: what is queued is older than it, so it goes and the keyframe takes its place. */
  #flushUnitsForKeyframe(bytes: number): boolean {
    if (bytes > this.#maxQueuedBytes) return false;
    const kept: Array<QueueEntry | undefined> = [];
    for (let i = this.#head; i < this.#queue.length; i += 1) {
      const entry = this.#queue[i];
      if (entry === undefined) continue;
      if (entry.kind === 'unit') {
        this.#dropped += 1;
        releaseUnit(entry.unit);
      } else kept.push(entry);
    }
    this.#queue = kept;
    this.#head = 0;
    this.#queuedBytes = 0;
    return true;
  }

  #enqueue(entry: QueueEntry): void {
    this.#queue.push(entry);
    if (!this.#drainScheduled && !this.#draining) {
      this.#drainScheduled = true;
      // Never inline with the publisher: the consumer runs after the ingest's current task.
      setImmediate(() => void this.#drain());
    }
  }

  #shift(): QueueEntry | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const entry = this.#queue[this.#head];
    this.#queue[this.#head] = undefined;
    this.#head += 1;
    if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return entry;
  }

  async #drain(): Promise<void> {
    this.#drainScheduled = false;
    this.#draining = true;
    try {
      for (let entry = this.#shift(); entry !== undefined && !this.#closed; entry = this.#shift()) {
        switch (entry.kind) {
          case 'track':
            this.consumer.start(entry.track);
            break;
          case 'unit': {
            this.#queuedBytes -= entry.bytes;
            const pending = this.consumer.accept(entry.unit);
            if (pending !== undefined) await pending;
            if (this.#borrows) releaseUnit(entry.unit);
            this.#delivered += 1;
            break;
          }
          case 'stop':
            this.#stop(entry.reason);
            break;
        }
      }
    } catch (error) {
      this.#host.consumerFailed(this.consumer.label, error);
      this.#stop('closed');
    } finally {
      this.#draining = false;
    }
  }

  #stop(reason: StopReason): void {
    if (this.#closed) return;
    this.#closed = true;
    for (let i = this.#head; i < this.#queue.length; i += 1) {
      const entry = this.#queue[i];
      if (entry?.kind === 'unit') releaseUnit(entry.unit);
    }
    this.#queue = [];
    this.#head = 0;
    this.#queuedBytes = 0;
    this.#host.detach(this);
    try {
      this.consumer.stop(reason);
    } catch (error) {
      this.#host.consumerFailed(this.consumer.label, error);
    }
  }
}
