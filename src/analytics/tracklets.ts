// Offline refinement of person tracks once a whole file has been analysed (`vigie analyze --mot`). Where two people
// cross, the online tracker sees one detection box for both and, frame by frame, may hand each one's id to the
// other. With the whole file at hand we can do better: every track is cut where it comes close to another and where
// it was not seen, and the pieces are joined again by how well their motion lines up over a longer window than the
// online tracker sees (a walker keeps their heading across a crossing). The gaps inside a joined track are filled
// by linear interpolation: the person was there, hidden or missed by the detector.
import { assign } from './hungarian.js';
import { centre, iou, type Box } from './geometry.js';
import { DEFAULT_TRACKER_OPTIONS } from './tracker.js';

/** One sighting of a track, in pixels (isotropic: distances can be compared across axes). */
export interface TrackRow {
  readonly frame: number;
  readonly id: number;
  readonly box: Box;
  readonly confidence: number;
}

export interface LinkOptions {
  /** Frames per second of the rows. */
  readonly fps: number;
  /** The longest gap joined and filled (default: the online tracker's own re-entry window, 2.5 s). */
  readonly maxGapS?: number;
}

/** Two tracks whose boxes overlap this much (or a track and another's path through a gap) may be confused. */
const CLOSE_IOU = 0.1;
/** Close moments this near each other are one crossing. */
const CLOSE_MERGE_S = 0.5;
/** The heading of a piece is fitted on its last (or first) this many seconds. */
const FIT_S = 1.5;
/** How far two pieces may miss each other, in person heights: fitting noise, plus what a heading may change per
 *  second of gap. */
const GATE_HEIGHTS = 0.5;
const GATE_HEIGHTS_PER_S = 0.3;
/** How much the height may change between two pieces of one person (log ratio). */
const MAX_SCALE = 0.4;
/** The cost of keeping together what the tracker held across a gap longer than the window (a still person). */
const LONG_GAP_COST = 1;
/** The most piece ends weighed in one assignment (cubic cost). */
const MAX_ASSIGNED = 400;
const FORBIDDEN = 1e6;

interface Piece {
  readonly track: number;
  readonly rows: TrackRow[];
  /** Whether the piece lies in a crossing: its boxes may be another person's, its motion is not trusted. */
  readonly close: boolean;
}

interface End {
  readonly frame: number;
  readonly cx: number;
  readonly cy: number;
  readonly h: number;
  /** Pixels per frame, or null when the piece's motion is not trusted. */
  readonly velocity: readonly [number, number] | null;
}

export function linkTracklets(rows: readonly TrackRow[], options: LinkOptions): TrackRow[] {
  const maxGap = Math.round((options.maxGapS ?? DEFAULT_TRACKER_OPTIONS.reentryMs / 1000) * options.fps);
  const tracks = byTrack(rows);
  const close = closeFrames(tracks, maxGap, Math.round(CLOSE_MERGE_S * options.fps));
  const pieces = [...tracks.entries()].flatMap(([id, track]) => cut(id, track, close.get(id) ?? new Set()));
  const fit = Math.max(2, Math.round(FIT_S * options.fps));
  const tails = pieces.map((p) => end(p, 'tail', fit));
  const heads = pieces.map((p) => end(p, 'head', fit));
  const next = link(pieces, maxGap, (i, j) => {
    const p = pieces[i] as Piece;
    const q = pieces[j] as Piece;
    // A still person kept by the tracker across a longer gap stays one track.
    if (p.track === q.track && j === i + 1 && first(q).frame - last(p).frame > maxGap) return LONG_GAP_COST;
    return linkCost(tails[i] as End, heads[j] as End, p.track === q.track, maxGap, options.fps);
  });
  const hasPrevious = new Set(next.filter((j) => j >= 0));
  const out: TrackRow[] = [];
  let id = 1;
  for (let start = 0; start < pieces.length; start++) {
    if (hasPrevious.has(start)) continue;
    const chain: TrackRow[] = [];
    for (let i = start; i >= 0; i = next[i] ?? -1) chain.push(...(pieces[i] as Piece).rows);
    out.push(...fillGaps(chain, maxGap).map((row) => ({ ...row, id })));
    id++;
  }
  return out.sort((a, b) => a.frame - b.frame || a.id - b.id);
}

const first = (piece: Piece): TrackRow => piece.rows[0] as TrackRow;
const last = (piece: Piece): TrackRow => piece.rows[piece.rows.length - 1] as TrackRow;

/**
 * The piece that follows each piece (-1: none), by minimum-cost assignment of ends to beginnings. Only pieces that
 * may follow one another are weighed together, group by group; a group larger than `MAX_ASSIGNED` ends (a crowd
 * over a long file) is assigned that many ends at a time, in time order, so that the cost stays bounded.
 */
function link(pieces: readonly Piece[], maxGap: number, cost: (tail: number, head: number) => number): number[] {
  const byStart = pieces.map((_, i) => i).sort((i, j) => first(pieces[i] as Piece).frame - first(pieces[j] as Piece).frame);
  const starts = byStart.map((i) => first(pieces[i] as Piece).frame);
  const groups = new UnionFind(pieces.length);
  const options = pieces.map((piece, i) => {
    const end = last(piece).frame;
    const heads = new Set<number>();
    for (let k = firstAfter(starts, end); k < starts.length && (starts[k] as number) <= end + maxGap; k++) heads.add(byStart[k] as number);
    // The pieces of one track are in order: the next one, if of the same track, follows it there.
    if (pieces[i + 1]?.track === piece.track) heads.add(i + 1);
    const allowed = new Map([...heads].map((j) => [j, cost(i, j)] as const).filter(([, c]) => c < FORBIDDEN));
    for (const j of allowed.keys()) groups.union(i, j);
    return allowed;
  });
  const tailsOf = new Map<number, number[]>();
  for (const i of pieces.keys()) {
    if (options[i]?.size === 0) continue;
    const root = groups.find(i);
    const list = tailsOf.get(root);
    if (list === undefined) tailsOf.set(root, [i]);
    else list.push(i);
  }
  const next = pieces.map(() => -1);
  const taken = new Set<number>();
  for (const group of tailsOf.values()) {
    group.sort((i, j) => last(pieces[i] as Piece).frame - last(pieces[j] as Piece).frame);
    for (let from = 0; from < group.length; from += MAX_ASSIGNED) {
      const tails = group.slice(from, from + MAX_ASSIGNED);
      const heads = [...new Set(tails.flatMap((i) => [...(options[i] as Map<number, number>).keys()]))].filter((j) => !taken.has(j));
      assign(
        tails.map((i) => heads.map((j) => options[i]?.get(j) ?? FORBIDDEN)),
        FORBIDDEN,
      ).forEach((k, row) => {
        const head = heads[k];
        if (head === undefined) return;
        next[tails[row] as number] = head;
        taken.add(head);
      });
    }
  }
  return next;
}

class UnionFind {
  readonly #parent: number[];
  constructor(size: number) {
    this.#parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.#parent[root] !== root) {
      this.#parent[root] = this.#parent[this.#parent[root] as number] as number;
      root = this.#parent[root] as number;
    }
    return root;
  }
  union(a: number, b: number): void {
    this.#parent[this.find(a)] = this.find(b);
  }
}

/** The index of the first value greater than `value` in ascending `sorted`. */
function firstAfter(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function byTrack(rows: readonly TrackRow[]): Map<number, TrackRow[]> {
  const tracks = new Map<number, TrackRow[]>();
  for (const row of rows) {
    const track = tracks.get(row.id);
    if (track === undefined) tracks.set(row.id, [row]);
    else track.push(row);
  }
  for (const track of tracks.values()) track.sort((a, b) => a.frame - b.frame);
  return tracks;
}

/** Each track's box at every frame from its first to its last: seen, or interpolated across a gap. */
function paths(tracks: Map<number, TrackRow[]>, maxGap: number): Map<number, Map<number, Box>> {
  const out = new Map<number, Map<number, Box>>();
  for (const [id, track] of tracks) out.set(id, new Map(fillGaps(track, maxGap).map((row) => [row.frame, row.box])));
  return out;
}

/** Per track, the frames of its crossings with another track (seen or passing through a gap), merged when near. */
function closeFrames(tracks: Map<number, TrackRow[]>, maxGap: number, merge: number): Map<number, Set<number>> {
  const atFrame = new Map<number, [number, Box][]>();
  for (const [id, path] of paths(tracks, maxGap))
    for (const [frame, box] of path) {
      const list = atFrame.get(frame);
      if (list === undefined) atFrame.set(frame, [[id, box]]);
      else list.push([id, box]);
    }
  const hits = new Map<number, number[]>();
  for (const [frame, list] of atFrame)
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        const [ia, ba] = list[a] as [number, Box];
        const [ib, bb] = list[b] as [number, Box];
        if (iou(ba, bb) < CLOSE_IOU) continue;
        for (const id of [ia, ib]) {
          const frames = hits.get(id);
          if (frames === undefined) hits.set(id, [frame]);
          else frames.push(frame);
        }
      }
  const out = new Map<number, Set<number>>();
  for (const [id, frames] of hits) {
    frames.sort((a, b) => a - b);
    const set = new Set<number>();
    frames.forEach((frame, k) => {
      const previous = frames[k - 1];
      const from = previous !== undefined && frame - previous <= merge ? previous : frame;
      for (let f = from; f <= frame; f++) set.add(f);
    });
    out.set(id, set);
  }
  return out;
}

/** A track cut wherever it was not seen and wherever it enters or leaves a crossing. */
function cut(id: number, track: readonly TrackRow[], close: ReadonlySet<number>): Piece[] {
  const pieces: Piece[] = [];
  let current: TrackRow[] = [];
  let currentClose = false;
  for (const row of track) {
    const isClose = close.has(row.frame);
    const previous = current[current.length - 1];
    if (previous !== undefined && (row.frame - previous.frame > 1 || isClose !== currentClose)) {
      pieces.push({ track: id, rows: current, close: currentClose });
      current = [];
    }
    if (current.length === 0) currentClose = isClose;
    current.push(row);
  }
  if (current.length > 0) pieces.push({ track: id, rows: current, close: currentClose });
  return pieces;
}

/** Where a piece ends (or begins), with its velocity fitted by least squares on its last (first) `fit` frames. */
function end(piece: Piece, side: 'head' | 'tail', fit: number): End {
  const rows = side === 'tail' ? piece.rows.slice(-fit) : piece.rows.slice(0, fit);
  const at = (side === 'tail' ? rows[rows.length - 1] : rows[0]) as TrackRow;
  const heights = rows.map((r) => r.box.h).sort((a, b) => a - b);
  const [cx, cy] = centre(at.box);
  const base = { frame: at.frame, cx, cy, h: heights[Math.floor(heights.length / 2)] as number };
  if (piece.close || rows.length < 3) return { ...base, velocity: null };
  return { ...base, velocity: [slope(rows, (b) => centre(b)[0]), slope(rows, (b) => centre(b)[1])] };
}

function slope(rows: readonly TrackRow[], value: (box: Box) => number): number {
  const n = rows.length;
  const mf = rows.reduce((s, r) => s + r.frame, 0) / n;
  const mv = rows.reduce((s, r) => s + value(r.box), 0) / n;
  let num = 0;
  let den = 0;
  for (const r of rows) {
    num += (r.frame - mf) * (value(r.box) - mv);
    den += (r.frame - mf) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * The cost of `tail`'s person being `head`'s: how far each end's extrapolated motion misses the other end, in
 * person heights (one side only when the other's motion is not trusted), plus the change of height. The pieces of
 * one track are slightly preferred: the online tracker's choice is evidence too.
 */
function linkCost(tail: End, head: End, sameTrack: boolean, maxGap: number, fps: number): number {
  const gap = head.frame - tail.frame;
  if (gap < 1 || gap > maxGap) return FORBIDDEN;
  const scale = Math.abs(Math.log(head.h / tail.h));
  if (scale > MAX_SCALE) return FORBIDDEN;
  const misses: number[] = [];
  if (tail.velocity !== null) misses.push(Math.hypot(tail.cx + tail.velocity[0] * gap - head.cx, tail.cy + tail.velocity[1] * gap - head.cy));
  if (head.velocity !== null) misses.push(Math.hypot(head.cx - head.velocity[0] * gap - tail.cx, head.cy - head.velocity[1] * gap - tail.cy));
  if (misses.length === 0) misses.push(Math.hypot(head.cx - tail.cx, head.cy - tail.cy));
  const miss = misses.reduce((s, m) => s + m, 0) / misses.length / ((tail.h + head.h) / 2);
  const gate = GATE_HEIGHTS + (GATE_HEIGHTS_PER_S * gap) / fps;
  if (miss > gate) return FORBIDDEN;
  return miss + scale + (sameTrack ? 0 : 0.1);
}

function between(a: TrackRow, b: TrackRow, frame: number): Box {
  const t = (frame - a.frame) / (b.frame - a.frame);
  const mix = (u: number, v: number): number => u + (v - u) * t;
  return { x: mix(a.box.x, b.box.x), y: mix(a.box.y, b.box.y), w: mix(a.box.w, b.box.w), h: mix(a.box.h, b.box.h) };
}

/** The chain's rows with its gaps up to `maxGap` filled by interpolation. */
function fillGaps(chain: readonly TrackRow[], maxGap: number): TrackRow[] {
  const out: TrackRow[] = [];
  chain.forEach((row, k) => {
    out.push(row);
    const following = chain[k + 1];
    if (following === undefined || following.frame - row.frame > maxGap) return;
    for (let f = row.frame + 1; f < following.frame; f++) out.push({ frame: f, id: row.id, box: between(row, following, f), confidence: Math.min(row.confidence, following.confidence) });
  });
  return out;
}
