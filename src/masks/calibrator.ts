// Runs the guided PTZ calibration of a camera for an administrator: one at a time per camera, in the background
// (it takes a minute), its progress read by the console, its result stored (ptz_calibrations) and journaled.
// The head is moved as the administrator (priority of a room lead: a person at the joystick of equal rank keeps
// the camera, and the calibration fails with the PTZ capability's French error).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { StreamSource } from '../media/hub/index.js';
import type { Journal } from '../journal/index.js';
import type { PtzController } from '../ptz/index.js';
import { CALIBRATION_HEIGHT, CALIBRATION_WIDTH, runCalibration, type CalibrationStep } from './calibration.js';
import type { PtzPose } from './geometry.js';
import { grabPictures, lastPictureLuma } from './pictures.js';
import type { MaskService, StoredCalibration } from './service.js';

/** The PTZ capability as the calibration uses it (PtzService). */
export interface CalibrationPtz {
  absoluteMove(cameraId: string, controller: PtzController, target: PtzPose): Promise<unknown>;
  /** Hands the camera back (the calibration holds it as its administrator while it runs). */
  release(cameraId: string, controller: PtzController): Promise<void>;
  status(cameraId: string): Promise<{ readonly position: { readonly pan: number; readonly tilt: number; readonly zoom: number; readonly moving: boolean } }>;
}

/** After the head stops, pictures still on their way (camera encoder, network, mask pipeline) show the old pose. */
const SETTLE_MS = 1_200;
const MOVE_TIMEOUT_MS = 20_000;

export type CalibrationJob =
  | { readonly state: 'running'; readonly startedAtMs: number; readonly by: string; readonly step: CalibrationStep | null }
  | { readonly state: 'done'; readonly startedAtMs: number; readonly by: string; readonly endedAtMs: number }
  | { readonly state: 'failed'; readonly startedAtMs: number; readonly by: string; readonly endedAtMs: number; readonly error: string; readonly message: string };

export interface CalibratorDeps {
  readonly service: MaskService;
  readonly pictures: StreamSource;
  readonly ptz: CalibrationPtz;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
}

export class Calibrator {
  readonly #deps: CalibratorDeps;
  readonly #jobs = new Map<string, CalibrationJob>();

  constructor(deps: CalibratorDeps) {
    this.#deps = deps;
  }

  job(cameraId: string): CalibrationJob | null {
    return this.#jobs.get(cameraId) ?? null;
  }

  stored(cameraId: string): Promise<StoredCalibration | undefined> {
    return this.#deps.service.calibrationOf(cameraId);
  }

  /** Starts a calibration (the camera must answer as a PTZ camera first); its end is read with job(). */
  async start(cameraId: string, controller: Extract<PtzController, { kind: 'user' }>, zooms?: readonly number[]): Promise<CalibrationJob> {
    if (this.#jobs.get(cameraId)?.state === 'running') throw new VigieError('VIGIE_MASK_CALIBRATION_RUNNING', `a calibration of ${cameraId} is running`, { status: 409 });
    await this.#deps.ptz.status(cameraId);
    const startedAtMs = this.#deps.clock.now();
    const by = controller.username;
    this.#jobs.set(cameraId, { state: 'running', startedAtMs, by, step: null });
    void this.#run(cameraId, controller, startedAtMs, zooms);
    return this.#jobs.get(cameraId) as CalibrationJob;
  }

  async #run(cameraId: string, controller: Extract<PtzController, { kind: 'user' }>, startedAtMs: number, zooms: readonly number[] | undefined): Promise<void> {
    const by = controller.username;
    const { ptz, pictures, clock } = this.#deps;
    try {
      const result = await runCalibration(
        {
          moveTo: async (pose) => {
            await ptz.absoluteMove(cameraId, controller, pose);
            const deadline = Date.now() + MOVE_TIMEOUT_MS;
            for (;;) {
              const { position } = await ptz.status(cameraId);
              const there = Math.abs(position.pan - pose.pan) < 0.01 && Math.abs(position.tilt - pose.tilt) < 0.01 && Math.abs(position.zoom - pose.zoom) < 0.01;
              if (there && !position.moving) return;
              if (Date.now() > deadline) throw new VigieError('VIGIE_MASK_CALIBRATION_DIVERGED', `the head did not reach ${JSON.stringify(pose)} within ${MOVE_TIMEOUT_MS / 1000} s`, { status: 422 });
              await sleep(150);
            }
          },
          picture: async () => lastPictureLuma(await grabPictures(pictures, `${cameraId}/main`, { notBeforeMs: Date.now() + SETTLE_MS }), CALIBRATION_WIDTH, CALIBRATION_HEIGHT),
          onStep: (step) => this.#jobs.set(cameraId, { state: 'running', startedAtMs, by, step }),
        },
        zooms,
      );
      await this.#deps.service.storeCalibration(cameraId, result.samples, by);
      this.#jobs.set(cameraId, { state: 'done', startedAtMs, by, endedAtMs: clock.now() });
      await this.#journal(controller, cameraId, 'allowed', { samples: result.samples, measures: result.measures });
    } catch (error) {
      const vigie = error instanceof VigieError ? error : new VigieError('VIGIE_MASK_CALIBRATION_DIVERGED', String(error), { status: 422 });
      this.#jobs.set(cameraId, { state: 'failed', startedAtMs, by, endedAtMs: clock.now(), error: vigie.code, message: vigie.message });
      this.#deps.logger.warn({ camera: cameraId, err: vigie }, 'PTZ calibration failed');
      await this.#journal(controller, cameraId, 'failed', { error: vigie.code, reason: vigie.message });
    } finally {
      await ptz.release(cameraId, controller).catch(() => undefined);
    }
  }

  async #journal(controller: Extract<PtzController, { kind: 'user' }>, cameraId: string, outcome: 'allowed' | 'failed', details: Record<string, unknown>): Promise<void> {
    try {
      await this.#deps.journal.append({
        actor: { id: controller.id, username: controller.username, role: controller.role },
        action: 'mask.calibration',
        outcome,
        target: { type: 'camera', id: cameraId },
        details,
      });
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'could not journal a PTZ calibration');
    }
  }
}
