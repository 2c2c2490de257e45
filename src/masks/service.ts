// The masks of every camera: kept in the database, cached in memory for the media pipeline (which must know at
// once, when a camera connects, whether its picture is masked), changed by administrators only (the route's
// action), each change told to listeners so a running pipeline takes it up or a raw stream is cut.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import type { CalibrationSample, Point } from './geometry.js';
import { resolveMasks, type CameraMasks, type MaskInput, type MaskSpace } from './model.js';
import type { Database } from '../db/database.js';

/** A PTZ camera's calibration as measured by the guided calibration. */
export interface StoredCalibration {
  readonly samples: CalibrationSample[];
  readonly measuredAtMs: number;
  readonly measuredBy: string;
}

export interface MaskChange {
  readonly cameraId: string;
  readonly before: CameraMasks | undefined;
  readonly after: CameraMasks | undefined;
}

export interface MaskServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** Whether a camera exists (the territory). */
  readonly cameraExists: (cameraId: string) => Promise<boolean>;
}

export class MaskService {
  readonly #deps: MaskServiceDeps;
  readonly #cache = new Map<string, CameraMasks>();
  readonly #listeners = new Set<(change: MaskChange) => void>();
  #loaded: Promise<void> | undefined;

  constructor(deps: MaskServiceDeps) {
    this.#deps = deps;
  }

  /** Reads every mask once; the media pipeline waits for it before opening any camera. */
  load(): Promise<void> {
    this.#loaded ??= (async () => {
      const rows = await this.#deps.db.selectFrom('camera_masks').selectAll().execute();
      for (const row of rows) {
        this.#cache.set(row.camera_id, {
          cameraId: row.camera_id,
          space: row.space as MaskSpace,
          polygons: JSON.parse(row.polygons) as Point[][],
          calibration: row.calibration === null ? null : (JSON.parse(row.calibration) as CalibrationSample[]),
          updatedAtMs: Number(row.updated_at),
          updatedBy: row.updated_by,
        });
      }
    })();
    return this.#loaded;
  }

  /** The masks of a camera, from memory (after load()). */
  masksOf(cameraId: string): CameraMasks | undefined {
    return this.#cache.get(cameraId);
  }

  async list(): Promise<CameraMasks[]> {
    await this.load();
    return [...this.#cache.values()].sort((a, b) => a.cameraId.localeCompare(b.cameraId));
  }

  async get(cameraId: string): Promise<CameraMasks | undefined> {
    await this.load();
    return this.#cache.get(cameraId);
  }

  /** Checks masks as set() would store them, without storing anything (the editor's check before saving). */
  async check(cameraId: string, input: MaskInput): Promise<Pick<CameraMasks, 'space' | 'polygons' | 'calibration'>> {
    if (!(await this.#deps.cameraExists(cameraId))) throw new VigieError('VIGIE_MASK_CAMERA_UNKNOWN', `no camera ${cameraId}`, { status: 404 });
    // A PTZ mask drawn without a calibration of its own is stored with the camera's measured one.
    const ptz = input.ptz;
    const stored = ptz !== undefined && ptz.calibration === undefined && ptz.observations === undefined ? await this.calibrationOf(cameraId) : undefined;
    return resolveMasks(stored === undefined || ptz === undefined ? input : { ...input, ptz: { ...ptz, calibration: stored.samples } });
  }

  /** Replaces the camera's masks (an empty list removes them). */
  async set(cameraId: string, input: MaskInput, by: string): Promise<MaskChange> {
    await this.load();
    if (!(await this.#deps.cameraExists(cameraId))) throw new VigieError('VIGIE_MASK_CAMERA_UNKNOWN', `no camera ${cameraId}`, { status: 404 });
    if (input.polygons.length === 0 && (input.ptz?.keep ?? []).length === 0) return this.remove(cameraId);
    const resolved = await this.check(cameraId, input);
    const after: CameraMasks = { cameraId, ...resolved, updatedAtMs: this.#deps.clock.now(), updatedBy: by };
    const row = {
      space: after.space,
      polygons: JSON.stringify(after.polygons),
      calibration: after.calibration === null ? null : JSON.stringify(after.calibration),
      updated_at: after.updatedAtMs,
      updated_by: by,
    };
    const before = this.#cache.get(cameraId);
    if (before === undefined)
      await this.#deps.db
        .insertInto('camera_masks')
        .values({ camera_id: cameraId, ...row })
        .execute();
    else await this.#deps.db.updateTable('camera_masks').set(row).where('camera_id', '=', cameraId).execute();
    this.#cache.set(cameraId, after);
    return this.#changed({ cameraId, before, after });
  }

  async remove(cameraId: string): Promise<MaskChange> {
    await this.load();
    const before = this.#cache.get(cameraId);
    await this.#deps.db.deleteFrom('camera_masks').where('camera_id', '=', cameraId).execute();
    this.#cache.delete(cameraId);
    return before === undefined ? { cameraId, before, after: undefined } : this.#changed({ cameraId, before, after: undefined });
  }

  async calibrationOf(cameraId: string): Promise<StoredCalibration | undefined> {
    const row = await this.#deps.db.selectFrom('ptz_calibrations').selectAll().where('camera_id', '=', cameraId).executeTakeFirst();
    return row === undefined ? undefined : { samples: JSON.parse(row.samples) as CalibrationSample[], measuredAtMs: Number(row.measured_at), measuredBy: row.measured_by };
  }

  async storeCalibration(cameraId: string, samples: readonly CalibrationSample[], by: string): Promise<void> {
    const row = { samples: JSON.stringify(samples), measured_at: this.#deps.clock.now(), measured_by: by };
    await this.#deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('ptz_calibrations').where('camera_id', '=', cameraId).execute();
      await trx
        .insertInto('ptz_calibrations')
        .values({ camera_id: cameraId, ...row })
        .execute();
    });
  }

  onChange(listener: (change: MaskChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(change: MaskChange): MaskChange {
    for (const listener of this.#listeners) listener(change);
    return change;
  }
}
