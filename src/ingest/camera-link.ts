// One camera stream kept alive: connect, publish every access unit to the hub, watch health, and
// reconnect by itself with exponential backoff and jitter whatever went wrong.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { accessUnitBytes, releaseUnit, retainUnit, type AccessUnit, type Hub, type StreamPublisher, type TrackInfo } from '../media/hub/index.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { LinkError, StreamHealth, StreamState, StreamStateChange } from './health.js';
import { HealthMeter } from './health-meter.js';
import { classifyLinkError } from './link-error.js';
import type { OpenSession, SourceSession } from './source-session.js';

/** Two seconds of video at 25 fps: far more than can arrive before PLAY's reply is read. */
const MAX_EARLY_UNITS = 50;

export interface StreamTarget {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

export interface CameraLinkOptions {
  readonly cameraId: string;
  readonly stream: 'main' | 'sub';
  readonly target: StreamTarget;
  readonly hub: Hub;
  readonly openSession: OpenSession;
  readonly clock: Clock;
  readonly transport?: 'tcp' | 'udp';
  /** For each RTSP request and for the connection. */
  readonly timeoutMs?: number;
  /** No frame for this long on an open session: it is closed and reopened. */
  readonly stallTimeoutMs?: number;
  /** No frame for this long: degraded. */
  readonly lateFrameMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  readonly onStateChange: (change: StreamStateChange) => void;
  readonly onSessionError: (error: LinkError) => void;
}

export class CameraLink {
  readonly cameraId: string;
  readonly stream: 'main' | 'sub';
  readonly streamKey: string;
  readonly #options: CameraLinkOptions;
  readonly #meter = new HealthMeter();
  #target: StreamTarget;
  #state: StreamState = 'idle';
  #publisher: StreamPublisher | undefined;
  #abort: AbortController | undefined;
  #loop: Promise<void> | undefined;
  #session: SourceSession | undefined;
  #track: TrackInfo | undefined;
  #connectedSinceMs: number | undefined;
  #stallError: unknown;
  #reconnects = 0;
  /** The session was closed to reconnect with a new target: not a failure, no delay. */
  #retargeted = false;
  /** The session's totals already taken into the meter. */
  #countedLost = 0;
  #countedMalformed = 0;
  /** Units that arrived while the session was still opening (PLAY's reply and the first RTP can share a read). */
  #early: AccessUnit[] | undefined;
  #lastError: LinkError | undefined;

  constructor(options: CameraLinkOptions) {
    this.#options = options;
    this.cameraId = options.cameraId;
    this.stream = options.stream;
    this.streamKey = `${options.cameraId}/${options.stream}`;
    this.#target = options.target;
  }

  get running(): boolean {
    return this.#abort !== undefined;
  }

  start(): void {
    if (this.#abort !== undefined) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.#publisher = this.#options.hub.publish(this.streamKey);
    this.#setState('offline');
    this.#loop = this.#run(abort.signal);
  }

  /** Stops, ends the hub stream (its consumers stop with 'source-ended'), and waits for the session to close. */
  async stop(): Promise<void> {
    const abort = this.#abort;
    if (abort === undefined) return;
    this.#abort = undefined;
    abort.abort();
    this.#session?.close();
    this.#publisher?.end();
    this.#publisher = undefined;
    await this.#loop;
    this.#loop = undefined;
    this.#setState('idle');
  }

  /** New URL or credentials: reconnect with them (the hub stream stays, consumers keep their subscription). */
  retarget(target: StreamTarget): void {
    this.#target = target;
    if (this.#session === undefined) return;
    this.#retargeted = true;
    this.#session.close();
  }

  /** Called about once a second by the owner: derives the state and closes a stalled session. */
  tick(): void {
    if (this.#abort === undefined) return;
    const nowMs = this.#options.clock.now();
    const reading = this.#meter.read(nowMs);
    const session = this.#session;
    if (session === undefined || this.#connectedSinceMs === undefined) {
      this.#setState('offline');
      return;
    }
    const counters = session.counters();
    if (counters.framesLost > this.#countedLost) this.#meter.lost(counters.framesLost - this.#countedLost, nowMs);
    this.#countedLost = counters.framesLost;
    const garbage = counters.malformedPackets > this.#countedMalformed;
    this.#countedMalformed = counters.malformedPackets;
    const lastActivityMs = Math.max(reading.lastFrameAtMs ?? 0, this.#connectedSinceMs);
    if (nowMs - lastActivityMs > (this.#options.stallTimeoutMs ?? 10_000)) {
      const silence = `no picture for ${Math.round((nowMs - lastActivityMs) / 1000)} s`;
      this.#stallError = garbage ? new VigieError('VIGIE_INGEST_GARBAGE', `${silence}, only undecodable packets`) : Object.assign(new Error(silence), { code: 'ETIMEDOUT' });
      session.close();
      return;
    }
    if (reading.lastFrameAtMs === undefined || reading.lastFrameAtMs < this.#connectedSinceMs) return;
    const late = nowMs - reading.lastFrameAtMs > (this.#options.lateFrameMs ?? 2_000);
    const settled = nowMs - this.#connectedSinceMs > 6_000;
    const expectedFps = this.#track?.frameRate;
    const slow = settled && expectedFps !== undefined && reading.fps < expectedFps / 2;
    this.#setState(late || reading.lostInWindow > 0 || slow ? 'degraded' : 'online');
  }

  health(): StreamHealth {
    const reading = this.#meter.read(this.#options.clock.now());
    return {
      cameraId: this.cameraId,
      stream: this.stream,
      state: this.#state,
      bitrateBps: reading.bitrateBps,
      fps: reading.fps,
      keyframeIntervalMs: reading.keyframeIntervalMs,
      framesReceived: reading.framesReceived,
      framesLost: reading.framesLost,
      lastFrameAtMs: reading.lastFrameAtMs,
      connectedSinceMs: this.#connectedSinceMs,
      reconnects: this.#reconnects,
      lastError: this.#lastError,
      codec: this.#track?.codec,
      width: this.#track?.width,
      height: this.#track?.height,
    };
  }

  async #run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const framesBefore = this.#meter.read(this.#options.clock.now()).framesReceived;
      try {
        await this.#runSession(signal);
      } catch (error) {
        if (!signal.aborted) this.#fail(error);
      }
      if (signal.aborted) break;
      if (this.#retargeted) {
        this.#retargeted = false;
        continue;
      }
      this.#setState('offline');
      // A session that delivered video was healthy: the next attempt starts from the shortest delay.
      if (this.#meter.read(this.#options.clock.now()).framesReceived > framesBefore) failures = 0;
      failures += 1;
      this.#reconnects += 1;
      const random = this.#options.random ?? Math.random;
      await sleep(backoffDelayMs(failures, random(), this.#options.backoff ?? DEFAULT_BACKOFF), undefined, { signal }).catch(() => undefined);
    }
  }

  async #runSession(signal: AbortSignal): Promise<void> {
    this.#stallError = undefined;
    this.#early = [];
    const session = await this.#options.openSession(
      { ...this.#target, transport: this.#options.transport ?? 'tcp', signal, timeoutMs: this.#options.timeoutMs ?? 10_000, cameraId: this.cameraId, stream: this.stream },
      {
        unit: (unit) => this.#onUnit(unit),
        track: (track) => this.#setTrack(track),
      },
    );
    const early = this.#early;
    this.#early = undefined;
    if (signal.aborted) {
      session.close();
      early.forEach(releaseUnit);
      return;
    }
    this.#session = session;
    this.#countedLost = 0;
    this.#countedMalformed = 0;
    this.#connectedSinceMs = this.#options.clock.now();
    this.#meter.resetTimeline();
    this.#setTrack(session.track);
    for (const unit of early) {
      this.#onUnit(unit);
      releaseUnit(unit);
    }
    try {
      const reason = await session.ended;
      if (!signal.aborted && !this.#retargeted) this.#fail(this.#stallError ?? reason ?? Object.assign(new Error('the session ended'), { code: 'ECONNRESET' }));
    } finally {
      // A stop() followed at once by start() may already have a newer session here.
      if (this.#session === session) {
        this.#session = undefined;
        this.#connectedSinceMs = undefined;
      }
    }
  }

  #setTrack(track: TrackInfo): void {
    this.#track = track;
    this.#publisher?.setTrack(track);
  }

  #onUnit(unit: AccessUnit): void {
    if (this.#early !== undefined) {
      if (this.#early.length < MAX_EARLY_UNITS) {
        retainUnit(unit);
        this.#early.push(unit);
      }
      return;
    }
    const publisher = this.#publisher;
    if (publisher === undefined || this.#track === undefined) return;
    this.#meter.frame(unit, accessUnitBytes(unit), this.#options.clock.now());
    publisher.push(unit);
    if (this.#state === 'offline') this.#setState('online');
  }

  #fail(error: unknown): void {
    this.#lastError = classifyLinkError(error, this.#options.clock.now());
    this.#options.onSessionError(this.#lastError);
  }

  #setState(state: StreamState): void {
    if (state === this.#state) return;
    const from = this.#state;
    this.#state = state;
    this.#options.onStateChange({ cameraId: this.cameraId, stream: this.stream, from, to: state, atMs: this.#options.clock.now(), error: state === 'offline' ? this.#lastError : undefined });
  }
}
