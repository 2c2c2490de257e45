// One WebSocket playback of one camera (contract for the web player, see docs/recording.md):
// TEXT {"type":"init","mime","originMs"} then BINARY init segment, then BINARY fragments from the keyframe at
// or before the position, paced by the clock (×1..×16), TEXT {"type":"position","at"} twice a second,
// {"type":"gap","fromMs","toMs"} and {"type":"end"}. Media time t in the stream is wall-clock originMs + t·1000.
// Commands (TEXT): step, seek {at}, speed {value}, pause, play.
import type { Logger } from '../core/logger.js';
import { codecString, writeInitSegment, writeMediaFragment } from '../media/mp4/index.js';
import { sameTrack, type TrackInfo } from '../media/hub/index.js';
import type { ArchiveReader } from './archive-reader.js';
import type { PlaybackClock } from './playback-clock.js';

export interface PlaybackSocket {
  send(data: string | Uint8Array): void;
  readonly bufferedAmount: number;
}

/** Whether the viewer may still see the footage of [fromMs, toMs]: asked again for every fragment sent. */
export type FootageGuard = (fromMs: number, toMs: number) => Promise<{ readonly allowed: true } | { readonly allowed: false; readonly reason: string }>;

/** Fragments are sent this far ahead of the clock so that the player never starves. */
const LEAD_MS = 1000;
const POSITION_EVERY_MS = 500;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const FRAME_MS = 40;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class PlaybackSession {
  readonly #reader: ArchiveReader;
  readonly #clock: PlaybackClock;
  readonly #socket: PlaybackSocket;
  readonly #synchronized: boolean;
  readonly #logger: Logger;
  readonly #mayShow: FootageGuard | undefined;
  #closed = false;
  readonly #timer: NodeJS.Timeout;

  constructor(options: { reader: ArchiveReader; clock: PlaybackClock; socket: PlaybackSocket; synchronized: boolean; logger: Logger; mayShow?: FootageGuard }) {
    this.#reader = options.reader;
    this.#mayShow = options.mayShow;
    this.#clock = options.clock;
    this.#socket = options.socket;
    this.#synchronized = options.synchronized;
    this.#logger = options.logger;
    this.#timer = setInterval(() => this.#text({ type: 'position', at: Math.round(this.#clock.position()), speed: this.#clock.speed, paused: this.#clock.paused }), POSITION_EVERY_MS);
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
  }

  /** Applies one TEXT command; answers {"type":"error"} to a bad one. */
  command(text: string): void {
    let message: { type?: unknown; at?: unknown; value?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      this.#text({ type: 'error', message: 'commands are JSON' });
      return;
    }
    const at = parseInstant(message.at);
    if (message.type === 'step') this.#clock.step(FRAME_MS);
    else if (message.type === 'pause') this.#clock.pause();
    else if (message.type === 'play') this.#clock.play();
    else if (message.type === 'speed' && typeof message.value === 'number') this.#clock.setSpeed(message.value);
    else if (message.type === 'seek' && at !== undefined) this.#clock.seek(at);
    else {
      this.#text({ type: 'error', message: 'unknown command; expected step, pause, play, speed {value}, seek {at}' });
      return;
    }
    this.#text({ type: 'position', at: Math.round(this.#clock.position()), speed: this.#clock.speed, paused: this.#clock.paused });
  }

  async run(): Promise<void> {
    try {
      while (!this.#closed) await this.#playFrom(this.#clock.generation);
    } catch (error) {
      this.#logger.warn({ err: error }, 'playback session failed');
      this.#text({ type: 'error', message: (error as Error).message });
    } finally {
      this.close();
    }
  }

  #text(message: Record<string, unknown>): void {
    if (!this.#closed) this.#socket.send(JSON.stringify(message));
  }

  #stale(generation: number): boolean {
    return this.#closed || this.#clock.generation !== generation;
  }

  async #playFrom(generation: number): Promise<void> {
    let origin: number | undefined;
    let track: TrackInfo | undefined;
    let lastEnd: number | undefined;
    let sequence = 0;
    const startAt = this.#clock.position();
    for await (const fragment of this.#reader.fragments(startAt)) {
      if (this.#stale(generation)) return;
      // A scope may begin inside the fragment that holds the start instant (a requisition's range from 14:00:00):
      // that fragment is skipped, and playback begins with the next whole one instead of being refused.
      if (lastEnd === undefined && fragment.startMs < startAt && this.#mayShow !== undefined && !(await this.#mayShow(fragment.startMs, fragment.endMs)).allowed) continue;
      if (origin === undefined || track === undefined || !sameTrack(track, fragment.track)) {
        origin ??= fragment.startMs;
        track = fragment.track;
        this.#text({ type: 'init', mime: `video/mp4; codecs="${codecString(track)}"`, originMs: origin, width: track.width, height: track.height });
        this.#socket.send(writeInitSegment(track));
      }
      if (lastEnd !== undefined && fragment.startMs - lastEnd > 1000) {
        this.#text({ type: 'gap', fromMs: lastEnd, toMs: fragment.startMs });
        if (!this.#synchronized) this.#clock.skipTo(fragment.startMs);
      }
      while (!this.#stale(generation) && (this.#clock.position() < fragment.startMs - LEAD_MS || this.#socket.bufferedAmount > MAX_BUFFERED_BYTES)) await sleep(40);
      if (this.#stale(generation)) return;
      // A session opened inside a limited scope (a requisition's range, the operators' window, a habilitation that
      // ends) must not play on past it: the picture of every fragment is checked before it leaves.
      const verdict = await this.#mayShow?.(fragment.startMs, fragment.endMs);
      if (verdict !== undefined && !verdict.allowed) {
        this.#text({ type: 'error', message: `playback refused: ${verdict.reason}` });
        this.#text({ type: 'end', at: lastEnd ?? null });
        this.close();
        return;
      }
      if (this.#stale(generation)) return;
      sequence += 1;
      this.#socket.send(writeMediaFragment(sequence, fragment.units, { timeOffset90k: -origin * 90, nextDts90k: Math.round(fragment.endMs * 90) }));
      lastEnd = fragment.endMs;
    }
    this.#text({ type: 'end', at: lastEnd ?? null });
    while (!this.#stale(generation)) await sleep(100);
  }
}

/** An instant as ms since the epoch or an ISO 8601 string. */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value === '') return undefined;
  const asNumber = Number(value);
  if (Number.isFinite(asNumber)) return asNumber;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}
