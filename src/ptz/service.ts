// PtzService: PTZ cameras driven through Vigie's ONVIF client — moves, status, presets (names kept in our
// database), home, control priority with holds, move sessions journaled as summaries, guard tours (by hand or in
// daily windows, paused while someone holds the camera), and the live position feed masks project with.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import { parisInstant } from '../core/paris-time.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { OnvifClient, type OnvifCredentials, type PtzLimits, type PtzVector } from '../onvif/index.js';
import { HoldTable, priorityOf, type PtzController, type PtzControlState, type PtzHolder } from './control.js';
import { HeadModel, type PtzPosition, type PtzPositionFeed } from './position-feed.js';

export interface PtzCamera {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly communeInsee: string;
  readonly onvif: { readonly host: string; readonly port: number | null } | null;
}

export interface PtzCameraSource {
  get(id: string): Promise<PtzCamera | undefined>;
  /** The camera's stored credentials (also its ONVIF account), decrypted; undefined when it has none. */
  credentials(id: string): Promise<OnvifCredentials | undefined>;
}

export interface PtzServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  readonly cameras: PtzCameraSource;
  /** How long a person keeps a camera after his last command (config ptz.holdSeconds). */
  readonly holdMs: number;
  /** Per ONVIF request. */
  readonly timeoutMs?: number;
}

export interface PtzPreset {
  readonly token: string;
  readonly name: string;
  readonly position: { readonly pan: number; readonly tilt: number; readonly zoom: number } | null;
}

export interface PtzTourStep {
  readonly presetToken: string;
  readonly dwellSeconds: number;
}

export interface PtzTourWindow {
  /** "HH:MM", Paris time; a window may cross midnight (22:00 → 06:00). */
  readonly from: string;
  readonly to: string;
}

export interface PtzTour {
  readonly id: string;
  readonly cameraId: string;
  readonly name: string;
  readonly steps: readonly PtzTourStep[];
  readonly windows: readonly PtzTourWindow[] | null;
}

export interface PtzTourState {
  readonly tourId: string;
  readonly name: string;
  readonly step: number;
  readonly paused: boolean;
  readonly startedBy: string;
}

export interface PtzStatus {
  readonly cameraId: string;
  readonly position: PtzPosition;
  readonly limits: PtzLimits | null;
  readonly control: PtzControlState;
  readonly tour: PtzTourState | null;
}

interface Linked {
  readonly client: OnvifClient;
  readonly profile: string;
  limits: PtzLimits | null;
}

interface MoveSession {
  readonly controller: PtzController;
  readonly from: PtzPosition;
  readonly startMs: number;
  lastMs: number;
  commands: number;
  readonly communeInsee: string;
}

interface RunningTour {
  readonly tour: PtzTour;
  step: number;
  nextAtMs: number;
  paused: boolean;
  readonly startedBy: string;
  readonly scheduled: boolean;
}

const TICK_MS = 500;
const POLL_MS = 250;
/**
 * Heads someone follows (the masks of a PTZ camera) are read every this often even when Vigie did not move them,
 * so that a move made from outside Vigie (the camera's own web page, another VMS, a keyboard) is seen.
 */
const IDLE_POLL_MS = 500;
/** A followed camera Vigie cannot drive (fixed, no ONVIF device) is asked again after this long. */
const IDLE_RETRY_MS = 60_000;
const MAX_NAME = 100;

function invalid(field: string, message: string): VigieError {
  return new VigieError('VIGIE_PTZ_FIELD_INVALID', message, { status: 400, context: { field } });
}

function checkAxis(field: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isFinite(value) || value < min || value > max)) throw invalid(field, `« ${field} » doit être compris entre ${min} et ${max}.`);
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_NAME) throw invalid('name', `Le nom doit faire de 1 à ${MAX_NAME} caractères.`);
  return trimmed;
}

const parseClock = (text: string): number | undefined => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match === null ? undefined : Number(match[1]) * 60 + Number(match[2]);
};

/** Minutes since Paris midnight. */
function parisMinute(ms: number): number {
  const [, time = '00:00:00'] = parisInstant(ms).split(' ');
  const [h = '0', m = '0'] = time.split(':');
  return Number(h) * 60 + Number(m);
}

export function insideWindows(windows: readonly PtzTourWindow[], nowMs: number): boolean {
  const minute = parisMinute(nowMs);
  return windows.some((w) => {
    const from = parseClock(w.from) ?? 0;
    const to = parseClock(w.to) ?? 0;
    return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
  });
}

const journalActor = (controller: PtzController): { id: string; username: string; role: string } | null =>
  controller.kind === 'user' ? { id: controller.id, username: controller.username, role: controller.role } : null;

export class PtzService implements PtzPositionFeed {
  readonly #deps: PtzServiceDeps;
  readonly #holds: HoldTable;
  readonly #linked = new Map<string, Linked>();
  readonly #heads = new Map<string, HeadModel>();
  readonly #listeners = new Map<string, Set<(position: PtzPosition) => void>>();
  readonly #polls = new Map<string, NodeJS.Timeout>();
  readonly #sessions = new Map<string, MoveSession>();
  readonly #tours = new Map<string, RunningTour>();
  #timer: NodeJS.Timeout | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  /** Followed cameras being read now, and those not to ask before a time (not drivable). */
  readonly #idleReading = new Set<string>();
  readonly #idleBlockedUntil = new Map<string, number>();
  #ticking = false;

  constructor(deps: PtzServiceDeps) {
    this.#deps = deps;
    this.#holds = new HoldTable(deps.holdMs);
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.#tick(), TICK_MS);
    this.#timer.unref();
    this.#idleTimer ??= setInterval(() => this.#pollFollowed(), IDLE_POLL_MS);
    this.#idleTimer.unref();
  }

  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#idleTimer !== undefined) clearInterval(this.#idleTimer);
    this.#idleTimer = undefined;
    for (const poll of this.#polls.values()) clearTimeout(poll);
    this.#polls.clear();
    for (const cameraId of [...this.#sessions.keys()]) await this.#endSession(cameraId, 'shutdown');
  }

  // --- devices ---

  /** Records which ONVIF device (and profile) drives a camera: onboarding and the demo call it. */
  async linkDevice(cameraId: string, device: { readonly deviceUrl: string; readonly profileToken: string; readonly limits: PtzLimits | null }): Promise<void> {
    const now = this.#deps.clock.now();
    const row = { device_url: device.deviceUrl, profile_token: device.profileToken, limits: device.limits === null ? null : JSON.stringify(device.limits), updated_at: now };
    await this.#deps.db
      .insertInto('ptz_devices')
      .values({ camera_id: cameraId, ...row })
      .onConflict((oc) => oc.column('camera_id').doUpdateSet(row))
      .execute();
    this.#linked.delete(cameraId);
  }

  async #camera(cameraId: string): Promise<PtzCamera> {
    const camera = await this.#deps.cameras.get(cameraId);
    if (camera === undefined) throw new VigieError('VIGIE_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { status: 404 });
    return camera;
  }

  async #device(cameraId: string): Promise<Linked> {
    const cached = this.#linked.get(cameraId);
    if (cached !== undefined) return cached;
    const camera = await this.#camera(cameraId);
    const row = await this.#deps.db.selectFrom('ptz_devices').selectAll().where('camera_id', '=', cameraId).executeTakeFirst();
    if (camera.type !== 'ptz' || (row === undefined && camera.onvif === null)) {
      throw new VigieError('VIGIE_PTZ_NOT_PTZ', `La caméra « ${camera.name} » n'est pas une caméra orientable pilotable (caméra fixe ou sans adresse ONVIF).`, { status: 409 });
    }
    const credentials = await this.#deps.cameras.credentials(cameraId);
    const url = row?.device_url ?? `http://${camera.onvif?.host ?? ''}${camera.onvif?.port === null || camera.onvif?.port === undefined ? '' : `:${camera.onvif.port}`}/onvif/device_service`;
    const client = new OnvifClient({ url, credentials, timeoutMs: this.#deps.timeoutMs ?? 5000 });
    let profile = row?.profile_token;
    let limits: PtzLimits | null = row?.limits === null || row?.limits === undefined ? null : (JSON.parse(row.limits) as PtzLimits);
    if (profile === undefined) {
      const profiles = await client.getProfiles();
      const withPtz = profiles.find((p) => p.ptzConfigurationToken !== undefined) ?? profiles[0];
      if (withPtz === undefined) throw new VigieError('VIGIE_PTZ_NOT_PTZ', `La caméra « ${camera.name} » n'annonce aucun profil PTZ.`, { status: 409 });
      profile = withPtz.token;
      limits = await client.getPtzLimits();
      await this.linkDevice(cameraId, { deviceUrl: client.url, profileToken: profile, limits });
    }
    const linked: Linked = { client, profile, limits };
    this.#linked.set(cameraId, linked);
    return linked;
  }

  // --- control ---

  /** Takes or extends the hold, ending the previous holder's move session when taken over. */
  async #control(cameraId: string, controller: PtzController): Promise<PtzHolder> {
    const now = this.#deps.clock.now();
    const { hold, replaced } = this.#holds.acquire(cameraId, controller, now);
    if (replaced !== undefined) await this.#endSession(cameraId, 'taken-over', { name: hold.name, role: hold.role });
    const running = this.#tours.get(cameraId);
    if (running !== undefined && !running.paused) {
      running.paused = true;
      await this.#journalTour('ptz.tour.pause', cameraId, running, { by: hold.name, role: hold.role });
    }
    return hold;
  }

  async #moved(cameraId: string, controller: PtzController): Promise<void> {
    const now = this.#deps.clock.now();
    const session = this.#sessions.get(cameraId);
    if (session !== undefined && session.controller.id === controller.id) {
      session.lastMs = now;
      session.commands += 1;
      return;
    }
    if (session !== undefined) await this.#endSession(cameraId, 'another-controller');
    const camera = await this.#camera(cameraId);
    this.#sessions.set(cameraId, {
      controller,
      from: this.position(cameraId) ?? { pan: 0, tilt: 0, zoom: 0, moving: false, atMs: now },
      startMs: now,
      lastMs: now,
      commands: 1,
      communeInsee: camera.communeInsee,
    });
  }

  /** One journal entry per person's stretch of control: who, camera, from/to, how long, how many commands. */
  async #endSession(cameraId: string, cause: string, takenOverBy?: { name: string; role: string }): Promise<void> {
    const session = this.#sessions.get(cameraId);
    if (session === undefined) return;
    this.#sessions.delete(cameraId);
    const to = this.position(cameraId);
    const round = (p: PtzPosition | undefined) => (p === undefined ? null : { pan: Number(p.pan.toFixed(4)), tilt: Number(p.tilt.toFixed(4)), zoom: Number(p.zoom.toFixed(4)) });
    try {
      await this.#deps.journal.append({
        actor: journalActor(session.controller),
        action: 'ptz.session',
        outcome: 'allowed',
        target: { type: 'camera', id: cameraId, cameraId, communeInsee: session.communeInsee },
        details: {
          controller: { kind: session.controller.kind, id: session.controller.id },
          from: round(session.from),
          to: round(to),
          startMs: session.startMs,
          endMs: session.lastMs,
          durationMs: session.lastMs - session.startMs,
          commands: session.commands,
          end: cause,
          ...(takenOverBy === undefined ? {} : { takenOverBy }),
        },
      });
    } catch (error) {
      this.#deps.logger.error({ err: error, cameraId }, 'could not journal a PTZ move session');
    }
  }

  controlState(cameraId: string, viewerId: string | undefined): PtzControlState {
    return this.#holds.state(cameraId, viewerId, this.#deps.clock.now());
  }

  /** "Rendre la main": ends the caller's hold at once (a tour resumes at the next tick). */
  async release(cameraId: string, controller: PtzController): Promise<void> {
    if (this.#holds.release(cameraId, controller.id) !== undefined) await this.#endSession(cameraId, 'released');
  }

  // --- moves ---

  async continuousMove(cameraId: string, controller: PtzController, velocity: PtzVector, timeoutMs?: number): Promise<PtzControlState> {
    checkAxis('pan', velocity.pan, -1, 1);
    checkAxis('tilt', velocity.tilt, -1, 1);
    checkAxis('zoom', velocity.zoom, -1, 1);
    if (timeoutMs !== undefined && (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 60_000)) throw invalid('timeoutMs', 'La durée doit être comprise entre 1 ms et 60 s.');
    const device = await this.#device(cameraId);
    await this.#control(cameraId, controller);
    await device.client.continuousMove(device.profile, velocity, timeoutMs);
    this.#head(cameraId).continuous({ pan: velocity.pan ?? 0, tilt: velocity.tilt ?? 0, zoom: velocity.zoom ?? 0 }, this.#deps.clock.now(), timeoutMs);
    return this.#after(cameraId, controller);
  }

  async relativeMove(cameraId: string, controller: PtzController, translation: PtzVector): Promise<PtzControlState> {
    checkAxis('pan', translation.pan, -2, 2);
    checkAxis('tilt', translation.tilt, -2, 2);
    checkAxis('zoom', translation.zoom, -1, 1);
    const device = await this.#device(cameraId);
    await this.#control(cameraId, controller);
    await device.client.relativeMove(device.profile, translation);
    const from = this.position(cameraId) ?? { pan: 0, tilt: 0, zoom: 0 };
    this.#head(cameraId).toward({ pan: from.pan + (translation.pan ?? 0), tilt: from.tilt + (translation.tilt ?? 0), zoom: from.zoom + (translation.zoom ?? 0) }, this.#deps.clock.now());
    return this.#after(cameraId, controller);
  }

  async absoluteMove(cameraId: string, controller: PtzController, target: PtzVector): Promise<PtzControlState> {
    checkAxis('pan', target.pan, -1, 1);
    checkAxis('tilt', target.tilt, -1, 1);
    checkAxis('zoom', target.zoom, 0, 1);
    const device = await this.#device(cameraId);
    await this.#control(cameraId, controller);
    await device.client.absoluteMove(device.profile, target);
    this.#head(cameraId).toward(target, this.#deps.clock.now());
    return this.#after(cameraId, controller);
  }

  async stop(cameraId: string, controller: PtzController): Promise<PtzControlState> {
    const device = await this.#device(cameraId);
    await this.#control(cameraId, controller);
    await device.client.stop(device.profile);
    this.#head(cameraId).stop(this.#deps.clock.now());
    return this.#after(cameraId, controller);
  }

  async home(cameraId: string, controller: PtzController): Promise<PtzControlState> {
    const device = await this.#device(cameraId);
    await this.#control(cameraId, controller);
    await device.client.gotoHomePosition(device.profile);
    this.#head(cameraId).toward({ pan: 0, tilt: 0, zoom: 0 }, this.#deps.clock.now());
    return this.#after(cameraId, controller);
  }

  async #after(cameraId: string, controller: PtzController): Promise<PtzControlState> {
    await this.#moved(cameraId, controller);
    this.#emit(cameraId);
    this.#poll(cameraId);
    return this.controlState(cameraId, controller.id);
  }

  async status(cameraId: string, viewerId?: string): Promise<PtzStatus> {
    const device = await this.#device(cameraId);
    await this.#refresh(cameraId, device);
    const running = this.#tours.get(cameraId);
    return {
      cameraId,
      position: this.position(cameraId) ?? { pan: 0, tilt: 0, zoom: 0, moving: false, atMs: this.#deps.clock.now() },
      limits: device.limits,
      control: this.controlState(cameraId, viewerId),
      tour: running === undefined ? null : this.#tourState(running),
    };
  }

  // --- presets ---

  async presets(cameraId: string): Promise<PtzPreset[]> {
    const device = await this.#device(cameraId);
    const [onCamera, names] = await Promise.all([
      device.client.getPresets(device.profile),
      this.#deps.db.selectFrom('ptz_preset_names').select(['token', 'name']).where('camera_id', '=', cameraId).execute(),
    ]);
    const named = new Map(names.map((n) => [n.token, n.name]));
    return onCamera.map((p) => ({ token: p.token, name: named.get(p.token) ?? p.name, position: p.position }));
  }

  /** Moves to a preset: people and alerts take the camera by priority; a tour only moves an unheld camera. */
  async gotoPreset(cameraId: string, presetToken: string, options: { readonly by: PtzController }): Promise<PtzControlState> {
    const device = await this.#device(cameraId);
    const preset = (await device.client.getPresets(device.profile)).find((p) => p.token === presetToken);
    if (preset === undefined) throw new VigieError('VIGIE_PTZ_PRESET_UNKNOWN', "Ce préréglage n'existe pas (ou plus) sur cette caméra.", { status: 404 });
    if (options.by.kind === 'tour') {
      const holder = this.#holds.holder(cameraId, this.#deps.clock.now());
      if (holder !== undefined) throw this.#heldError(holder);
    } else await this.#control(cameraId, options.by);
    await device.client.gotoPreset(device.profile, presetToken);
    if (preset.position !== null) this.#head(cameraId).toward(preset.position, this.#deps.clock.now());
    if (options.by.kind === 'tour') {
      this.#emit(cameraId);
      this.#poll(cameraId);
      return this.controlState(cameraId, undefined);
    }
    if (options.by.kind === 'alert') {
      const camera = await this.#camera(cameraId);
      await this.#deps.journal.append({
        actor: null,
        action: 'ptz.preset.goto',
        outcome: 'allowed',
        target: { type: 'camera', id: cameraId, cameraId, communeInsee: camera.communeInsee },
        details: { by: { kind: 'alert', id: options.by.id, label: options.by.label }, preset: presetToken },
      });
    }
    return this.#after(cameraId, options.by);
  }

  #heldError(holder: PtzHolder): VigieError {
    return new VigieError('VIGIE_PTZ_HELD', `La caméra est pilotée par ${holder.name}.`, { status: 409, context: { holder: { name: holder.name, role: holder.role, untilMs: holder.untilMs } } });
  }

  /** Stores the current position as a preset (a token: overwrites that one). */
  async savePreset(cameraId: string, controller: Extract<PtzController, { kind: 'user' }>, name: string, presetToken?: string): Promise<PtzPreset> {
    const clean = checkName(name);
    const device = await this.#device(cameraId);
    await this.#control(cameraId, controller);
    const token = await device.client.setPreset(device.profile, clean, presetToken);
    await this.#storeName(cameraId, token, clean, controller.username);
    await this.#journalConfig('ptz.preset.save', cameraId, controller, { preset: token, name: clean, position: this.position(cameraId) ?? null });
    return (await this.presets(cameraId)).find((p) => p.token === token) ?? { token, name: clean, position: null };
  }

  async renamePreset(cameraId: string, controller: Extract<PtzController, { kind: 'user' }>, presetToken: string, name: string): Promise<PtzPreset> {
    const clean = checkName(name);
    const before = (await this.presets(cameraId)).find((p) => p.token === presetToken);
    if (before === undefined) throw new VigieError('VIGIE_PTZ_PRESET_UNKNOWN', "Ce préréglage n'existe pas (ou plus) sur cette caméra.", { status: 404 });
    await this.#storeName(cameraId, presetToken, clean, controller.username);
    await this.#journalConfig('ptz.preset.rename', cameraId, controller, { preset: presetToken, before: before.name, after: clean });
    return { ...before, name: clean };
  }

  async deletePreset(cameraId: string, controller: Extract<PtzController, { kind: 'user' }>, presetToken: string): Promise<void> {
    const device = await this.#device(cameraId);
    const before = (await this.presets(cameraId)).find((p) => p.token === presetToken);
    if (before === undefined) throw new VigieError('VIGIE_PTZ_PRESET_UNKNOWN', "Ce préréglage n'existe pas (ou plus) sur cette caméra.", { status: 404 });
    await device.client.removePreset(device.profile, presetToken);
    await this.#deps.db.deleteFrom('ptz_preset_names').where('camera_id', '=', cameraId).where('token', '=', presetToken).execute();
    await this.#journalConfig('ptz.preset.delete', cameraId, controller, { preset: presetToken, name: before.name });
  }

  async #storeName(cameraId: string, token: string, name: string, by: string): Promise<void> {
    const row = { name, updated_at: this.#deps.clock.now(), updated_by: by };
    await this.#deps.db
      .insertInto('ptz_preset_names')
      .values({ camera_id: cameraId, token, ...row })
      .onConflict((oc) => oc.columns(['camera_id', 'token']).doUpdateSet(row))
      .execute();
  }

  async #journalConfig(action: string, cameraId: string, controller: PtzController, details: Record<string, unknown>): Promise<void> {
    const camera = await this.#camera(cameraId);
    await this.#deps.journal.append({ actor: journalActor(controller), action, outcome: 'allowed', target: { type: 'camera', id: cameraId, cameraId, communeInsee: camera.communeInsee }, details });
  }

  // --- guard tours ---

  async tours(cameraId: string): Promise<PtzTour[]> {
    const rows = await this.#deps.db.selectFrom('ptz_tours').selectAll().where('camera_id', '=', cameraId).orderBy('name').execute();
    return rows.map((row) => this.#tourFromRow(row));
  }

  #tourFromRow(row: { id: string; camera_id: string; name: string; steps: string; windows: string | null }): PtzTour {
    return { id: row.id, cameraId: row.camera_id, name: row.name, steps: JSON.parse(row.steps) as PtzTourStep[], windows: row.windows === null ? null : (JSON.parse(row.windows) as PtzTourWindow[]) };
  }

  async saveTour(
    cameraId: string,
    controller: Extract<PtzController, { kind: 'user' }>,
    input: { readonly id?: string; readonly name: string; readonly steps: readonly PtzTourStep[]; readonly windows?: readonly PtzTourWindow[] | null },
  ): Promise<PtzTour> {
    const name = checkName(input.name);
    if (input.steps.length < 1 || input.steps.length > 64) throw invalid('steps', 'Une ronde compte de 1 à 64 étapes.');
    const presets = new Set((await this.presets(cameraId)).map((p) => p.token));
    for (const step of input.steps) {
      if (!presets.has(step.presetToken)) throw invalid('steps', `Le préréglage « ${step.presetToken} » n'existe pas sur cette caméra.`);
      if (!Number.isFinite(step.dwellSeconds) || step.dwellSeconds < 1 || step.dwellSeconds > 3600) throw invalid('steps', "La durée d'arrêt doit être comprise entre 1 s et 1 h.");
    }
    const windows = input.windows ?? null;
    for (const w of windows ?? []) {
      if (parseClock(w.from) === undefined || parseClock(w.to) === undefined || w.from === w.to)
        throw invalid('windows', 'Une plage horaire s’écrit HH:MM à HH:MM (heure de Paris), deux heures différentes.');
    }
    const now = this.#deps.clock.now();
    const values = {
      name,
      steps: JSON.stringify(input.steps.map((s) => ({ presetToken: s.presetToken, dwellSeconds: s.dwellSeconds }))),
      windows: windows === null ? null : JSON.stringify(windows),
      updated_at: now,
    };
    let id = input.id;
    if (id === undefined) {
      id = newId();
      await this.#deps.db
        .insertInto('ptz_tours')
        .values({ id, camera_id: cameraId, created_by: controller.username, created_at: now, ...values })
        .execute();
    } else {
      const updated = await this.#deps.db.updateTable('ptz_tours').set(values).where('id', '=', id).where('camera_id', '=', cameraId).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new VigieError('VIGIE_PTZ_TOUR_UNKNOWN', "Cette ronde n'existe pas sur cette caméra.", { status: 404 });
    }
    const tour = await this.#tour(cameraId, id);
    await this.#journalConfig(input.id === undefined ? 'ptz.tour.create' : 'ptz.tour.update', cameraId, controller, { tour: id, name, steps: tour.steps, windows: tour.windows });
    return tour;
  }

  async deleteTour(cameraId: string, controller: Extract<PtzController, { kind: 'user' }>, tourId: string): Promise<void> {
    await this.#device(cameraId);
    const tour = await this.#tour(cameraId, tourId);
    if (this.#tours.get(cameraId)?.tour.id === tourId) this.#tours.delete(cameraId);
    await this.#deps.db.deleteFrom('ptz_tours').where('id', '=', tourId).execute();
    await this.#journalConfig('ptz.tour.delete', cameraId, controller, { tour: tourId, name: tour.name });
  }

  async #tour(cameraId: string, tourId: string): Promise<PtzTour> {
    const row = await this.#deps.db.selectFrom('ptz_tours').selectAll().where('id', '=', tourId).where('camera_id', '=', cameraId).executeTakeFirst();
    if (row === undefined) throw new VigieError('VIGIE_PTZ_TOUR_UNKNOWN', "Cette ronde n'existe pas sur cette caméra.", { status: 404 });
    return this.#tourFromRow(row);
  }

  /** Starts a tour by hand (replacing any running one); it waits while someone holds the camera. */
  async startTour(cameraId: string, tourId: string, controller: Extract<PtzController, { kind: 'user' }>): Promise<PtzTourState> {
    await this.#device(cameraId);
    const tour = await this.#tour(cameraId, tourId);
    // The person starting it hands the camera over to the tour.
    await this.release(cameraId, controller);
    const running: RunningTour = { tour, step: -1, nextAtMs: 0, paused: false, startedBy: controller.username, scheduled: false };
    this.#tours.set(cameraId, running);
    await this.#journalTour('ptz.tour.start', cameraId, running, { by: controller.username });
    await this.#advanceTour(cameraId, running);
    return this.#tourState(running);
  }

  async stopTour(cameraId: string, controller: Extract<PtzController, { kind: 'user' }>): Promise<void> {
    const running = this.#tours.get(cameraId);
    if (running === undefined) return;
    this.#tours.delete(cameraId);
    await this.#journalTour('ptz.tour.stop', cameraId, running, { by: controller.username });
  }

  tourState(cameraId: string): PtzTourState | null {
    const running = this.#tours.get(cameraId);
    return running === undefined ? null : this.#tourState(running);
  }

  #tourState(running: RunningTour): PtzTourState {
    return { tourId: running.tour.id, name: running.tour.name, step: Math.max(0, running.step), paused: running.paused, startedBy: running.startedBy };
  }

  async #journalTour(action: string, cameraId: string, running: RunningTour, details: Record<string, unknown>): Promise<void> {
    try {
      const camera = await this.#camera(cameraId);
      await this.#deps.journal.append({
        actor: null,
        action,
        outcome: 'allowed',
        target: { type: 'camera', id: cameraId, cameraId, communeInsee: camera.communeInsee },
        details: { tour: running.tour.id, name: running.tour.name, scheduled: running.scheduled, ...details },
      });
    } catch (error) {
      this.#deps.logger.error({ err: error, cameraId }, 'could not journal a guard tour event');
    }
  }

  async #advanceTour(cameraId: string, running: RunningTour): Promise<void> {
    const next = (running.step + 1) % running.tour.steps.length;
    const step = running.tour.steps[next];
    if (step === undefined) return;
    try {
      await this.gotoPreset(cameraId, step.presetToken, { by: { kind: 'tour', id: `tour:${running.tour.id}`, label: `ronde « ${running.tour.name} »` } });
      running.step = next;
      running.nextAtMs = this.#deps.clock.now() + step.dwellSeconds * 1000;
    } catch (error) {
      if (error instanceof VigieError && error.code === 'VIGIE_PTZ_HELD') {
        running.paused = true;
        return;
      }
      this.#deps.logger.warn({ err: error, cameraId, tour: running.tour.id }, 'guard tour step failed; retried at its next turn');
      running.nextAtMs = this.#deps.clock.now() + 5000;
    }
  }

  async #tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      const now = this.#deps.clock.now();
      for (const { cameraId } of this.#holds.expired(now)) await this.#endSession(cameraId, 'hold-expired');
      await this.#scheduleTours(now);
      for (const [cameraId, running] of this.#tours) {
        const holder = this.#holds.holder(cameraId, now);
        if (holder !== undefined) {
          if (!running.paused) {
            running.paused = true;
            await this.#journalTour('ptz.tour.pause', cameraId, running, { by: holder.name, role: holder.role });
          }
          continue;
        }
        if (running.paused) {
          running.paused = false;
          await this.#journalTour('ptz.tour.resume', cameraId, running, {});
          // Back to the step it was showing, then on with the dwell from there.
          running.step -= 1;
          await this.#advanceTour(cameraId, running);
          continue;
        }
        if (now >= running.nextAtMs) await this.#advanceTour(cameraId, running);
      }
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'PTZ timer failed');
    } finally {
      this.#ticking = false;
    }
  }

  #lastScheduleMs = 0;

  /** Tours with windows start inside them and stop outside (those started by hand are left alone). */
  async #scheduleTours(now: number): Promise<void> {
    if (now - this.#lastScheduleMs < 15_000) return;
    this.#lastScheduleMs = now;
    const rows = await this.#deps.db.selectFrom('ptz_tours').selectAll().where('windows', 'is not', null).execute();
    for (const tour of rows.map((row) => this.#tourFromRow(row))) {
      const inside = insideWindows(tour.windows ?? [], now);
      const running = this.#tours.get(tour.cameraId);
      if (inside && running === undefined) {
        const started: RunningTour = { tour, step: -1, nextAtMs: 0, paused: false, startedBy: 'planification', scheduled: true };
        this.#tours.set(tour.cameraId, started);
        await this.#journalTour('ptz.tour.start', tour.cameraId, started, { by: 'schedule' });
      } else if (!inside && running?.scheduled === true && running.tour.id === tour.id) {
        this.#tours.delete(tour.cameraId);
        await this.#journalTour('ptz.tour.stop', tour.cameraId, running, { by: 'schedule' });
      }
    }
  }

  /** For tests and the scheduler: runs one timer turn now. */
  async tickNow(): Promise<void> {
    this.#lastScheduleMs = 0;
    await this.#tick();
  }

  // --- position feed ---

  position(cameraId: string): PtzPosition | undefined {
    return this.#heads.get(cameraId)?.at(this.#deps.clock.now());
  }

  subscribe(cameraId: string, listener: (position: PtzPosition) => void): () => void {
    let set = this.#listeners.get(cameraId);
    if (set === undefined) this.#listeners.set(cameraId, (set = new Set()));
    set.add(listener);
    // A subscriber wants to know where the head is even if no one moved it through Vigie yet.
    if (!this.#heads.has(cameraId))
      void this.#device(cameraId).then(
        (device) => this.#refresh(cameraId, device),
        () => undefined,
      );
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(cameraId);
    };
  }

  #head(cameraId: string): HeadModel {
    let head = this.#heads.get(cameraId);
    if (head === undefined) this.#heads.set(cameraId, (head = new HeadModel({ pan: 0, tilt: 0, zoom: 0 }, false, this.#deps.clock.now())));
    return head;
  }

  #emit(cameraId: string): void {
    const listeners = this.#listeners.get(cameraId);
    const position = this.position(cameraId);
    if (listeners === undefined || position === undefined) return;
    for (const listener of listeners) {
      try {
        listener(position);
      } catch (error) {
        this.#deps.logger.warn({ err: error, cameraId }, 'a PTZ position listener failed');
      }
    }
  }

  async #refresh(cameraId: string, device: Linked): Promise<void> {
    const status = await device.client.getStatus(device.profile);
    const head = this.#heads.get(cameraId);
    const now = this.#deps.clock.now();
    if (head === undefined) this.#heads.set(cameraId, new HeadModel(status, status.moving, now));
    else head.correct(status, status.moving, now);
    this.#emit(cameraId);
  }

  /** Reads the followed heads Vigie is not already polling; one seen moving is then polled fast until it stops. */
  #pollFollowed(): void {
    const now = Date.now();
    for (const cameraId of this.#listeners.keys()) {
      if (this.#polls.has(cameraId) || this.#idleReading.has(cameraId) || (this.#idleBlockedUntil.get(cameraId) ?? 0) > now) continue;
      this.#idleReading.add(cameraId);
      void (async () => {
        try {
          const device = await this.#device(cameraId);
          await this.#refresh(cameraId, device);
          if (this.position(cameraId)?.moving === true) this.#poll(cameraId);
        } catch (error) {
          if (error instanceof VigieError && error.code === 'VIGIE_PTZ_NOT_PTZ') this.#idleBlockedUntil.set(cameraId, Date.now() + IDLE_RETRY_MS);
          else this.#deps.logger.debug({ err: error, cameraId }, 'PTZ status read failed');
        } finally {
          this.#idleReading.delete(cameraId);
        }
      })();
    }
  }

  /** While the head moves, GetStatus every 250 ms corrects the prediction; one more once it stops. */
  #poll(cameraId: string): void {
    if (this.#polls.has(cameraId)) return;
    const run = async (): Promise<void> => {
      try {
        const device = await this.#device(cameraId);
        await this.#refresh(cameraId, device);
      } catch (error) {
        this.#deps.logger.debug({ err: error, cameraId }, 'PTZ status poll failed');
      }
      if (this.position(cameraId)?.moving === true && this.#timer !== undefined) {
        const next = setTimeout(() => void run(), POLL_MS);
        next.unref();
        this.#polls.set(cameraId, next);
      } else this.#polls.delete(cameraId);
    };
    const first = setTimeout(() => void run(), POLL_MS);
    first.unref();
    this.#polls.set(cameraId, first);
  }

  /** Priority of a controller (for the API's explanations). */
  static priorityOf(controller: PtzController): number {
    return priorityOf(controller);
  }
}
