// The wall's state: monitors and what each shows, who changed it last, which are online (a wall page is
// connected), presets that switch every monitor they name at once, and the alarm monitor(s). Every change is
// journaled (who, monitor, before → after) and told to the listeners (the events socket of consoles and pages).
import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import type { WallLibrary } from './library.js';
import { ALARM_CAMERAS, camerasOf, EMPTY, validateGrid, type Assignment, type AssignmentInput, type ResolvedStep } from './model.js';
import { journalRecorder, type Recorder } from './recorder.js';
import type { WallRights } from './rights.js';
import type { WallMonitorTable } from './tables.js';

export interface Monitor {
  readonly id: string;
  readonly name: string;
  readonly row: number;
  readonly col: number;
  readonly online: boolean;
  readonly assignment: Assignment;
  readonly updatedAt: number;
  readonly updatedBy: string | null;
}

export interface PresetSummary {
  readonly id: string;
  readonly name: string;
}

export interface Preset extends PresetSummary {
  readonly assignments: Readonly<Record<string, AssignmentInput>>;
  readonly createdBy: string;
  readonly updatedAt: number;
}

export interface WallState {
  readonly monitors: readonly Monitor[];
  readonly presets: readonly PresetSummary[];
}

/** A monitor changed (assignment or online), or the wall's structure did (monitors, presets): read the state again. */
export type WallChange = { readonly type: 'monitor'; readonly monitor: Monitor } | { readonly type: 'structure' };

export type WallListener = (change: WallChange) => void;

export interface MonitorFields {
  readonly name: string;
  readonly row: number;
  readonly col: number;
}

const MONITOR_ID = /^[A-Za-z0-9_-]{1,20}$/;
/** The wall created on first start: 12 monitors in 3 rows of 4, as in Chartres' room. */
const DEFAULT_ROWS = 3;
const DEFAULT_COLS = 4;

export interface WallServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly rights: WallRights;
  readonly library: WallLibrary;
}

export class WallService {
  readonly #deps: WallServiceDeps;
  readonly #listeners = new Set<WallListener>();
  /** Wall pages connected per monitor (a monitor is online while one is). */
  readonly #displays = new Map<string, number>();

  constructor(deps: WallServiceDeps) {
    this.#deps = deps;
  }

  /** Creates the default 12 monitors when the wall has none. */
  async ensureMonitors(): Promise<void> {
    const any = await this.#deps.db.selectFrom('wall_monitors').select('id').executeTakeFirst();
    if (any !== undefined) return;
    const now = this.#deps.clock.now();
    const rows = [];
    for (let i = 0; i < DEFAULT_ROWS * DEFAULT_COLS; i += 1) {
      rows.push({ id: String(i + 1), name: `Moniteur ${i + 1}`, row: Math.floor(i / DEFAULT_COLS), col: i % DEFAULT_COLS, assignment: JSON.stringify(EMPTY), updated_at: now, updated_by: null });
    }
    await this.#deps.db.insertInto('wall_monitors').values(rows).execute();
  }

  onChange(listener: WallListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async state(): Promise<WallState> {
    return { monitors: await this.monitors(), presets: (await this.presets()).map(({ id, name }) => ({ id, name })) };
  }

  async monitors(): Promise<Monitor[]> {
    const rows = await this.#deps.db.selectFrom('wall_monitors').selectAll().orderBy('row').orderBy('col').execute();
    return rows.map((row) => this.#toMonitor(row));
  }

  async monitor(id: string): Promise<Monitor> {
    const row = await this.#deps.db.selectFrom('wall_monitors').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new VigieError('VIGIE_WALL_MONITOR_NOT_FOUND', `no wall monitor ${id}`, { status: 404, context: { monitor: id } });
    return this.#toMonitor(row);
  }

  /**
   * Puts `input` on a monitor, after checking that `actor` may watch every camera of it (null: Vigie itself).
   * Journaled through `record` (a route's entry) or, by default, by the wall itself.
   */
  async assign(monitorId: string, input: AssignmentInput, actor: Actor | null, record: Recorder = journalRecorder(this.#deps.journal, actor)): Promise<Monitor> {
    const before = await this.monitor(monitorId);
    const assignment = await this.resolve(input, actor);
    const after = await this.#store(before, assignment, actor);
    await record({ action: 'wall.assign', target: { type: 'wall-monitor', id: monitorId }, details: { monitor: monitorId, before: summary(before.assignment), after: summary(assignment) } });
    return after;
  }

  /**
   * Shows cameras on every alarm monitor (newest first, the last few kept), for an alert or an operator. Refused
   * when no monitor is set as alarm monitor.
   */
  async showOnAlarmMonitor(cameraIds: readonly string[], reason: string, actor: Actor | null, record: Recorder = journalRecorder(this.#deps.journal, actor)): Promise<Monitor[]> {
    await this.#deps.rights.checkCameras(actor, cameraIds);
    const alarms = (await this.monitors()).filter((m) => m.assignment.kind === 'alarm');
    if (alarms.length === 0) throw new VigieError('VIGIE_WALL_NO_ALARM_MONITOR', 'no monitor of the wall is set as alarm monitor', { status: 409 });
    const changed: Monitor[] = [];
    for (const monitor of alarms) {
      const previous = monitor.assignment.kind === 'alarm' ? monitor.assignment.cameraIds : [];
      const kept = [...cameraIds, ...previous.filter((id): id is string => id !== null && !cameraIds.includes(id))].slice(0, ALARM_CAMERAS);
      changed.push(await this.#store(monitor, { kind: 'alarm', cameraIds: kept, reason, since: this.#deps.clock.now() }, actor));
    }
    await record({ action: 'wall.alarm', target: { type: 'wall', id: 'alarm' }, details: { cameraIds, reason, monitors: changed.map((m) => m.id) } });
    return changed;
  }

  /** An assignment as asked, made self-contained and checked: saved layouts and tours read, every camera allowed. */
  async resolve(input: AssignmentInput, actor: Actor | null): Promise<Assignment> {
    const assignment = await this.#resolveShape(input, actor);
    await this.#deps.rights.checkCameras(actor, camerasOf(assignment));
    return assignment;
  }

  async #resolveShape(input: AssignmentInput, actor: Actor | null): Promise<Assignment> {
    const library = this.#deps.library;
    const savedBy = (): Actor => {
      if (actor === null) throw new VigieError('VIGIE_WALL_SHARED_FORBIDDEN', 'saved layouts and tours are put on the wall by a person', { status: 403 });
      return actor;
    };
    switch (input.kind) {
      case 'empty':
        return EMPTY;
      case 'camera':
        return { kind: 'camera', cameraId: input.cameraId };
      case 'alarm':
        return { kind: 'alarm', cameraIds: [], reason: null, since: null };
      case 'layout': {
        if ('layoutId' in input) {
          const saved = await library.layout(savedBy(), input.layoutId);
          validateGrid(saved);
          return { kind: 'layout', layoutId: saved.id, name: saved.name, cols: saved.cols, rows: saved.rows, tiles: saved.tiles };
        }
        validateGrid(input.layout);
        const { cols, rows, tiles } = input.layout;
        return { kind: 'layout', layoutId: null, name: input.layout.name ?? `${cols}×${rows}`, cols, rows, tiles };
      }
      case 'tour': {
        const tour = await library.tour(savedBy(), input.tourId);
        const steps: ResolvedStep[] = [];
        for (const step of tour.steps) {
          if ('cameraId' in step) {
            steps.push({ cameraId: step.cameraId, dwellSeconds: step.dwellSeconds });
            continue;
          }
          const layout = await library.layout(savedBy(), step.layoutId);
          validateGrid(layout);
          steps.push({ dwellSeconds: step.dwellSeconds, layout: { name: layout.name, cols: layout.cols, rows: layout.rows, tiles: layout.tiles } });
        }
        return { kind: 'tour', tourId: tour.id, name: tour.name, steps, startedAt: this.#deps.clock.now() };
      }
    }
  }

  // --- wall pages: online while connected ---

  /** A wall page shows this monitor until the returned function is called (its socket closed). */
  async registerDisplay(monitorId: string): Promise<() => void> {
    await this.monitor(monitorId);
    this.#displays.set(monitorId, (this.#displays.get(monitorId) ?? 0) + 1);
    await this.#announce(monitorId);
    return () => {
      const left = (this.#displays.get(monitorId) ?? 1) - 1;
      if (left > 0) this.#displays.set(monitorId, left);
      else this.#displays.delete(monitorId);
      void this.#announce(monitorId).catch(() => undefined);
    };
  }

  // --- monitors (wall.manage) ---

  async addMonitor(id: string, fields: MonitorFields, record: Recorder): Promise<Monitor> {
    if (!MONITOR_ID.test(id)) throw new VigieError('VIGIE_WALL_MONITOR_INVALID', 'a monitor id is 1 to 20 letters, digits, - or _', { status: 400, context: { problem: 'id' } });
    if ((await this.#deps.db.selectFrom('wall_monitors').select('id').where('id', '=', id).executeTakeFirst()) !== undefined) {
      throw new VigieError('VIGIE_WALL_MONITOR_INVALID', `monitor ${id} already exists`, { status: 409, context: { problem: 'taken' } });
    }
    await this.#deps.db
      .insertInto('wall_monitors')
      .values({ id, name: fields.name, row: fields.row, col: fields.col, assignment: JSON.stringify(EMPTY), updated_at: this.#deps.clock.now(), updated_by: null })
      .execute();
    await record({ action: 'wall.monitor.create', target: { type: 'wall-monitor', id }, details: { ...fields } });
    this.#emit({ type: 'structure' });
    return this.monitor(id);
  }

  async updateMonitor(id: string, fields: MonitorFields, record: Recorder): Promise<Monitor> {
    const before = await this.monitor(id);
    await this.#deps.db.updateTable('wall_monitors').set({ name: fields.name, row: fields.row, col: fields.col }).where('id', '=', id).execute();
    await record({ action: 'wall.monitor.update', target: { type: 'wall-monitor', id }, details: { before: { name: before.name, row: before.row, col: before.col }, after: { ...fields } } });
    this.#emit({ type: 'structure' });
    return this.monitor(id);
  }

  async removeMonitor(id: string, record: Recorder): Promise<void> {
    const before = await this.monitor(id);
    await this.#deps.db.deleteFrom('wall_monitors').where('id', '=', id).execute();
    await record({ action: 'wall.monitor.delete', target: { type: 'wall-monitor', id }, details: { name: before.name, before: summary(before.assignment) } });
    this.#emit({ type: 'structure' });
  }

  // --- presets ---

  async presets(): Promise<Preset[]> {
    return (await this.#deps.db.selectFrom('wall_presets').selectAll().orderBy('name').execute()).map(toPreset);
  }

  async preset(id: string): Promise<Preset> {
    const row = await this.#deps.db.selectFrom('wall_presets').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new VigieError('VIGIE_WALL_PRESET_NOT_FOUND', `no wall preset ${id}`, { status: 404, context: { id } });
    return toPreset(row);
  }

  /** Saves a preset (new without `id`); each assignment is checked as if applied now, so a broken one is refused at once. */
  async savePreset(fields: { name: string; assignments: Record<string, AssignmentInput> }, actor: Actor | null, record: Recorder, id?: string): Promise<Preset> {
    const monitorIds = Object.keys(fields.assignments);
    if (monitorIds.length === 0) throw new VigieError('VIGIE_WALL_PRESET_INVALID', 'a preset names at least one monitor', { status: 400, context: { problem: 'empty' } });
    for (const monitorId of monitorIds) {
      await this.monitor(monitorId);
      await this.resolve(fields.assignments[monitorId] as AssignmentInput, actor);
    }
    const clash = await this.#deps.db.selectFrom('wall_presets').select('id').where('name', '=', fields.name).executeTakeFirst();
    if (clash !== undefined && clash.id !== id) throw new VigieError('VIGIE_WALL_PRESET_INVALID', `a preset is already named ${fields.name}`, { status: 409, context: { problem: 'name' } });
    const now = this.#deps.clock.now();
    const assignments = JSON.stringify(fields.assignments);
    if (id === undefined) {
      id = newId();
      await this.#deps.db
        .insertInto('wall_presets')
        .values({ id, name: fields.name, assignments, created_by: actor?.username ?? 'vigie', updated_at: now })
        .execute();
    } else {
      await this.preset(id);
      await this.#deps.db.updateTable('wall_presets').set({ name: fields.name, assignments, updated_at: now }).where('id', '=', id).execute();
    }
    await record({ action: 'wall.preset.save', target: { type: 'wall-preset', id }, details: { name: fields.name, monitors: monitorIds } });
    this.#emit({ type: 'structure' });
    return this.preset(id);
  }

  async removePreset(id: string, record: Recorder): Promise<void> {
    const preset = await this.preset(id);
    await this.#deps.db.deleteFrom('wall_presets').where('id', '=', id).execute();
    await record({ action: 'wall.preset.delete', target: { type: 'wall-preset', id }, details: { name: preset.name } });
    this.#emit({ type: 'structure' });
  }

  /**
   * Switches every monitor the preset names, all or none: each assignment is resolved and checked first. Monitors
   * removed since the preset was saved are skipped and reported; monitors it does not name keep what they show.
   */
  async applyPreset(id: string, actor: Actor, record: Recorder): Promise<{ preset: PresetSummary; monitors: Monitor[]; skipped: string[] }> {
    const preset = await this.preset(id);
    const existing = new Map((await this.monitors()).map((m) => [m.id, m]));
    const planned: Array<[Monitor, Assignment]> = [];
    const skipped: string[] = [];
    for (const [monitorId, input] of Object.entries(preset.assignments)) {
      const monitor = existing.get(monitorId);
      if (monitor === undefined) skipped.push(monitorId);
      else planned.push([monitor, await this.resolve(input, actor)]);
    }
    const monitors: Monitor[] = [];
    for (const [monitor, assignment] of planned) monitors.push(await this.#store(monitor, assignment, actor));
    await record({
      action: 'wall.preset.apply',
      target: { type: 'wall-preset', id },
      details: { name: preset.name, changes: planned.map(([m, a]) => ({ monitor: m.id, before: summary(m.assignment), after: summary(a) })), skipped },
    });
    return { preset: { id: preset.id, name: preset.name }, monitors, skipped };
  }

  async #store(monitor: Monitor, assignment: Assignment, actor: Actor | null): Promise<Monitor> {
    const now = this.#deps.clock.now();
    const by = actor?.username ?? 'vigie';
    await this.#deps.db
      .updateTable('wall_monitors')
      .set({ assignment: JSON.stringify(assignment), updated_at: now, updated_by: by })
      .where('id', '=', monitor.id)
      .execute();
    const updated: Monitor = { ...monitor, assignment, updatedAt: now, updatedBy: by };
    this.#emit({ type: 'monitor', monitor: updated });
    return updated;
  }

  async #announce(monitorId: string): Promise<void> {
    const row = await this.#deps.db.selectFrom('wall_monitors').selectAll().where('id', '=', monitorId).executeTakeFirst();
    if (row !== undefined) this.#emit({ type: 'monitor', monitor: this.#toMonitor(row) });
  }

  #emit(change: WallChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch {
        // A listener's failure (a socket gone) is its own; the others still hear of the change.
      }
    }
  }

  #toMonitor(row: Selectable<WallMonitorTable>): Monitor {
    return {
      id: row.id,
      name: row.name,
      row: row.row,
      col: row.col,
      online: (this.#displays.get(row.id) ?? 0) > 0,
      assignment: JSON.parse(row.assignment) as Assignment,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    };
  }
}

function toPreset(row: { id: string; name: string; assignments: string; created_by: string; updated_at: number }): Preset {
  return { id: row.id, name: row.name, assignments: JSON.parse(row.assignments) as Record<string, AssignmentInput>, createdBy: row.created_by, updatedAt: row.updated_at };
}

/** An assignment as the journal keeps it: what kind, which saved item, which cameras. */
function summary(assignment: Assignment): Record<string, unknown> {
  const name = 'name' in assignment ? { name: assignment.name } : {};
  const saved = assignment.kind === 'layout' && assignment.layoutId !== null ? { layoutId: assignment.layoutId } : assignment.kind === 'tour' ? { tourId: assignment.tourId } : {};
  return { kind: assignment.kind, ...name, ...saved, cameraIds: camerasOf(assignment) };
}
