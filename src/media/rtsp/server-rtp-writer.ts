// The restream's RTP output for one client session: an access unit becomes one buffer — its original RTP packets
// with sequence number, timestamp and SSRC rewritten, or fresh RFC 6184 / RFC 7798 packets — framed for TCP
// interleaving (RFC 2326 §10.12) or as datagram slices, plus an RTCP sender report every few seconds.
import type { AccessUnit, TrackInfo } from '../hub/access-unit.js';
import { packetizeH264 } from '../h264/rtp-packetizer.js';
import { packetizeH265 } from '../h265/rtp-packetizer.js';
import { buildBye, buildSenderReport } from '../rtp/sender-report.js';
import { RTP_HEADER_SIZE, rewriteRtpHeader, writeRtpHeader } from '../rtp/rtp-packet.js';
import { INTERLEAVED_HEADER_SIZE, writeInterleavedHeader } from './interleaved-frame.js';

export interface FramedUnit {
  /** Everything to write, in one allocation. */
  readonly buffer: Buffer;
  /** UDP only: where each RTP packet lies in `buffer`, as (offset, length) pairs; empty for TCP. */
  readonly packets: Uint32Array;
  /** An RTCP sender report to send after the packets (UDP only; TCP has it inside `buffer`). */
  readonly senderReport: Uint8Array | undefined;
}

export interface RtpWriterOptions {
  readonly ssrc: number;
  readonly firstSequence: number;
  readonly timestampBase: number;
  /** TCP interleaved channels [rtp, rtcp], or undefined for UDP. */
  readonly channels: readonly [number, number] | undefined;
}

/** RFC 3550 §6.2: one report every 5 s is plenty for a single sender. */
const SENDER_REPORT_INTERVAL_MS = 5000;

export class ServerRtpWriter {
  readonly #options: RtpWriterOptions;
  #sequence: number;
  #firstPts: number | undefined;
  #packetCount = 0;
  #octetCount = 0;
  #lastReportAtMs = Number.NEGATIVE_INFINITY;
  #lastTimestamp: number;
  #lastWallClockMs = 0;

  constructor(options: RtpWriterOptions) {
    this.#options = options;
    this.#sequence = options.firstSequence & 0xffff;
    this.#lastTimestamp = options.timestampBase >>> 0;
  }

  /** RTP-Info for PLAY: the first packet's sequence number and timestamp. */
  get firstSequence(): number {
    return this.#options.firstSequence & 0xffff;
  }

  get timestampBase(): number {
    return this.#options.timestampBase >>> 0;
  }

  frame(unit: AccessUnit, track: TrackInfo, nowMs: number): FramedUnit {
    this.#firstPts ??= unit.pts90k;
    const timestamp = (this.#options.timestampBase + unit.pts90k - this.#firstPts) >>> 0;
    this.#lastTimestamp = timestamp;
    this.#lastWallClockMs = unit.wallClockMs;
    const forwarded = unit.rtpPackets;
    const payloads = forwarded === undefined ? packetize(unit, track) : undefined;
    const count = forwarded?.length ?? payloads?.length ?? 0;
    const framing = this.#options.channels === undefined ? 0 : INTERLEAVED_HEADER_SIZE;
    let size = 0;
    if (forwarded !== undefined) for (const packet of forwarded) size += framing + packet.length;
    else if (payloads !== undefined) for (const payload of payloads) size += framing + RTP_HEADER_SIZE + payload.length;
    const report = nowMs - this.#lastReportAtMs >= SENDER_REPORT_INTERVAL_MS;
    const reportSize = report ? 28 : 0;
    const buffer = Buffer.allocUnsafe(size + (report && framing > 0 ? framing + reportSize : 0));
    // Over TCP the buffer is written whole; only datagrams need to know where each packet lies.
    const packets = new Uint32Array(framing > 0 ? 0 : count * 2);
    let offset = 0;
    for (let i = 0; i < count; i += 1) {
      const original = forwarded?.[i];
      const payload = payloads?.[i];
      const length = original !== undefined ? original.length : RTP_HEADER_SIZE + (payload?.length ?? 0);
      if (framing > 0) writeInterleavedHeader(buffer, offset, this.#options.channels?.[0] ?? 0, length);
      const at = offset + framing;
      if (original !== undefined) {
        buffer.set(original, at);
        rewriteRtpHeader(buffer, at, this.#sequence, timestamp, this.#options.ssrc);
      } else if (payload !== undefined) {
        writeRtpHeader(buffer, at, { marker: i === count - 1, payloadType: track.payloadType, sequenceNumber: this.#sequence, timestamp, ssrc: this.#options.ssrc });
        buffer.set(payload, at + RTP_HEADER_SIZE);
      }
      if (framing === 0) {
        packets[2 * i] = at;
        packets[2 * i + 1] = length;
      }
      this.#sequence = (this.#sequence + 1) & 0xffff;
      this.#packetCount += 1;
      this.#octetCount += length - RTP_HEADER_SIZE;
      offset = at + length;
    }
    let senderReport: Uint8Array | undefined;
    if (report) {
      this.#lastReportAtMs = nowMs;
      senderReport = buildSenderReport({ ssrc: this.#options.ssrc, ntpTimeMs: unit.wallClockMs, rtpTimestamp: timestamp, packetCount: this.#packetCount, octetCount: this.#octetCount });
      if (framing > 0) {
        writeInterleavedHeader(buffer, offset, this.#options.channels?.[1] ?? 1, reportSize);
        buffer.set(senderReport, offset + framing);
        senderReport = undefined;
      }
    }
    return { buffer, packets, senderReport };
  }

  /** A compound RTCP packet (SR + BYE) announcing the end of the stream (RFC 3550 §6.6), framed like `frame()`. */
  goodbye(nowMs: number): Buffer {
    const report = buildSenderReport({
      ssrc: this.#options.ssrc,
      ntpTimeMs: this.#lastWallClockMs === 0 ? nowMs : this.#lastWallClockMs,
      rtpTimestamp: this.#lastTimestamp,
      packetCount: this.#packetCount,
      octetCount: this.#octetCount,
    });
    const bye = buildBye(this.#options.ssrc);
    const framing = this.#options.channels === undefined ? 0 : INTERLEAVED_HEADER_SIZE;
    const out = Buffer.allocUnsafe(framing + report.length + bye.length);
    if (framing > 0) writeInterleavedHeader(out, 0, this.#options.channels?.[1] ?? 1, report.length + bye.length);
    out.set(report, framing);
    out.set(bye, framing + report.length);
    return out;
  }
}

function packetize(unit: AccessUnit, track: TrackInfo): Uint8Array[] {
  return track.codec === 'h264' ? packetizeH264(unit.nalUnits, { parameterSets: track.parameterSets }) : packetizeH265(unit.nalUnits, { parameterSets: track.parameterSets });
}
