// RTP sequence numbers in order: 16-bit wrap, a small reorder buffer and counted losses (RFC 3550 §A.1).
import { parseRtpPacket, type RtpPacket } from './rtp-packet.js';

export interface SequencedPacket {
  readonly packet: RtpPacket;
  /** Packets declared lost just before this one (0 when none). */
  readonly lostBefore: number;
}

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

  push(packet: RtpPacket): SequencedPacket[] {
    const seq = packet.sequenceNumber;
    if (this.#expected === undefined) return this.#emitFrom(packet, 0);
    const offset = signedDistance(this.#expected, seq);
    if (offset === 0) return this.#emitFrom(packet, 0);
    if (Math.abs(offset) > MAX_SEQUENCE_JUMP) {
      this.#pending.clear();
      return this.#emitFrom(packet, 0);
    }
    if (offset < 0) return []; // a duplicate, or a packet already declared lost
    // A packet held for later is copied: the caller may reuse its buffer for the next read.
    this.#pending.set(seq, parseRtpPacket(new Uint8Array(packet.bytes)));
    if (this.#pending.size <= this.#slots) return [];
    let oldest = packet;
    for (const candidate of this.#pending.values()) {
      if (signedDistance(oldest.sequenceNumber, candidate.sequenceNumber) < 0) oldest = candidate;
    }
    const lost = signedDistance(this.#expected, oldest.sequenceNumber);
    this.#pending.delete(oldest.sequenceNumber);
    this.#lostTotal += lost;
    return this.#emitFrom(oldest, lost);
  }

  /** Emits `first`, then every buffered packet that follows it without a gap. */
  #emitFrom(first: RtpPacket, lostBefore: number): SequencedPacket[] {
    const out: SequencedPacket[] = [{ packet: first, lostBefore }];
    let next = (first.sequenceNumber + 1) & 0xffff;
    let buffered = this.#pending.get(next);
    while (buffered !== undefined) {
      this.#pending.delete(next);
      out.push({ packet: buffered, lostBefore: 0 });
      next = (next + 1) & 0xffff;
      buffered = this.#pending.get(next);
    }
    this.#expected = next;
    return out;
  }
}

function signedDistance(from: number, to: number): number {
  const delta = (to - from + 0x10000) & 0xffff;
  return delta >= 0x8000 ? delta - 0x10000 : delta;
}
