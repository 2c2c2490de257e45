// Decode timestamps for RTP video. RTP stamps each picture with its presentation time only, and sends pictures in
// decode order; with B-frames those times go back and forth. The reorder depth N of the stream (H.264
// max_num_reorder_frames, H.265 sps_max_num_reorder_pics: at most N pictures precede any picture in decode order
// and follow it in output order) means that once picture i (decode order) is in, the i+1−N earliest presentation
// times seen so far are final: no later picture comes before them. So the i-th decode time is the (i−N)-th
// presentation time in presentation order, taken from a pending set of N+1 times — no added latency; the first N
// pictures of a stream take evenly spaced decode times just before it. Streams without reordering keep dts = pts.

export interface PictureReordering {
  /** Reorder depth from the SPS; undefined when the stream does not say (it is then learnt from the pictures). */
  readonly depth: number | undefined;
  /** Frame duration in 90 kHz ticks from SPS timing, when known: spaces the first decode times of a stream. */
  readonly frameDuration90k: number | undefined;
}

/** The decoded picture buffer never holds more than 16 pictures (H.264 and H.265 Annex A): no deeper reordering. */
export const MAX_REORDER_DEPTH = 16;
const DEFAULT_FRAME_DURATION_90K = 3600;
/** 16 pictures at 4 fps: a presentation time further back than this is the camera's clock jumping, not a B-frame. */
const MAX_REORDER_SPAN_90K = 4 * 90_000;

/** Whether a picture is one an encoder reorders (a B picture): tells reordering from a camera clock glitch. */
export type ReorderedPictureTest = (nalUnits: readonly Uint8Array[]) => boolean;

export class DtsDeriver {
  readonly #isReorderedPicture: ReorderedPictureTest;
  #declaredDepth: number | undefined;
  #learnedDepth = 0;
  #frameDuration90k = DEFAULT_FRAME_DURATION_90K;
  /** The depth in force; changes only at a keyframe. */
  #depth = 0;
  /** Presentation times not yet given out as decode times (at most depth + 1; unsorted, the minimum is searched). */
  readonly #pending = new Float64Array(MAX_REORDER_DEPTH + 1);
  #pendingCount = 0;
  /** Presentation times of the latest pictures in decode order, to measure reordering the SPS did not announce. */
  readonly #recent = new Float64Array(MAX_REORDER_DEPTH);
  #recentCount = 0;
  #recentNext = 0;
  #lastDts: number | undefined;
  /** Decode times still to place before the first pending presentation time after a (re)start. */
  #warmUpLeft = 0;
  #waitingForKeyframe = false;
  #resyncDue = true;
  #picturesDropped = 0;

  /** `isReorderedPicture` is asked only on streams that announce no depth, about pictures presented too early. */
  constructor(isReorderedPicture: ReorderedPictureTest) {
    this.#isReorderedPicture = isReorderedPicture;
  }

  /**
   * Pictures left out because no decode time could keep the timeline increasing: leading pictures of the keyframe a
   * stream was joined at, bad times, and the rest of the GOP where a stream that announced no depth first reorders.
   */
  get picturesDropped(): number {
    return this.#picturesDropped;
  }

  /** From the SPS; takes effect at the next keyframe. */
  configure(reordering: PictureReordering): void {
    this.#declaredDepth = reordering.depth === undefined ? undefined : Math.min(reordering.depth, MAX_REORDER_DEPTH);
    const duration = reordering.frameDuration90k;
    this.#frameDuration90k = duration !== undefined && duration >= 1 ? Math.round(duration) : DEFAULT_FRAME_DURATION_90K;
    if (this.#targetDepth() !== this.#depth) this.#resyncDue = true;
  }

  /**
   * The decode time of the next picture in decode order, or undefined when the picture must be left out: one
   * presented before a decode time already given (a leading picture of a keyframe the stream was joined at, or
   * bad times). Never throws; allocates nothing.
   */
  next(pts90k: number, isKeyframe: boolean, nalUnits: readonly Uint8Array[]): number | undefined {
    if (isKeyframe && (this.#waitingForKeyframe || this.#resyncDue)) this.#resync(pts90k);
    let dts: number | undefined;
    if (this.#waitingForKeyframe) dts = this.#dropped();
    else if (this.#depth === 0) dts = this.#inOrder(pts90k, isKeyframe, nalUnits);
    else dts = this.#reordered(pts90k, isKeyframe);
    if (this.#declaredDepth !== undefined) return dts;
    // Learning the depth of a stream that did not announce it, from its B pictures.
    if (dts === undefined && this.#isReorderedPicture(nalUnits)) this.#learnFrom(pts90k);
    this.#remember(pts90k);
    return dts;
  }

  /** No reordering in force: dts = pts, unless the stream turns out to reorder without having said so. */
  #inOrder(pts: number, isKeyframe: boolean, nalUnits: readonly Uint8Array[]): number | undefined {
    const last = this.#lastDts;
    const presentedEarlier = !isKeyframe && last !== undefined && pts < last && last - pts <= MAX_REORDER_SPAN_90K;
    if (this.#declaredDepth === undefined && presentedEarlier && this.#isReorderedPicture(nalUnits)) {
      // Its references may be left out too: decoding resumes cleanly at the keyframe, with the depth learnt by then.
      this.#waitingForKeyframe = true;
      return this.#dropped();
    }
    // Other times that go back are the camera's clock, passed on as before; the consumers handle those jumps.
    this.#lastDts = pts;
    return pts;
  }

  #reordered(pts: number, isKeyframe: boolean): number | undefined {
    if ((this.#lastDts !== undefined && pts <= this.#lastDts) || this.#isPending(pts)) {
      if (!isKeyframe) return this.#dropped();
      // A keyframe presented before what was already decoded: the camera's clock went back; start a new timeline.
      this.#resync(pts);
    }
    this.#pending[this.#pendingCount] = pts;
    this.#pendingCount += 1;
    if (this.#warmUpLeft === 0) return this.#takeEarliestPending();
    const earliest = this.#pending[this.#earliestPendingIndex()] ?? pts;
    const slots = this.#warmUpLeft + 1;
    const floor = this.#lastDts ?? earliest - slots * this.#frameDuration90k;
    const step = Math.floor((earliest - floor) / slots);
    if (step < 1) {
      // No room left for the decode times still owed before `earliest` (times a tick apart): not this picture.
      this.#pendingCount -= 1;
      return this.#dropped();
    }
    this.#warmUpLeft -= 1;
    this.#lastDts = floor + step;
    return this.#lastDts;
  }

  /** Starts over on a keyframe: a new depth, nothing pending; a new timeline if the clock went back. */
  #resync(pts: number): void {
    if (this.#lastDts !== undefined && pts <= this.#lastDts) {
      this.#lastDts = undefined;
      this.#recentCount = 0;
    }
    this.#depth = this.#targetDepth();
    this.#pendingCount = 0;
    this.#warmUpLeft = this.#depth;
    this.#waitingForKeyframe = false;
    this.#resyncDue = false;
  }

  #targetDepth(): number {
    return this.#declaredDepth ?? this.#learnedDepth;
  }

  #dropped(): undefined {
    this.#picturesDropped += 1;
    return undefined;
  }

  #isPending(pts: number): boolean {
    for (let i = 0; i < this.#pendingCount; i += 1) if (this.#pending[i] === pts) return true;
    return false;
  }

  #earliestPendingIndex(): number {
    let index = 0;
    for (let i = 1; i < this.#pendingCount; i += 1) if ((this.#pending[i] ?? 0) < (this.#pending[index] ?? 0)) index = i;
    return index;
  }

  #takeEarliestPending(): number {
    const index = this.#earliestPendingIndex();
    const earliest = this.#pending[index] ?? 0;
    this.#pendingCount -= 1;
    this.#pending[index] = this.#pending[this.#pendingCount] ?? 0;
    this.#lastDts = earliest;
    return earliest;
  }

  #remember(pts: number): void {
    this.#recent[this.#recentNext] = pts;
    this.#recentNext = (this.#recentNext + 1) % MAX_REORDER_DEPTH;
    if (this.#recentCount < MAX_REORDER_DEPTH) this.#recentCount += 1;
  }

  /** A B picture that could not be placed: how many recent pictures (decode order) it is presented before. */
  #learnFrom(pts: number): void {
    let later = 0;
    for (let i = 0; i < this.#recentCount; i += 1) {
      const other = this.#recent[i] ?? 0;
      if (other > pts && other - pts <= MAX_REORDER_SPAN_90K) later += 1;
    }
    if (later <= this.#learnedDepth) return;
    this.#learnedDepth = Math.min(later, MAX_REORDER_DEPTH);
    if (this.#targetDepth() !== this.#depth) this.#resyncDue = true;
  }
}
