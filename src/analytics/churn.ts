// Where the picture keeps moving in place around people, for the aggression rule when neither the pose model nor
// the person boxes can follow the fighters (entangled, on the ground, blurred, seen from close by): over a window of
// a second or so, the cells of the motion grid that moved in most of the frames. A scuffle keeps an area larger than
// one person churning; a person walking past leaves a trail about its own size, a person standing still none.
import { intersectionArea, type Box } from './geometry.js';

/** A connected area of cells that kept moving over the window, next to the person evidence seen in it. */
export interface ChurningArea {
  readonly box: Box;
  /** Area of the churning cells, in the median area of the person boxes that overlap it. */
  readonly persons: number;
  /** The person boxes (and bodies) seen in the window that overlap it. */
  readonly people: readonly Box[];
}

interface Sample {
  readonly atMs: number;
  /** Moving cells, as column,row keys of the motion grid. */
  readonly cells: ReadonlySet<string>;
  readonly people: readonly Box[];
}

/** Share of the grid's cells moving at once beyond which a picture is left out of the window. */
const WHOLE_PICTURE_MOVES = 0.7;
/** Share of the grid's cells that may keep moving outside an area for it to stand out. */
const CALM_ELSEWHERE = 0.15;

export interface ChurnOptions {
  readonly windowMs: number;
  /** Share of the window's frames in which a cell must have moved (0..1). */
  readonly share: number;
}

export class Churn {
  private samples: Sample[] = [];
  private cell: { w: number; h: number } | undefined;

  constructor(private readonly options: ChurnOptions) {}

  /**
   * Adds this frame's moving cells (boxes of one grid) and person evidence, and gives the areas that kept churning
   * over the window with person evidence on them. None until the window is at least half covered.
   */
  update(atMs: number, moving: readonly Box[], people: readonly Box[]): ChurningArea[] {
    const first = moving[0];
    if (first !== undefined) this.cell = { w: first.w, h: first.h };
    const cell = this.cell;
    const key = (b: Box): string => (cell === undefined ? '' : `${Math.round(b.x / cell.w)},${Math.round(b.y / cell.h)}`);
    const gridCells = cell === undefined ? Infinity : Math.round(1 / cell.w) * Math.round(1 / cell.h);
    this.samples = this.samples.filter((s) => atMs - s.atMs <= this.options.windowMs);
    // The camera moved or the light changed: this picture says nothing about where people are.
    if (moving.length <= WHOLE_PICTURE_MOVES * gridCells) this.samples.push({ atMs, cells: new Set(moving.map(key)), people });
    const oldest = this.samples[0];
    if (oldest === undefined || cell === undefined || this.samples.length < 4 || atMs - oldest.atMs < this.options.windowMs / 2) return [];
    const counts = new Map<string, number>();
    for (const sample of this.samples) for (const c of sample.cells) counts.set(c, (counts.get(c) ?? 0) + 1);
    const kept = new Set([...counts].filter(([, n]) => n >= this.options.share * this.samples.length).map(([c]) => c));
    // Boxes less than two cells tall are too small to measure against the grid.
    const evidence = this.samples.flatMap((s) => s.people).filter((b) => b.h >= 2 * cell.h);
    const areas: ChurningArea[] = [];
    for (const group of connected(kept)) {
      // Churning everywhere (sensor noise, rain, foliage) singles nobody out.
      if (kept.size - group.length > CALM_ELSEWHERE * gridCells) continue;
      const cols = group.map(([c]) => c);
      const rows = group.map(([, r]) => r);
      const box: Box = {
        x: Math.min(...cols) * cell.w,
        y: Math.min(...rows) * cell.h,
        w: (Math.max(...cols) - Math.min(...cols) + 1) * cell.w,
        h: (Math.max(...rows) - Math.min(...rows) + 1) * cell.h,
      };
      const people = evidence.filter((b) => intersectionArea(b, box) > 0);
      if (people.length === 0) continue;
      const sizes = people.map((b) => b.w * b.h).sort((a, b) => a - b);
      const median = sizes[Math.floor(sizes.length / 2)] as number;
      areas.push({ box, persons: (group.length * cell.w * cell.h) / median, people });
    }
    return areas;
  }
}

/** Groups of cells touching each other (sides or corners), as [column, row]. */
function connected(cells: ReadonlySet<string>): Array<Array<[number, number]>> {
  const seen = new Set<string>();
  const groups: Array<Array<[number, number]>> = [];
  for (const start of cells) {
    if (seen.has(start)) continue;
    seen.add(start);
    const group: Array<[number, number]> = [];
    const stack = [start];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const [c, r] = next.split(',').map(Number) as [number, number];
      group.push([c, r]);
      for (let dc = -1; dc <= 1; dc++)
        for (let dr = -1; dr <= 1; dr++) {
          const neighbour = `${c + dc},${r + dr}`;
          if (cells.has(neighbour) && !seen.has(neighbour)) {
            seen.add(neighbour);
            stack.push(neighbour);
          }
        }
    }
    groups.push(group);
  }
  return groups;
}
