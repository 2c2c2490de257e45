// One video WebSocket (live or playback) and its protocol: TEXT {"type":"init","mime"} then BINARY init
// segment then BINARY fragments; TEXT {"type":"error"}; in playback also {"type":"position"}, "gap", "end".
// Reconnects by itself with exponential backoff and jitter; TEXT commands go the other way.
import { MsePlayer, type PlayerMode } from './mse-player.js';
import { FrameMeter } from './frame-meter.js';

export type ConnectionStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'playing' }
  | { readonly kind: 'waiting'; readonly retryInMs: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

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

/** A TEXT message from the server: `type` plus whatever fields it carries. */
export type ServerMessage = Readonly<Record<string, unknown>> & { readonly type: string };

const FIRST_RETRY_MS = 500;
/** Live video that receives fragments but has not moved for this long is stuck: reconnect for a fresh keyframe. */
const FROZEN_AFTER_MS = 5000;
const MAX_RETRY_MS = 10_000;
/** Close codes after which retrying cannot help: policy violation, forbidden. */
const FINAL_CLOSE_CODES = new Set([1008, 4401, 4403, 4404]);

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
      const reason = this.#lastError || event.reason || (fragments === 0 ? 'Flux indisponible' : 'Connexion perdue');
      if (FINAL_CLOSE_CODES.has(event.code)) this.#options.onStatus({ kind: 'failed', reason: event.code === 1008 || event.code === 4403 ? `Accès refusé : ${reason}` : reason });
      else this.#scheduleRetry(reason);
    };
  }

  #onText(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null || typeof (message as { type?: unknown }).type !== 'string') return;
    const typed = message as ServerMessage;
    if (typed.type === 'init' && typeof typed['mime'] === 'string') {
      this.meter.rebase();
      this.player.start(typed['mime']);
      this.meter.watchFirstFrame();
    } else if (typed.type === 'error') {
      // A withdrawn right is said in the operator's words; other server messages stay as they are for now.
      if (typed['code'] === 'VIGIE_ACCESS_REVOKED') this.#lastError = 'votre session a pris fin ou vos droits sur cette caméra ont changé';
      else this.#lastError = typeof typed['message'] === 'string' ? typed['message'] : 'Erreur du serveur';
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

  #scheduleRetry(reason: string): void {
    const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.#attempt);
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this.#attempt += 1;
    this.#options.onStatus({ kind: 'waiting', retryInMs: delay, reason });
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
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
