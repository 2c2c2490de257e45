// The seam between the hub and its consumers (recorder, live viewers, analytics, restream).
// The hub never waits for a consumer: each subscription has a bounded queue, and on overflow it drops
// until the next keyframe and counts what it dropped.
import type { AccessUnit, TrackInfo } from './access-unit.js';

export type StopReason = 'unsubscribed' | 'source-ended' | 'track-changed' | 'closed';

export interface StreamConsumer {
  /** For logs and stats, e.g. "recorder cam-042/main". */
  readonly label: string;
  /** Called before the first unit, and again when the track changes (new resolution, new parameter sets). */
  start(track: TrackInfo): void;
  /** Called from the subscription's own queue, never inline with the ingest; may be async (back-pressure). */
  accept(unit: AccessUnit): void | Promise<void>;
  /**
   * True when the consumer uses a unit only until `accept` returns (or its promise settles), holding with
   * `retainUnit`/`releaseUnit` any unit it keeps longer: the unit's memory is then reused after it. Without it,
   * every unit this consumer is given stays held for good, and its memory is left to the garbage collector.
   */
  readonly borrowsUnits?: boolean;
  stop(reason: StopReason): void;
}

export interface SubscribeOptions {
  /** Live tiles want the GOP cache ('last-keyframe'); others may wait for the next keyframe. */
  readonly startAt: 'last-keyframe' | 'next-keyframe';
  /** Queue ceiling; past it the subscription drops until the next keyframe. */
  readonly maxQueuedBytes: number;
}

export interface SubscriptionStats {
  readonly unitsDelivered: number;
  readonly unitsDropped: number;
  readonly queuedBytes: number;
}

export interface Subscription {
  readonly stats: () => SubscriptionStats;
  close(): void;
}

/** What capabilities need from the hub. Stream keys are "<cameraId>/main" and "<cameraId>/sub". */
export interface StreamSource {
  subscribe(streamKey: string, consumer: StreamConsumer, options: SubscribeOptions): Subscription;
}
