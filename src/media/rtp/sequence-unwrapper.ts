// RTP sequence numbers in order: 16-bit wrap, a small reorder buffer and counted losses (RFC 3550 §A.1).
import { parseRtpPacket, type RtpPacket } from './rtp-packet.js';

/** Receives packets in sequence order; `lostBefore`: packets declared lost just before this one (0 when none). */
export type SequencedPacketSink = (packet: RtpPacket, lostBefore: number) => void;

/**
 * UDP on a LAN reorders by a few positions at most; 16 slots cover that at 25 fps × ~10 packets per frame
 * while delaying a frame by less than one frame time. A gap still open when the buffer is full is declared lost.
 * TCP never reorders: use 0 slots there so a gap is reported at once.
 */
export const DEFAULT_REORDER_SLOTS = 16;

/** A jump larger than this (forward or back) means the sender restarted its numbering: resynchronise. */
const MAX_SEQUENCE_JUMP = 3000;

export class RtpSequenceUnwrapper {
  readonly #slots: number;
  readonly #pending = new Map<number, RtpPacket>();
  #expected: number | undefined;
  #lostTotal = 0;

  constructor(slots: number = DEFAULT_REORDER_SLOTS) {
    this.#slots = slots;
  }

  /** Packets declared lost since the start. */
  get lostTotal(): number {
    return this.#lostTotal;
  }

  /** Hands `packet`, and any held packets it releases, to `sink` in order (a callback: this runs per packet). */
  push(packet: RtpPacket, sink: SequencedPacketSink): void {
    const seq = packet.sequenceNumber;
    if (this.#expected === undefined) return this.#emitFrom(packet, 0, sink);
    const offset = signedDistance(this.#expected, seq);
    if (offset === 0) return this.#emitFrom(packet, 0, sink);
    if (Math.abs(offset) > MAX_SEQUENCE_JUMP) {
      this.#pending.clear();
      return this.#emitFrom(packet, 0, sink);
    }
    if (offset < 0) return; // a duplicate, or a packet already declared lost
    // A packet held for later is copied: the caller may reuse its buffer for the next read.
    this.#pending.set(seq, parseRtpPacket(new Uint8Array(packet.bytes)));
    if (this.#pending.size <= this.#slots) return;
    let oldest = packet;
    for (const candidate of this.#pending.values()) {
      if (signedDistance(oldest.sequenceNumber, candidate.sequenceNumber) < 0) oldest = candidate;
    }
    const lost = signedDistance(this.#expected, oldest.sequenceNumber);
    this.#pending.delete(oldest.sequenceNumber);
    this.#lostTotal += lost;
    this.#emitFrom(oldest, lost, sink);
  }

  /** Emits `first`, then every buffered packet that follows it without a gap. */
  #emitFrom(first: RtpPacket, lostBefore: number, sink: SequencedPacketSink): void {
    let next = (first.sequenceNumber + 1) & 0xffff;
    // Set before calling out, so that the sink always sees a consistent state.
    this.#expected = next;
    sink(first, lostBefore);
    if (this.#pending.size === 0) return;
    let buffered = this.#pending.get(next);
    while (buffered !== undefined) {
      this.#pending.delete(next);
      next = (next + 1) & 0xffff;
      this.#expected = next;
      sink(buffered, 0);
      buffered = this.#pending.get(next);
    }
  }
}

function signedDistance(from: number, to: number): number {
  const delta = (to - from + 0x10000) & 0xffff;
  return delta >= 0x8000 ? delta - 0x10000 : delta;
}
