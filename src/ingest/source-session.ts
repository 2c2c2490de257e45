// The seam between a camera link and the protocol that feeds it: what the link needs from an open
// session (the RTSP client is adapted to it in rtsp-session.ts; tests may feed it from anything real).
import type { AccessUnit, TrackInfo } from '../media/hub/index.js';

export interface SessionTarget {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly transport: 'tcp' | 'udp';
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** The camera and stream the session feeds (the masks capability decides from them whether to mask). */
  readonly cameraId?: string;
  readonly stream?: 'main' | 'sub';
}

export interface SessionEvents {
  /** The unit is lent for the call: keeping it means holding it (`retainUnit`, then `releaseUnit`). */
  unit(unit: AccessUnit): void;
  /** Parameter sets or resolution changed mid-stream. */
  track(track: TrackInfo): void;
}

/** Totals since the session opened. */
export interface SessionCounters {
  readonly framesLost: number;
  /** Packets the depacketizer could not make sense of: a camera sending garbage. */
  readonly malformedPackets: number;
}

export interface SourceSession {
  readonly track: TrackInfo;
  /** Resolves once the session is over: undefined after close(), the reason otherwise. */
  readonly ended: Promise<unknown>;
  counters(): SessionCounters;
  close(): void;
}

export type OpenSession = (target: SessionTarget, events: SessionEvents) => Promise<SourceSession>;
