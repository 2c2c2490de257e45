// Masks pushed to the camera: for a fixed camera with ONVIF Media2 privacy masks an administrator may have the
// camera hide its masked areas itself, so that Vigie keeps the zero-transcoding path. Vigie never takes the
// camera's word for it: after each push it reads the camera's own pictures (those entering its burn-in
// pipeline, never stored nor served) and only once every masked area is seen covered does it serve the camera's
// stream untouched; then it samples the served picture periodically. A failed check sends the camera back to
// Vigie's burn-in at once, journals the failure and tells listeners (an alert). Until verified, and on any
// doubt (a change of masks, a restart), Vigie burns the masks in.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import type { StreamSource } from '../media/hub/index.js';
import { masksHold, polygonCoverage, type PolygonCoverage } from './coverage.js';
import type { Point } from './geometry.js';
import { grabPictures, lastPictureLuma } from './pictures.js';
import type { MaskService } from './service.js';

export type MaskMode = 'vigie' | 'camera';
export type PushState = 'pending' | 'verified' | 'failed';

/** The ONVIF operations a push needs (OnvifClient has them). */
export interface MaskPushClient {
  hasMedia2(): Promise<boolean>;
  getProfiles(): Promise<ReadonlyArray<{ readonly videoSourceConfigurationToken?: string }>>;
  createMask(configurationToken: string, polygon: readonly Point[]): Promise<string>;
  deleteMask(token: string): Promise<void>;
}

export interface MaskPushDevice {
  readonly client: MaskPushClient;
  /** PTZ cameras keep Vigie's burn-in: their masks follow the head, the camera's would not. */
  readonly ptz: boolean;
}

export interface MaskPushStatus {
  readonly cameraId: string;
  readonly mode: MaskMode;
  /** Null in Vigie's mode. */
  readonly state: PushState | null;
  readonly checkedAtMs: number | null;
  /** Why the last check failed (English, for the journal; the console words it itself). */
  readonly failure: string | null;
  readonly updatedAtMs: number | null;
  readonly updatedBy: string | null;
}

export interface MaskPushCapability {
  readonly supported: boolean;
  /** Why not: 'no-onvif' | 'no-media2' | 'ptz' | 'unreachable'. */
  readonly reason: string | null;
}

export interface CameraMaskPushDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  readonly service: MaskService;
  /** The camera's ONVIF device; undefined when it has no ONVIF address. */
  readonly device: (cameraId: string) => Promise<MaskPushDevice | undefined>;
  /** The camera's own pictures while Vigie burns its masks in (masked-sessions.ts `cameraPictures`). */
  readonly cameraPictures: StreamSource;
  /** What Vigie serves (the hub). */
  readonly served: StreamSource;
  /** Closes the camera's sessions so they reopen in the other mode. */
  readonly cut: (cameraId: string) => void;
  /** Between two checks of a verified camera's served picture; default 60 s. */
  readonly checkEveryMs?: number;
}

interface Entry {
  mode: MaskMode;
  state: PushState;
  tokens: string[];
  checkedAtMs: number | null;
  failure: string | null;
  updatedAtMs: number;
  updatedBy: string;
}

const unsupported = (message: string): VigieError => new VigieError('VIGIE_MASK_PUSH_UNSUPPORTED', message, { status: 409 });

export class CameraMaskPush {
  readonly #deps: CameraMaskPushDeps;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<(status: MaskPushStatus) => void>();
  readonly #busy = new Map<string, Promise<unknown>>();
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(deps: CameraMaskPushDeps) {
    this.#deps = deps;
  }

  /** Reads the modes (every pushed camera starts in Vigie's burn-in until checked again) and starts the checks. */
  async start(): Promise<void> {
    const rows = await this.#deps.db.selectFrom('camera_mask_push').selectAll().execute();
    for (const row of rows) {
      const verified = row.state === 'verified';
      this.#entries.set(row.camera_id, {
        mode: row.mode as MaskMode,
        state: verified ? 'pending' : (row.state as PushState),
        tokens: JSON.parse(row.tokens) as string[],
        checkedAtMs: row.checked_at === null ? null : Number(row.checked_at),
        failure: row.failure,
        updatedAtMs: Number(row.updated_at),
        updatedBy: row.updated_by,
      });
    }
    this.#unsubscribe = this.#deps.service.onChange((change) => {
      const entry = this.#entries.get(change.cameraId);
      if (entry?.mode !== 'camera') return;
      if (change.after === undefined || change.after.space !== 'picture') void this.#serial(change.cameraId, () => this.#backToVigie(change.cameraId, change.after?.updatedBy ?? 'system'));
      else void this.#serial(change.cameraId, () => this.#pushAndVerify(change.cameraId, change.after?.updatedBy ?? 'system'));
    });
    this.#timer = setInterval(() => void this.checkAll(), this.#deps.checkEveryMs ?? 60_000);
    this.#timer.unref();
  }

  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#unsubscribe?.();
  }

  /** True when Vigie serves the camera's stream untouched: its masks are pushed and were seen holding. */
  appliedByCamera(cameraId: string): boolean {
    const entry = this.#entries.get(cameraId);
    return entry?.mode === 'camera' && entry.state === 'verified' && this.#deps.service.masksOf(cameraId)?.space === 'picture';
  }

  status(cameraId: string): MaskPushStatus {
    const entry = this.#entries.get(cameraId);
    if (entry === undefined) return { cameraId, mode: 'vigie', state: null, checkedAtMs: null, failure: null, updatedAtMs: null, updatedBy: null };
    return {
      cameraId,
      mode: entry.mode,
      state: entry.mode === 'vigie' ? null : entry.state,
      checkedAtMs: entry.checkedAtMs,
      failure: entry.failure,
      updatedAtMs: entry.updatedAtMs,
      updatedBy: entry.updatedBy,
    };
  }

  async capability(cameraId: string): Promise<MaskPushCapability> {
    const device = await this.#deps.device(cameraId);
    if (device === undefined) return { supported: false, reason: 'no-onvif' };
    if (device.ptz) return { supported: false, reason: 'ptz' };
    try {
      return (await device.client.hasMedia2()) ? { supported: true, reason: null } : { supported: false, reason: 'no-media2' };
    } catch {
      return { supported: false, reason: 'unreachable' };
    }
  }

  /** Called with each failed check (the camera is back to Vigie's burn-in). */
  onFailure(listener: (status: MaskPushStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** An administrator's choice; resolves once pushed and checked (camera) or back to Vigie's burn-in. */
  async setMode(cameraId: string, mode: MaskMode, by: string): Promise<{ before: MaskPushStatus; after: MaskPushStatus }> {
    const before = this.status(cameraId);
    if (mode === 'camera') {
      const capability = await this.capability(cameraId);
      if (!capability.supported) throw unsupported(`camera ${cameraId} cannot apply Vigie's masks itself (${capability.reason ?? ''})`);
      if (this.#deps.service.masksOf(cameraId) === undefined) throw unsupported(`camera ${cameraId} has no masks to push`);
      await this.#serial(cameraId, () => this.#pushAndVerify(cameraId, by));
    } else await this.#serial(cameraId, () => this.#backToVigie(cameraId, by));
    return { before, after: this.status(cameraId) };
  }

  /** One check of every camera in the camera's mode (the timer's; tests call it to not wait). */
  async checkAll(): Promise<void> {
    for (const [cameraId, entry] of [...this.#entries]) {
      if (entry.mode !== 'camera' || this.#busy.has(cameraId)) continue;
      if (entry.state === 'verified') await this.#serial(cameraId, () => this.#check(cameraId, this.#deps.served, 'served'));
      else if (entry.state === 'pending') await this.#serial(cameraId, () => this.#check(cameraId, this.#deps.cameraPictures, 'push'));
    }
  }

  /** One operation at a time per camera. */
  async #serial<T>(cameraId: string, run: () => Promise<T>): Promise<T> {
    const previous = this.#busy.get(cameraId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(run);
    this.#busy.set(cameraId, next);
    try {
      return await next;
    } finally {
      if (this.#busy.get(cameraId) === next) this.#busy.delete(cameraId);
    }
  }

  async #pushAndVerify(cameraId: string, by: string): Promise<void> {
    const masks = this.#deps.service.masksOf(cameraId);
    const device = await this.#deps.device(cameraId);
    if (masks === undefined || masks.space !== 'picture' || device === undefined) return this.#backToVigie(cameraId, by);
    const previous = this.#entries.get(cameraId);
    // Burn-in first: nothing changes on the camera while Vigie serves its stream untouched.
    const entry: Entry = {
      mode: 'camera',
      state: 'pending',
      tokens: previous?.tokens ?? [],
      checkedAtMs: previous?.checkedAtMs ?? null,
      failure: null,
      updatedAtMs: this.#deps.clock.now(),
      updatedBy: by,
    };
    this.#entries.set(cameraId, entry);
    if (previous?.state === 'verified') this.#deps.cut(cameraId);
    try {
      await this.#removeFromCamera(device, entry.tokens);
      entry.tokens = [];
      const configuration = (await device.client.getProfiles()).find((p) => p.videoSourceConfigurationToken !== undefined)?.videoSourceConfigurationToken;
      if (configuration === undefined) throw new VigieError('VIGIE_MASK_PUSH_FAILED', 'the camera announces no video source configuration');
      for (const polygon of masks.polygons) entry.tokens.push(await device.client.createMask(configuration, polygon));
    } catch (error) {
      await this.#store(cameraId);
      return this.#failed(cameraId, `the camera refused the masks: ${error instanceof Error ? error.message : String(error)}`, 'push');
    }
    await this.#store(cameraId);
    await this.#check(cameraId, this.#deps.cameraPictures, 'push');
  }

  async #backToVigie(cameraId: string, by: string): Promise<void> {
    const entry = this.#entries.get(cameraId);
    if (entry === undefined) return;
    const wasRaw = this.appliedByCamera(cameraId);
    this.#entries.delete(cameraId);
    if (wasRaw) this.#deps.cut(cameraId);
    await this.#deps.db.deleteFrom('camera_mask_push').where('camera_id', '=', cameraId).execute();
    const device = await this.#deps.device(cameraId).catch(() => undefined);
    // Best effort: the camera keeping its masks hides nothing more than Vigie's burn-in does.
    if (device !== undefined)
      await this.#removeFromCamera(device, entry.tokens).catch((error: unknown) => this.#deps.logger.warn({ camera: cameraId, err: error, by }, 'could not remove pushed masks'));
  }

  async #removeFromCamera(device: MaskPushDevice, tokens: readonly string[]): Promise<void> {
    for (const token of tokens) {
      try {
        await device.client.deleteMask(token);
      } catch (error) {
        // A mask the camera no longer has is gone already.
        if (!(error instanceof VigieError && error.code === 'VIGIE_ONVIF_FAULT')) throw error;
      }
    }
  }

  /** Samples the main stream (from `source`) and checks every mask area; no picture: checked again later. */
  async #check(cameraId: string, source: StreamSource, when: 'push' | 'served'): Promise<void> {
    const masks = this.#deps.service.masksOf(cameraId);
    const entry = this.#entries.get(cameraId);
    if (masks === undefined || entry === undefined || masks.space !== 'picture') return;
    let coverage: PolygonCoverage[];
    try {
      const grabbed = await grabPictures(source, `${cameraId}/main`, { notBeforeMs: Date.now() + 500, timeoutMs: 20_000 });
      const { width, height } = grabbed.track;
      if (width === undefined || height === undefined) throw new VigieError('VIGIE_MASK_NO_PICTURE', 'the picture size is unknown', { status: 503 });
      coverage = polygonCoverage(await lastPictureLuma(grabbed, width, height), width, height, masks.polygons);
    } catch (error) {
      if (error instanceof VigieError && error.code === 'VIGIE_MASK_NO_PICTURE') {
        this.#deps.logger.info({ camera: cameraId, err: error }, 'no picture to check the pushed masks with: checked again later');
        return;
      }
      throw error;
    }
    if (!masksHold(coverage)) {
      const worst = coverage.reduce((a, b) => (b.bright / Math.max(1, b.pixels) > a.bright / Math.max(1, a.pixels) ? b : a));
      return this.#failed(cameraId, `mask ${worst.polygon} not covered in the camera's picture: ${worst.bright} of ${worst.pixels} pixels show the picture`, when);
    }
    const wasVerified = entry.state === 'verified';
    entry.state = 'verified';
    entry.checkedAtMs = this.#deps.clock.now();
    entry.failure = null;
    await this.#store(cameraId);
    if (!wasVerified) {
      await this.#journal(cameraId, 'mask.push-verified', { polygons: masks.polygons.length, effect: "the camera's stream is served untouched" });
      this.#deps.cut(cameraId);
    }
  }

  async #failed(cameraId: string, why: string, when: 'push' | 'served'): Promise<void> {
    const entry = this.#entries.get(cameraId);
    if (entry === undefined) return;
    const wasRaw = this.appliedByCamera(cameraId);
    entry.state = 'failed';
    entry.failure = why;
    entry.checkedAtMs = this.#deps.clock.now();
    // At once, before anything else: the next picture stored or served is Vigie's burn-in.
    if (wasRaw) this.#deps.cut(cameraId);
    this.#deps.logger.error({ camera: cameraId, why, when }, 'pushed masks do not hold: Vigie burns them in again');
    await this.#store(cameraId);
    await this.#journal(cameraId, 'mask.push-failed', { why, when, effect: 'Vigie burns the masks in again' });
    const status = this.status(cameraId);
    for (const listener of this.#listeners) listener(status);
  }

  async #store(cameraId: string): Promise<void> {
    const entry = this.#entries.get(cameraId);
    if (entry === undefined) return;
    const row = {
      mode: entry.mode,
      state: entry.state,
      tokens: JSON.stringify(entry.tokens),
      checked_at: entry.checkedAtMs,
      failure: entry.failure,
      updated_at: entry.updatedAtMs,
      updated_by: entry.updatedBy,
    };
    const updated = await this.#deps.db.updateTable('camera_mask_push').set(row).where('camera_id', '=', cameraId).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      await this.#deps.db
        .insertInto('camera_mask_push')
        .values({ camera_id: cameraId, ...row })
        .execute();
  }

  async #journal(cameraId: string, action: string, details: Record<string, unknown>): Promise<void> {
    await this.#deps.journal
      .append({ actor: null, action, outcome: 'allowed', target: { type: 'camera', id: cameraId }, details })
      .catch((error: unknown) => this.#deps.logger.error({ err: error, camera: cameraId }, 'could not journal a mask push check'));
  }
}
