// Saved layouts and tours: a person saves his own (mosaic.save, checked by the routes), shared ones are written
// with wall.manage and read by all. Every camera saved must be one the person may watch; a list shows each reader
// only his cameras (the others become empty tiles or steps).
import type { Actor } from '../access/index.js';
import { VigieError } from '../core/errors.js';
import { gridCameras, validateGrid, validateTourSteps, type Layout, type LayoutGrid, type Tour, type TourStepInput } from './model.js';
import type { Recorder } from './recorder.js';
import type { WallRights } from './rights.js';
import type { SavedRow, SavedStore } from './saved-store.js';
import type { SavedKind } from './tables.js';

export interface LayoutFields extends LayoutGrid {
  readonly name: string;
  readonly shared: boolean;
}

export interface TourFields {
  readonly name: string;
  readonly shared: boolean;
  readonly steps: readonly TourStepInput[];
}

const NOT_FOUND = { layout: 'VIGIE_LAYOUT_NOT_FOUND', tour: 'VIGIE_TOUR_NOT_FOUND' } as const;

export class WallLibrary {
  readonly #store: SavedStore;
  readonly #rights: WallRights;

  constructor(store: SavedStore, rights: WallRights) {
    this.#store = store;
    this.#rights = rights;
  }

  async layouts(actor: Actor): Promise<Layout[]> {
    return (await this.#store.list('layout', actor.id)).map(toLayout);
  }

  /** A layout the actor may read (his own or a shared one). */
  async layout(actor: Actor, id: string): Promise<Layout> {
    return toLayout(await this.#readable('layout', actor, id));
  }

  async saveLayout(actor: Actor, fields: LayoutFields, record: Recorder, id?: string): Promise<Layout> {
    validateGrid(fields);
    await this.#rights.checkCameras(actor, gridCameras(fields));
    const body: LayoutGrid = { cols: fields.cols, rows: fields.rows, tiles: fields.tiles.map(({ col, row, colSpan, rowSpan, cameraId }) => ({ col, row, colSpan, rowSpan, cameraId })) };
    const saved = toLayout(await this.#write('layout', actor, { name: fields.name, shared: fields.shared, body }, id));
    await record({
      action: id === undefined ? 'layout.create' : 'layout.update',
      target: { type: 'layout', id: saved.id },
      details: { name: saved.name, shared: saved.shared, cameraIds: gridCameras(saved) },
    });
    return saved;
  }

  async tours(actor: Actor): Promise<Tour[]> {
    return (await this.#store.list('tour', actor.id)).map(toTour);
  }

  async tour(actor: Actor, id: string): Promise<Tour> {
    return toTour(await this.#readable('tour', actor, id));
  }

  async saveTour(actor: Actor, fields: TourFields, record: Recorder, id?: string): Promise<Tour> {
    validateTourSteps(fields.steps);
    const cameraIds = fields.steps.flatMap((s) => ('cameraId' in s ? [s.cameraId] : []));
    await this.#rights.checkCameras(actor, cameraIds);
    // A step naming a layout must name one the person can read now; it is read again when the tour is shown.
    for (const step of fields.steps) if ('layoutId' in step) await this.layout(actor, step.layoutId);
    const steps = fields.steps.map((s) => ('cameraId' in s ? { cameraId: s.cameraId, dwellSeconds: s.dwellSeconds } : { layoutId: s.layoutId, dwellSeconds: s.dwellSeconds }));
    const saved = toTour(await this.#write('tour', actor, { name: fields.name, shared: fields.shared, body: { steps } }, id));
    await record({ action: id === undefined ? 'tour.create' : 'tour.update', target: { type: 'tour', id: saved.id }, details: { name: saved.name, shared: saved.shared, steps: saved.steps.length } });
    return saved;
  }

  async remove(kind: SavedKind, actor: Actor, id: string, record: Recorder): Promise<void> {
    const row = await this.#readable(kind, actor, id);
    await this.#mayWrite(actor, row.owner_id, row.shared === 1);
    await this.#store.remove(id);
    await record({ action: `${kind}.delete`, target: { type: kind, id }, details: { name: row.name, shared: row.shared === 1 } });
  }

  async #readable(kind: SavedKind, actor: Actor, id: string): Promise<SavedRow> {
    const row = await this.#store.get(kind, id);
    if (row === undefined || (row.shared === 0 && row.owner_id !== actor.id)) throw new VigieError(NOT_FOUND[kind], `no ${kind} ${id}`, { status: 404, context: { id } });
    return row;
  }

  async #write(kind: SavedKind, actor: Actor, fields: { name: string; shared: boolean; body: unknown }, id: string | undefined): Promise<SavedRow> {
    if (id === undefined) {
      await this.#mayWrite(actor, actor.id, fields.shared);
      return this.#store.create(kind, fields, actor.id);
    }
    const row = await this.#readable(kind, actor, id);
    // Sharing or unsharing is a change to a shared item: both ends need wall.manage.
    await this.#mayWrite(actor, row.owner_id, row.shared === 1 || fields.shared);
    return this.#store.update(row, fields);
  }

  async #mayWrite(actor: Actor, ownerId: string, shared: boolean): Promise<void> {
    if (shared ? !(await this.#rights.holds(actor, 'wall.manage')) : ownerId !== actor.id) {
      throw new VigieError('VIGIE_WALL_SHARED_FORBIDDEN', shared ? 'shared layouts and tours are written by those who manage the wall (wall.manage)' : 'this is not yours', { status: 403 });
    }
  }
}

function toLayout(row: SavedRow): Layout {
  const grid = JSON.parse(row.body) as LayoutGrid;
  return { id: row.id, name: row.name, shared: row.shared === 1, ownerId: row.owner_id, updatedAt: row.updated_at, cols: grid.cols, rows: grid.rows, tiles: grid.tiles };
}

function toTour(row: SavedRow): Tour {
  const body = JSON.parse(row.body) as { steps: TourStepInput[] };
  return { id: row.id, name: row.name, shared: row.shared === 1, ownerId: row.owner_id, updatedAt: row.updated_at, steps: body.steps };
}
