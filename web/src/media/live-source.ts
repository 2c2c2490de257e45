// One live camera stream received once per page and shared by every tile that shows it: one WebSocket, its
// init segment and the fragments since the last keyframe kept, so that a tile joining later decodes at once.
//
// Why share the socket and not the picture: a MediaSource can feed only one <video>, so sharing means either
// fanning the fragments out to one SourceBuffer per tile (each tile decodes its own copy: a hardware or
// software H.264 decode of a sub stream, cheap) or decoding once and drawing that <video> onto a canvas per
// tile every frame (a copy and a composite per tile per frame on the main thread, which costs more than the
// decode for sub-stream sizes, and loses the per-tile decode statistics the wall's health relies on). The
// server side is what sharing saves most: one socket and one feed per stream instead of one per tile.
import { MAX_GOP_FRAGMENTS, type LiveClock, type LiveListener } from './live-listener.js';
import { startsWithKeyframe } from './fragment-keyframe.js';
import { closedStatus, errorReason, parseServerMessage, retryDelayMs, type ConnectionStatus } from './stream-protocol.js';

/** An open socket that brings nothing for this long is stalled (camera gone quiet, proxy stuck): reconnect. */
const SILENT_AFTER_MS = 8000;
/** Keyframes alone (the decode budget) come one per GOP, up to several seconds apart on some cameras. */
const KEYFRAMES_SILENT_AFTER_MS = 30_000;

export class LiveSource {
  readonly key: string;
  readonly #url: () => string;
  readonly #listeners = new Set<LiveListener>();
  #socket: WebSocket | null = null;
  #status: ConnectionStatus = { kind: 'connecting' };
  #mime: string | null = null;
  #init: Uint8Array | null = null;
  /** Fragments from the last keyframe on. */
  #gop: Uint8Array[] = [];
  #clock: LiveClock | null = null;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #lastDataAt = 0;
  readonly #watchdog: ReturnType<typeof setInterval>;
  readonly #silentAfterMs: number;
  #closed = false;

  constructor(key: string, url: () => string) {
    this.key = key;
    this.#url = url;
    this.#silentAfterMs = new URLSearchParams(key.split('?')[1] ?? '').get('pictures') === 'keyframes' ? KEYFRAMES_SILENT_AFTER_MS : SILENT_AFTER_MS;
    this.#watchdog = setInterval(() => this.#checkSilent(), 1000);
    this.#connect();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  /** Adds a tile; it receives the current stream at once (init, then the fragments since the last keyframe). */
  add(listener: LiveListener): void {
    this.#listeners.add(listener);
    listener.status(this.#status);
    this.replay(listener);
  }

  remove(listener: LiveListener): void {
    this.#listeners.delete(listener);
  }

  /** Gives `listener` the stream from its last keyframe, as a tile that starts over (resumed, or unfrozen). */
  replay(listener: LiveListener): void {
    if (this.#mime === null || this.#init === null) return;
    listener.start(this.#mime);
    listener.data(this.#init);
    for (const fragment of this.#gop) listener.data(fragment);
    if (this.#clock !== null) listener.clock(this.#clock);
  }

  /** Drops the socket and opens a new one now (a tile stayed frozen after replaying). */
  restart(): void {
    this.#attempt = 0;
    this.#drop();
    this.#connect();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#watchdog);
    this.#drop();
    this.#listeners.clear();
  }

  #setStatus(status: ConnectionStatus): void {
    this.#status = status;
    for (const listener of this.#listeners) listener.status(status);
  }

  #connect(): void {
    clearTimeout(this.#retryTimer);
    this.#setStatus({ kind: 'connecting' });
    const socket = new WebSocket(this.#url());
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    this.#lastDataAt = performance.now();
    let binaries = 0;
    let lastError = '';
    socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
      this.#lastDataAt = performance.now();
      if (typeof event.data === 'string') {
        const message = parseServerMessage(event.data);
        if (message?.type === 'init' && typeof message['mime'] === 'string') {
          this.#mime = message['mime'];
          this.#init = null;
          this.#gop = [];
          binaries = 0;
        } else if (message?.type === 'clock' && typeof message['mediaMs'] === 'number' && typeof message['wallClockMs'] === 'number') {
          this.#clock = { mediaMs: message['mediaMs'], wallClockMs: message['wallClockMs'] };
          for (const listener of this.#listeners) listener.clock(this.#clock);
        } else if (message?.type === 'error') {
          lastError = errorReason(message);
        }
        return;
      }
      const data = new Uint8Array(event.data);
      binaries += 1;
      if (binaries === 1) {
        this.#init = data;
        if (this.#mime !== null) for (const listener of this.#listeners) listener.start(this.#mime);
      } else if (startsWithKeyframe(data) || this.#gop.length >= MAX_GOP_FRAGMENTS) {
        this.#gop = [data];
      } else {
        this.#gop.push(data);
      }
      for (const listener of this.#listeners) listener.data(data);
      // The init segment is the first binary message; the first fragment after it means video flows.
      if (binaries === 2) {
        this.#attempt = 0;
        this.#setStatus({ kind: 'playing' });
      }
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket || this.#closed) return;
      this.#socket = null;
      const status = closedStatus(event.code, lastError || (binaries === 0 ? 'Flux indisponible' : 'Connexion perdue'), retryDelayMs(this.#attempt));
      this.#setStatus(status);
      if (status.kind === 'waiting') {
        this.#attempt += 1;
        this.#retryTimer = setTimeout(() => this.#connect(), status.retryInMs);
      }
    };
  }

  #checkSilent(): void {
    if (this.#socket?.readyState === WebSocket.OPEN && performance.now() - this.#lastDataAt > this.#silentAfterMs) this.#socket.close();
  }

  #drop(): void {
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#socket = null;
    if (socket !== null) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close();
    }
  }
}
