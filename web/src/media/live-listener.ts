// What a shared live stream tells each tile that shows it.
import type { ConnectionStatus } from './stream-protocol.js';

/** The server's mapping of the media timeline to the wall clock: the picture at `mediaMs` was taken at `wallClockMs`. */
export interface LiveClock {
  readonly mediaMs: number;
  readonly wallClockMs: number;
}

export interface LiveListener {
  status(status: ConnectionStatus): void;
  /** A new stream begins (a fresh MediaSource): its init segment and fragments follow through `data`. */
  start(mime: string): void;
  data(bytes: Uint8Array): void;
  clock(clock: LiveClock): void;
}

/** A stream without keyframes for this many fragments (a broken camera) keeps only the newest ones. */
export const MAX_GOP_FRAGMENTS = 300;
