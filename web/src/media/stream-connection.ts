// One video WebSocket (live or playback) and its protocol: TEXT {"type":"init","mime"} then BINARY init
// segment then BINARY fragments; TEXT {"type":"error"}; in playback also {"type":"position"}, "gap", "end".
// Reconnects by itself with exponential backoff and jitter; TEXT commands go the other way.
import { MsePlayer, type PlayerMode } from './mse-player.js';
import { FrameMeter } from './frame-meter.js';
import { closedStatus, errorReason, parseServerMessage, retryDelayMs, type ConnectionStatus, type ServerMessage } from './stream-protocol.js';

export type { ConnectionStatus, ServerMessage } from './stream-protocol.js';

export type PlaybackCommand =
  { readonly type: 'seek'; readonly at: number } | { readonly type: 'speed'; readonly value: number } | { readonly type: 'pause' } | { readonly type: 'play' } | { readonly type: 'step' };

export interface StreamConnectionOptions {
  /** Called at each (re)connection, so playback resumes where it was. */
  readonly url: () => string;
  readonly mode: PlayerMode;
  readonly video: HTMLVideoElement;
  readonly onStatus: (status: ConnectionStatus) => void;
  /** Every TEXT message from the server, after the connection has handled init and error. */
  readonly onMessage?: (message: ServerMessage) => void;
}

/** Live video that receives fragments but has not moved for this long is stuck: reconnect for a fresh keyframe. */
const FROZEN_AFTER_MS = 5000;

export class StreamConnection {
  readonly player: MsePlayer;
  readonly meter: FrameMeter;
  readonly #options: StreamConnectionOptions;
  #socket: WebSocket | null = null;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #lastError = '';
  #fragmentsSinceMove = 0;
  #lastMove = { at: 0, time: -1 };
  readonly #watchdog: ReturnType<typeof setInterval>;

  constructor(options: StreamConnectionOptions) {
    this.#options = options;
    this.meter = new FrameMeter(options.video);
    this.player = new MsePlayer(options.video, { mode: options.mode, onError: (message) => this.#fail(message) });
    this.#watchdog = setInterval(() => this.#checkFrozen(), 1000);
    this.#connect();
  }

  send(command: PlaybackCommand): boolean {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(command));
    return true;
  }

  /** Drops the current connection and opens a new one now (after a seek while disconnected, for instance). */
  restart(): void {
    this.#attempt = 0;
    this.#drop();
    this.#connect();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#watchdog);
    this.#drop();
    this.player.stop();
    this.meter.stop();
  }

  #connect(): void {
    clearTimeout(this.#retryTimer);
    this.#lastError = '';
    this.#options.onStatus({ kind: 'connecting' });
    const socket = new WebSocket(this.#options.url());
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    let fragments = 0;
    socket.onopen = () => this.meter.markOpened();
    socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
      if (typeof event.data === 'string') {
        this.#onText(event.data);
        return;
      }
      this.player.append(new Uint8Array(event.data));
      fragments += 1;
      this.#fragmentsSinceMove += 1;
      // The init segment is the first binary message; the first fragment after it means video flows.
      if (fragments === 2) {
        this.#attempt = 0;
        this.#options.onStatus({ kind: 'playing' });
      }
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket || this.#closed) return;
      this.#socket = null;
      const reason = this.#lastError || (fragments === 0 ? 'Flux indisponible' : 'Connexion perdue');
      const status = closedStatus(event.code, reason, retryDelayMs(this.#attempt));
      this.#options.onStatus(status);
      if (status.kind === 'waiting') {
        this.#attempt += 1;
        this.#retryTimer = setTimeout(() => this.#connect(), status.retryInMs);
      }
    };
  }

  #onText(text: string): void {
    const typed = parseServerMessage(text);
    if (typed === null) return;
    if (typed.type === 'init' && typeof typed['mime'] === 'string') {
      this.meter.rebase();
      this.player.start(typed['mime']);
      this.meter.watchFirstFrame();
    } else if (typed.type === 'error') {
      this.#lastError = errorReason(typed);
    }
    this.#options.onMessage?.(typed);
  }

  /** A live picture that stays still while fragments keep coming (a lost keyframe, a decoder stuck). */
  #checkFrozen(): void {
    const time = this.#options.video.currentTime;
    const now = performance.now();
    if (time !== this.#lastMove.time || this.#options.mode !== 'live' || this.#socket === null) {
      this.#lastMove = { at: now, time };
      this.#fragmentsSinceMove = 0;
    } else if (now - this.#lastMove.at > FROZEN_AFTER_MS && this.#fragmentsSinceMove > 0) {
      this.#lastMove = { at: now, time };
      this.#fragmentsSinceMove = 0;
      this.#fail('Image figée');
    }
  }

  #fail(message: string): void {
    this.#lastError = message;
    this.#socket?.close();
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
