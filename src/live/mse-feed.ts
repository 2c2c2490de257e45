// One browser's live feed: fMP4 for Media Source Extensions over a WebSocket. A text "init" message with the
// MIME type, the init segment, then one moof+mdat per picture. Before each keyframe a text "clock" message maps
// the media timeline to wall-clock time ({ mediaMs, wallClockMs }: when the camera took that picture), so the
// browser can show how old its picture is. The live edge is kept: when the socket's
// send buffer grows past its ceiling the feed skips to the next keyframe and closes the gap in the timeline,
// so the browser never drifts behind. A keyframes-only feed (`keyframesOnly`) sends the keyframes alone, for the
// small tiles of a wall whose viewing machine cannot decode every picture (docs/wall.md, "Decode budget").
import { codecString, writeInitSegment, writeMediaFragment } from '../media/mp4/index.js';
import type { AccessUnit, StopReason, StreamConsumer, TrackInfo } from '../media/hub/index.js';

/** What the feed needs of a WebSocket (the `ws` socket provides it). */
export interface LiveSocket {
  send(data: string | Uint8Array): void;
  readonly bufferedAmount: number;
}

export interface MseFeedOptions {
  readonly label: string;
  readonly socket: LiveSocket;
  /** About a second of a 4 Mbit/s main stream: more waiting in the socket means the viewer is behind. */
  readonly maxBufferedBytes?: number;
  /**
   * Keyframes only (a wall's small tile on a viewing machine that cannot decode every picture), at their real
   * times: the picture stays live at the camera's keyframe rate (about one every 1–2 s).
   */
  readonly keyframesOnly?: boolean;
  readonly onStop: (reason: StopReason) => void;
}

export interface MseFeedStats {
  readonly fragmentsSent: number;
  readonly picturesSkipped: number;
  readonly bytesSent: number;
}

/** A jump larger than this in the source timeline (a reconnect, a clock reset) is closed up. */
const MAX_GAP_90K = 10 * 90_000;

export class MseFeed implements StreamConsumer {
  readonly label: string;
  /** Each picture is copied into the fragment sent to the browser. */
  readonly borrowsUnits = true;
  readonly #options: MseFeedOptions;
  #sequence = 1;
  #hasInit = false;
  #waitingForKeyframe = true;
  #resync = true;
  #offset90k = 0;
  #lastOutDts90k: number | undefined;
  #lastInDts90k: number | undefined;
  #lastDuration90k = 3600;
  #fragmentsSent = 0;
  #picturesSkipped = 0;
  #bytesSent = 0;

  constructor(options: MseFeedOptions) {
    this.label = options.label;
    this.#options = options;
  }

  stats(): MseFeedStats {
    return { fragmentsSent: this.#fragmentsSent, picturesSkipped: this.#picturesSkipped, bytesSent: this.#bytesSent };
  }

  start(track: TrackInfo): void {
    // A camera that sends its parameter sets only in band: the next track (with them) starts the feed.
    this.#hasInit = track.parameterSets !== undefined;
    if (!this.#hasInit) return;
    const init = writeInitSegment(track);
    const message = { type: 'init', mime: `video/mp4; codecs="${codecString(track)}"`, width: track.width ?? null, height: track.height ?? null };
    this.#options.socket.send(JSON.stringify(message));
    this.#options.socket.send(init);
    if (track.frameRate !== undefined && track.frameRate > 0) this.#lastDuration90k = Math.round(90_000 / track.frameRate);
    this.#waitingForKeyframe = true;
    this.#resync = true;
  }

  accept(unit: AccessUnit): void {
    if (!this.#hasInit) return;
    if (this.#options.keyframesOnly === true && !unit.isKeyframe) return;
    const socket = this.#options.socket;
    if (socket.bufferedAmount > (this.#options.maxBufferedBytes ?? 512 * 1024)) {
      this.#picturesSkipped += 1;
      this.#waitingForKeyframe = true;
      this.#resync = true;
      return;
    }
    if (this.#waitingForKeyframe) {
      if (!unit.isKeyframe) {
        this.#picturesSkipped += 1;
        return;
      }
      this.#waitingForKeyframe = false;
    }
    // Keyframes alone keep a picture's own duration: each is a short range at its real time, which the player
    // shows by seeking to its start; the picture stays on screen until the next one.
    if (!this.#resync && this.#options.keyframesOnly !== true && this.#lastInDts90k !== undefined && unit.dts90k > this.#lastInDts90k && unit.dts90k - this.#lastInDts90k < MAX_GAP_90K) {
      this.#lastDuration90k = unit.dts90k - this.#lastInDts90k;
    }
    const outDts = unit.dts90k + this.#offset90k;
    if (this.#lastOutDts90k !== undefined && (this.#resync || outDts <= this.#lastOutDts90k || outDts - this.#lastOutDts90k > MAX_GAP_90K)) {
      // Continue right after the last picture sent: no hole in the browser's buffer, so no stall.
      this.#offset90k = this.#lastOutDts90k + this.#lastDuration90k - unit.dts90k;
    } else if (this.#lastOutDts90k === undefined) {
      this.#offset90k = -unit.dts90k;
    }
    this.#resync = false;
    if (unit.isKeyframe) socket.send(JSON.stringify({ type: 'clock', mediaMs: (unit.dts90k + this.#offset90k) / 90, wallClockMs: unit.wallClockMs }));
    const fragment = writeMediaFragment(this.#sequence, [unit], { timeOffset90k: this.#offset90k, lastDuration90k: this.#lastDuration90k });
    this.#sequence += 1;
    this.#lastInDts90k = unit.dts90k;
    this.#lastOutDts90k = unit.dts90k + this.#offset90k;
    socket.send(fragment);
    this.#fragmentsSent += 1;
    this.#bytesSent += fragment.length;
  }

  stop(reason: StopReason): void {
    this.#options.onStop(reason);
  }
}
