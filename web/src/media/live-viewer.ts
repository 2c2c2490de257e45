// One tile's share of a live stream: its own MediaSource on its own <video>, fed from the page's shared
// LiveSource. A tile off screen or in a hidden page lets its picture go (no decode) and leaves the stream
// after a grace period; a tile whose picture stays still while video arrives starts over from the last
// keyframe, and if that does not help, the stream reconnects. A reducible tile (a wall's small tile) takes part in
// the page's decode budget, which may give it the keyframes alone while the browser cannot show every picture.
import { joinBudget, leaveBudget, type BudgetMember, type PictureRate } from './decode-budget.js';
import { FrameMeter } from './frame-meter.js';
import type { LiveClock, LiveListener } from './live-listener.js';
import { joinLive, leaveLive } from './live-pool.js';
import type { LiveSource } from './live-source.js';
import { MsePlayer } from './mse-player.js';
import type { ConnectionStatus } from './stream-protocol.js';

/** A hidden tile keeps its place in the stream this long, so that a short scroll or tab switch resumes at once. */
const HIDDEN_GRACE_MS = 10_000;
/** Video arrives but the picture has not moved for this long: the tile is stuck. */
const FROZEN_AFTER_MS = 5000;
/** A second freeze this soon after starting over reconnects the stream itself. */
const REFREEZE_WINDOW_MS = 20_000;

export class LiveViewer implements LiveListener, BudgetMember {
  readonly meter: FrameMeter;
  readonly player: MsePlayer;
  readonly #video: HTMLVideoElement;
  readonly #path: string;
  readonly #onStatus: (status: ConnectionStatus) => void;
  #source: LiveSource | null = null;
  #active = true;
  #leaveTimer: ReturnType<typeof setTimeout> | undefined;
  #mime: string | null = null;
  #clock: LiveClock | null = null;
  #status: ConnectionStatus = { kind: 'connecting' };
  #fragmentsSinceMove = 0;
  #lastMove = { at: 0, time: -1 };
  #lastUnfreezeAt = Number.NEGATIVE_INFINITY;
  readonly #reducible: boolean;
  #rate: PictureRate = 'all';
  /** Pictures appended to the player since the tile began (one per fragment). */
  #received = 0;
  readonly #watchdog: ReturnType<typeof setInterval>;

  constructor(video: HTMLVideoElement, path: string, onStatus: (status: ConnectionStatus) => void, reducible = false) {
    this.#video = video;
    this.#path = path;
    this.#onStatus = onStatus;
    this.#reducible = reducible;
    this.meter = new FrameMeter(video);
    // A format the browser cannot play is final; any other player error (decode, append) is a stuck tile.
    this.player = new MsePlayer(video, {
      mode: 'live',
      onError: (message) => (this.#mime !== null && MediaSource.isTypeSupported(this.#mime) ? this.#unfreeze() : this.#onStatus({ kind: 'failed', reason: message })),
    });
    this.#watchdog = setInterval(() => this.#checkFrozen(), 1000);
    if (reducible) this.#rate = joinBudget(this);
    this.#showRate();
    this.#join();
  }

  /** 'keyframes' while the page's decode budget gives this tile the keyframes alone. */
  get pictureRate(): PictureRate {
    return this.#rate;
  }

  pictures(): { readonly received: number; readonly shown: number } {
    return { received: this.#received, shown: this.meter.shown() };
  }

  /** Moves to the stream at `rate` (its own shared socket); the frame count and the picture carry on. */
  setPictureRate(rate: PictureRate): void {
    if (rate === this.#rate) return;
    this.#rate = rate;
    this.#showRate();
    if (this.#source === null) return;
    leaveLive(this.#source, this, true);
    this.#source = null;
    if (this.#active) this.#join();
  }

  /** On screen and in a visible page: decode; otherwise let the picture go and, after a grace, the stream. */
  setActive(active: boolean): void {
    if (active === this.#active) return;
    this.#active = active;
    if (!active) {
      this.#release();
      this.#video.dataset['paused'] = 'true';
      this.#leaveTimer = setTimeout(() => this.#leave(), HIDDEN_GRACE_MS);
      return;
    }
    delete this.#video.dataset['paused'];
    clearTimeout(this.#leaveTimer);
    if (this.#source === null) this.#join();
    else {
      this.meter.markOpened();
      this.#source.replay(this);
    }
  }

  /** How old the picture on screen is, in seconds: now minus when the camera took it (null before the first clock). */
  pictureAge(): number | null {
    if (this.#clock === null || this.#video.readyState < 2) return null;
    return (Date.now() - (this.#clock.wallClockMs - this.#clock.mediaMs + this.#video.currentTime * 1000)) / 1000;
  }

  close(): void {
    clearInterval(this.#watchdog);
    clearTimeout(this.#leaveTimer);
    if (this.#reducible) leaveBudget(this);
    this.#leave();
    this.player.stop();
    this.meter.stop();
  }

  status(status: ConnectionStatus): void {
    this.#status = status;
    this.#onStatus(status);
  }

  start(mime: string): void {
    this.#mime = mime;
    if (!this.#active) return;
    this.meter.rebase();
    this.player.start(mime);
    this.meter.watchFirstFrame();
  }

  data(bytes: Uint8Array): void {
    if (!this.#active || this.#mime === null) return;
    this.player.append(bytes);
    this.#fragmentsSinceMove += 1;
    this.#received += 1;
  }

  clock(clock: LiveClock): void {
    this.#clock = clock;
    // Media time 0 of this stream, in wall-clock ms: latency = now − (this + currentTime × 1000).
    this.#video.dataset['wallClockOriginMs'] = String(clock.wallClockMs - clock.mediaMs);
  }

  #join(): void {
    this.meter.markOpened();
    this.#source = joinLive(this.#rate === 'keyframes' ? `${this.#path}&pictures=keyframes` : this.#path, this);
  }

  /** On the element as data-pictures="keyframes", for tools and tests. */
  #showRate(): void {
    if (this.#rate === 'keyframes') this.#video.dataset['pictures'] = 'keyframes';
    else delete this.#video.dataset['pictures'];
  }

  #leave(): void {
    if (this.#source === null) return;
    leaveLive(this.#source, this);
    this.#source = null;
  }

  /** Stops decoding; the frame count is kept across the new MediaSource that resuming brings. */
  #release(): void {
    this.meter.rebase();
    this.player.stop();
  }

  #checkFrozen(): void {
    const time = this.#video.currentTime;
    const now = performance.now();
    if (time !== this.#lastMove.time || !this.#active || this.#status.kind !== 'playing') {
      this.#lastMove = { at: now, time };
      this.#fragmentsSinceMove = 0;
    } else if (now - this.#lastMove.at > FROZEN_AFTER_MS && this.#fragmentsSinceMove > 0) {
      this.#lastMove = { at: now, time };
      this.#fragmentsSinceMove = 0;
      this.#unfreeze();
    }
  }

  /** Starts over from the last keyframe; a second time soon after, the stream reconnects for everyone. */
  #unfreeze(): void {
    const source = this.#source;
    if (source === null || !this.#active) return;
    const now = performance.now();
    this.#video.dataset['recoveries'] = String(Number(this.#video.dataset['recoveries'] ?? '0') + 1);
    if (now - this.#lastUnfreezeAt < REFREEZE_WINDOW_MS) {
      this.#lastUnfreezeAt = Number.NEGATIVE_INFINITY;
      source.restart();
      return;
    }
    this.#lastUnfreezeAt = now;
    source.replay(this);
  }
}
