// Counters of one RTSP client session: packets, losses, bytes, access units and the keyframe interval.
import type { AccessUnit } from '../hub/access-unit.js';
import type { RtpReceiverStats } from '../rtp/index.js';

export interface RtspSessionStats extends RtpReceiverStats {
  readonly keyframes: number;
  /** Time between the last two keyframes on the stream's own clock, when two were seen. */
  readonly keyframeIntervalMs: number | undefined;
  readonly lastUnitWallClockMs: number | undefined;
}

const EMPTY_RECEIVER: RtpReceiverStats = { packetsReceived: 0, bytesReceived: 0, packetsLost: 0, malformedPackets: 0, unitsEmitted: 0, unitsDropped: 0, senderReports: 0 };

export class RtspSessionStatsCounter {
  #keyframes = 0;
  #lastKeyframePts: number | undefined;
  #keyframeIntervalMs: number | undefined;
  #lastUnitWallClockMs: number | undefined;

  onUnit(unit: AccessUnit): void {
    this.#lastUnitWallClockMs = unit.wallClockMs;
    if (!unit.isKeyframe) return;
    this.#keyframes += 1;
    if (this.#lastKeyframePts !== undefined) this.#keyframeIntervalMs = Math.round((unit.pts90k - this.#lastKeyframePts) / 90);
    this.#lastKeyframePts = unit.pts90k;
  }

  snapshot(receiver: RtpReceiverStats | undefined): RtspSessionStats {
    return { ...(receiver ?? EMPTY_RECEIVER), keyframes: this.#keyframes, keyframeIntervalMs: this.#keyframeIntervalMs, lastUnitWallClockMs: this.#lastUnitWallClockMs };
  }
}
