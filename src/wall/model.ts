// What the wall shows, as data: grids (layouts), tours, and the assignment of one monitor — as asked (by id)
// and as resolved (self-contained, what a wall page renders without reading anything else). Pure functions.
import { VigieError } from '../core/errors.js';

export const MAX_GRID = 5;
export const MAX_TOUR_STEPS = 100;
export const MIN_DWELL_SECONDS = 3;
export const MAX_DWELL_SECONDS = 3600;
/** Cameras an alarm monitor keeps, newest first. */
export const ALARM_CAMERAS = 4;

export interface Tile {
  readonly col: number;
  readonly row: number;
  readonly colSpan: number;
  readonly rowSpan: number;
  readonly cameraId: string | null;
}

export interface LayoutGrid {
  readonly cols: number;
  readonly rows: number;
  readonly tiles: readonly Tile[];
}

export interface Layout extends LayoutGrid {
  readonly id: string;
  readonly name: string;
  readonly shared: boolean;
  readonly ownerId: string;
  readonly updatedAt: number;
}

export type TourStepInput = { readonly cameraId: string; readonly dwellSeconds: number } | { readonly layoutId: string; readonly dwellSeconds: number };

export interface Tour {
  readonly id: string;
  readonly name: string;
  readonly shared: boolean;
  readonly ownerId: string;
  readonly steps: readonly TourStepInput[];
  readonly updatedAt: number;
}

/** An assignment as an operator, a preset or another capability asks for it. */
export type AssignmentInput =
  | { readonly kind: 'empty' }
  | { readonly kind: 'camera'; readonly cameraId: string }
  | { readonly kind: 'layout'; readonly layoutId: string }
  | { readonly kind: 'layout'; readonly layout: LayoutGrid & { readonly name?: string } }
  | { readonly kind: 'tour'; readonly tourId: string }
  | { readonly kind: 'alarm' };

export type ResolvedStep = { readonly dwellSeconds: number } & ({ readonly cameraId: string | null } | { readonly layout: LayoutGrid & { readonly name: string } });

/**
 * What a monitor shows, self-contained: a saved layout or tour is copied in when assigned (editing or deleting it
 * later does not change the wall). A tour's current step follows from `startedAt`, the same for every viewer.
 */
export type Assignment =
  | { readonly kind: 'empty' }
  | { readonly kind: 'camera'; readonly cameraId: string | null }
  | ({ readonly kind: 'layout'; readonly layoutId: string | null; readonly name: string } & LayoutGrid)
  | { readonly kind: 'tour'; readonly tourId: string; readonly name: string; readonly steps: readonly ResolvedStep[]; readonly startedAt: number }
  | { readonly kind: 'alarm'; readonly cameraIds: readonly (string | null)[]; readonly reason: string | null; readonly since: number | null };

export const EMPTY: Assignment = { kind: 'empty' };

/** Refuses a grid a wall page could not draw: size out of 1…5, tiles outside it or overlapping, none at all. */
export function validateGrid(grid: LayoutGrid): void {
  const invalid = (message: string, context: Record<string, unknown> = {}): never => {
    throw new VigieError('VIGIE_LAYOUT_INVALID', message, { status: 400, context });
  };
  const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  if (!whole(grid.cols, 1, MAX_GRID) || !whole(grid.rows, 1, MAX_GRID)) invalid(`a layout is 1 to ${MAX_GRID} columns by 1 to ${MAX_GRID} rows`, { problem: 'size' });
  if (grid.tiles.length === 0) invalid('a layout has at least one tile', { problem: 'empty' });
  const taken = new Set<string>();
  grid.tiles.forEach((tile, index) => {
    const inside = whole(tile.col, 0, grid.cols - 1) && whole(tile.row, 0, grid.rows - 1) && whole(tile.colSpan, 1, grid.cols - tile.col) && whole(tile.rowSpan, 1, grid.rows - tile.row);
    if (!inside) invalid(`tile ${index + 1} goes outside the ${grid.cols}×${grid.rows} grid`, { problem: 'outside', tile: index + 1 });
    for (let c = tile.col; c < tile.col + tile.colSpan; c += 1) {
      for (let r = tile.row; r < tile.row + tile.rowSpan; r += 1) {
        const cell = `${c},${r}`;
        if (taken.has(cell)) invalid(`tile ${index + 1} overlaps another tile`, { problem: 'overlap', tile: index + 1 });
        taken.add(cell);
      }
    }
  });
}

export function validateTourSteps(steps: readonly TourStepInput[]): void {
  if (steps.length === 0 || steps.length > MAX_TOUR_STEPS) throw new VigieError('VIGIE_TOUR_INVALID', `a tour has 1 to ${MAX_TOUR_STEPS} steps`, { status: 400, context: { problem: 'steps' } });
  for (const step of steps) {
    if (!Number.isInteger(step.dwellSeconds) || step.dwellSeconds < MIN_DWELL_SECONDS || step.dwellSeconds > MAX_DWELL_SECONDS) {
      throw new VigieError('VIGIE_TOUR_INVALID', `each step of a tour lasts ${MIN_DWELL_SECONDS} to ${MAX_DWELL_SECONDS} seconds`, { status: 400, context: { problem: 'dwell' } });
    }
  }
}

/** A uniform grid (2×2, 3×3…) of empty tiles. */
export function uniformGrid(cols: number, rows: number, cameraIds: readonly (string | null)[] = []): LayoutGrid {
  const tiles: Tile[] = [];
  for (let row = 0; row < rows; row += 1) for (let col = 0; col < cols; col += 1) tiles.push({ col, row, colSpan: 1, rowSpan: 1, cameraId: cameraIds[row * cols + col] ?? null });
  return { cols, rows, tiles };
}

/** Every camera an assignment would show (to check each against the caller's rights). */
export function camerasOf(assignment: Assignment): string[] {
  const ids: (string | null)[] = [];
  const ofGrid = (grid: LayoutGrid) => ids.push(...grid.tiles.map((t) => t.cameraId));
  switch (assignment.kind) {
    case 'camera':
      ids.push(assignment.cameraId);
      break;
    case 'layout':
      ofGrid(assignment);
      break;
    case 'tour':
      for (const step of assignment.steps)
        if ('layout' in step) ofGrid(step.layout);
        else ids.push(step.cameraId);
      break;
    case 'alarm':
      ids.push(...assignment.cameraIds);
      break;
    case 'empty':
      break;
  }
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** The assignment with every camera `visible` refuses replaced by null (an empty tile): nothing shown that should not be. */
export function hideCameras(assignment: Assignment, visible: (cameraId: string) => boolean): Assignment {
  const keep = (id: string | null) => (id !== null && visible(id) ? id : null);
  const grid = <G extends LayoutGrid>(g: G): G => ({ ...g, tiles: g.tiles.map((t) => ({ ...t, cameraId: keep(t.cameraId) })) });
  switch (assignment.kind) {
    case 'camera':
      return { ...assignment, cameraId: keep(assignment.cameraId) };
    case 'layout':
      return grid(assignment);
    case 'tour':
      return { ...assignment, steps: assignment.steps.map((s) => ('layout' in s ? { ...s, layout: grid(s.layout) } : { ...s, cameraId: keep(s.cameraId) })) };
    case 'alarm':
      return { ...assignment, cameraIds: assignment.cameraIds.map(keep) };
    case 'empty':
      return assignment;
  }
}

export function gridCameras(grid: LayoutGrid): string[] {
  return [...new Set(grid.tiles.flatMap((t) => (t.cameraId === null ? [] : [t.cameraId])))];
}
