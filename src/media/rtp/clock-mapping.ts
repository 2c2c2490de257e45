// RTP time → wall-clock time: anchored on the latest RTCP sender report (RFC 3550 §6.4.1), else on arrival time.
import { RtpTimestampUnwrapper } from './timestamp-unwrapper.js';

export interface TimelinePoint {
  /** Ticks since the first packet of the stream, on the unwrapped timeline. */
  readonly pts: number;
  readonly wallClockMs: number;
}

/** Wall-clock times derived from an arrival anchor drift; re-anchor when they differ from arrival by more than this. */
const ARRIVAL_REANCHOR_MS = 1000;

export class RtpClockMapping {
  readonly #clockRate: number;
  readonly #unwrapper = new RtpTimestampUnwrapper();
  #origin: number | undefined;
  #senderAnchor: { readonly unwrapped: number; readonly wallClockMs: number } | undefined;
  #arrivalAnchor: { readonly unwrapped: number; readonly wallClockMs: number } | undefined;

  constructor(clockRate: number) {
    this.#clockRate = clockRate;
  }

  get hasSenderReport(): boolean {
    return this.#senderAnchor !== undefined;
  }

  /** Maps one packet's 32-bit timestamp; `arrivalMs` is used until a sender report arrives. */
  map(timestamp: number, arrivalMs: number): TimelinePoint {
    const unwrapped = this.#unwrapper.unwrap(timestamp);
    this.#origin ??= unwrapped;
    const pts = unwrapped - this.#origin;
    return { pts, wallClockMs: Math.round(this.#wallClock(unwrapped, arrivalMs)) };
  }

  /** Records an SR's (NTP time, RTP time) pair; the RTP time is unwrapped near the stream's current position. */
  onSenderReport(ntpTimeMs: number, rtpTimestamp: number): void {
    if (this.#origin === undefined) return;
    const unwrapped = this.#unwrapper.unwrap(rtpTimestamp);
    this.#senderAnchor = { unwrapped, wallClockMs: ntpTimeMs };
  }

  #wallClock(unwrapped: number, arrivalMs: number): number {
    const anchor = this.#senderAnchor;
    if (anchor !== undefined) return anchor.wallClockMs + ((unwrapped - anchor.unwrapped) * 1000) / this.#clockRate;
    const arrival = this.#arrivalAnchor;
    if (arrival !== undefined) {
      const derived = arrival.wallClockMs + ((unwrapped - arrival.unwrapped) * 1000) / this.#clockRate;
      if (Math.abs(derived - arrivalMs) <= ARRIVAL_REANCHOR_MS) return Math.round(derived);
    }
    this.#arrivalAnchor = { unwrapped, wallClockMs: arrivalMs };
    return arrivalMs;
  }
}
