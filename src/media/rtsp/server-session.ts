// One RTSP server session (RFC 2326 §3.4): a path's source subscribed on PLAY and sent to the client over TCP
// interleaved channels or UDP, with sequence numbers, timestamps and SSRC of its own.
import { randomBytes } from 'node:crypto';
import type { Socket as UdpSocket } from 'node:dgram';
import type { Socket } from 'node:net';
import type { AccessUnit, TrackInfo } from '../hub/access-unit.js';
import type { StopReason, StreamConsumer } from '../hub/stream-consumer.js';
import { ServerRtpWriter } from './server-rtp-writer.js';
import type { RtspServerSource } from './server-source.js';

export type SessionTransport =
  | { readonly kind: 'tcp'; readonly socket: Socket; readonly channels: readonly [number, number] }
  | { readonly kind: 'udp'; readonly address: string; readonly rtpPort: number; readonly rtcpPort: number; readonly rtp: UdpSocket; readonly rtcp: UdpSocket };

/** A viewer may lag one GOP of a 8 Mbit/s stream (2 s) before the hub skips it to the next keyframe. */
const MAX_QUEUED_BYTES = 2 * 1024 * 1024;

export class ServerSession {
  readonly id = randomBytes(8).toString('hex');
  readonly path: string;
  readonly transport: SessionTransport;
  readonly principal: string | undefined;
  readonly ssrc: number;
  readonly #source: RtspServerSource;
  readonly #writer: ServerRtpWriter;
  readonly #onEnd: (session: ServerSession, reason: StopReason, detail: string | undefined) => void;
  #track: TrackInfo;
  #subscription: { close(): void } | undefined;
  #lastActivityMs: number;
  #ended = false;
  #wasPlaying = false;

  constructor(init: {
    readonly path: string;
    readonly source: RtspServerSource;
    readonly track: TrackInfo;
    readonly transport: SessionTransport;
    readonly principal: string | undefined;
    readonly nowMs: number;
    readonly onEnd: (session: ServerSession, reason: StopReason, detail: string | undefined) => void;
  }) {
    this.path = init.path;
    this.#source = init.source;
    this.#track = init.track;
    this.transport = init.transport;
    this.principal = init.principal;
    this.#lastActivityMs = init.nowMs;
    this.#onEnd = init.onEnd;
    const random = randomBytes(10);
    this.ssrc = random.readUInt32BE(0);
    this.#writer = new ServerRtpWriter({
      ssrc: this.ssrc,
      firstSequence: random.readUInt16BE(4),
      timestampBase: random.readUInt32BE(6),
      channels: init.transport.kind === 'tcp' ? init.transport.channels : undefined,
    });
  }

  get firstSequence(): number {
    return this.#writer.firstSequence;
  }

  get timestampBase(): number {
    return this.#writer.timestampBase;
  }

  get isPlaying(): boolean {
    return this.#subscription !== undefined;
  }

  get lastActivityMs(): number {
    return this.#lastActivityMs;
  }

  touch(nowMs: number): void {
    this.#lastActivityMs = nowMs;
  }

  play(): void {
    if (this.#subscription !== undefined || this.#ended) return;
    this.#wasPlaying = true;
    const consumer: StreamConsumer = {
      label: `rtsp ${this.path} ${this.id}`,
      // Each picture is copied into the RTP packets written to the socket.
      borrowsUnits: true,
      start: (track) => {
        this.#track = track;
      },
      accept: (unit) => this.#send(unit),
      stop: (reason) => {
        this.#subscription = undefined;
        this.end(reason);
      },
    };
    this.#subscription = this.#source.subscribe(consumer, { startAt: 'last-keyframe', maxQueuedBytes: MAX_QUEUED_BYTES });
  }

  pause(): void {
    const subscription = this.#subscription;
    this.#subscription = undefined;
    subscription?.close();
  }

  /** `detail` says why in words (a timeout, a revoked access) for the session's 'ended' event. */
  end(reason: StopReason, detail?: string): void {
    if (this.#ended) return;
    if (reason !== 'unsubscribed' && this.#wasPlaying) this.#sendGoodbye();
    this.#ended = true;
    this.pause();
    this.#onEnd(this, reason, detail);
  }

  /** Receivers over UDP learn the end only from RTCP BYE (ffmpeg waits for it to report end of stream). */
  #sendGoodbye(): void {
    const bytes = this.#writer.goodbye(Date.now());
    const transport = this.transport;
    if (transport.kind === 'tcp') {
      if (!transport.socket.destroyed) transport.socket.write(bytes);
    } else {
      transport.rtcp.send(bytes, transport.rtcpPort, transport.address);
    }
  }

  #send(unit: AccessUnit): void | Promise<void> {
    if (this.#ended) return undefined;
    const framed = this.#writer.frame(unit, this.#track, Date.now());
    const transport = this.transport;
    if (transport.kind === 'tcp') {
      if (transport.socket.destroyed) return undefined;
      if (transport.socket.write(framed.buffer)) return undefined;
      return new Promise((resolve) => {
        const done = (): void => {
          transport.socket.off('drain', done);
          transport.socket.off('close', done);
          resolve();
        };
        transport.socket.on('drain', done);
        transport.socket.on('close', done);
      });
    }
    const where = framed.packets;
    for (let i = 0; i + 1 < where.length; i += 2) transport.rtp.send(framed.buffer, where[i] ?? 0, where[i + 1] ?? 0, transport.rtpPort, transport.address);
    if (framed.senderReport !== undefined) transport.rtcp.send(framed.senderReport, transport.rtcpPort, transport.address);
    return undefined;
  }
}
