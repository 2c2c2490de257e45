// The guided PTZ calibration: Vigie moves the head by known amounts and measures how far the picture moved
// (block matching on two decoded frames) and how much it was magnified between zoom levels, at a few zooms. It
// gives the samples masks are projected with (geometry.ts: field of view and pan/tilt scale per zoom, in units of
// the picture's width and height at the widest zoom). Each rate is measured twice (turning one way and the other)
// and must agree within 10 %; a picture that does not follow the head, has no detail or matches nowhere is a
// calibration that does not converge (VIGIE_MASK_CALIBRATION_DIVERGED), and nothing is stored.
import { VigieError } from '../core/errors.js';
import type { CalibrationSample, PtzPose } from './geometry.js';
import { matchInWorker, type Match } from './matching.js';
import { checkCalibration } from './model.js';

/** The analysis size of the frames compared. */
export const CALIBRATION_WIDTH = 320;
export const CALIBRATION_HEIGHT = 180;
/** Zoom levels measured when none are given: the widest, the middle and the narrowest. */
export const DEFAULT_ZOOMS: readonly number[] = [0, 0.5, 1];
/** How far the picture should move for a rate to be measured well (fraction of the picture). */
const TARGET_SHIFT = 0.12;
/** Below this the picture did not move enough to measure; above MAX_SHIFT it is out of the matcher's reach. */
const MIN_SHIFT = 0.04;
const MAX_SHIFT = 0.3;
/** A match whose best cost is not well below the usual cost found nothing (no detail, or a different scene). */
const MAX_CONTRAST = 0.5;
const MAX_COST = 24;
const MAX_SPREAD = 0.1;

export interface CalibrationStep {
  readonly index: number;
  readonly count: number;
  /** French, for the console: what the head does now. */
  readonly label: string;
}

/** What the calibration needs: moving the head (and waiting until it is still) and a picture taken after that. */
export interface CalibrationRig {
  moveTo(pose: PtzPose): Promise<void>;
  /** The camera's luma at CALIBRATION_WIDTH × CALIBRATION_HEIGHT, taken after the head stopped. */
  picture(): Promise<Uint8Array>;
  onStep?(step: CalibrationStep): void;
}

export interface CalibrationMeasure {
  readonly zoom: number;
  /** Picture widths (heights) the scene moves per unit of ONVIF pan (tilt), each measured twice. */
  readonly panRates: readonly number[];
  readonly tiltRates: readonly number[];
  /** Magnification from the widest zoom. */
  readonly magnification: number;
}

export interface CalibrationResult {
  readonly samples: CalibrationSample[];
  readonly measures: readonly CalibrationMeasure[];
}

const diverged = (message: string): VigieError => new VigieError('VIGIE_MASK_CALIBRATION_DIVERGED', message, { status: 422 });
const percent = (zoom: number): string => `${Math.round(zoom * 100)} %`;

function accept(match: Match, what: string): Match {
  if (!Number.isFinite(match.contrast) || match.contrast > MAX_CONTRAST || match.cost > MAX_COST)
    throw diverged(`${what}: the pictures do not match (contrast ${match.contrast.toFixed(2)}, cost ${match.cost.toFixed(1)}): no detail in the picture, or it does not follow the head`);
  return match;
}

function agree(values: readonly number[], what: string): number {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  if (!(mean > 0) || values.some((v) => Math.abs(v - mean) > MAX_SPREAD * mean)) throw diverged(`${what}: the measures disagree (${values.map((v) => v.toFixed(3)).join(', ')})`);
  return mean;
}

export async function runCalibration(rig: CalibrationRig, zooms: readonly number[] = DEFAULT_ZOOMS): Promise<CalibrationResult> {
  const levels = [...new Set(zooms.map((z) => Math.round(z * 1000) / 1000))].sort((a, b) => a - b);
  if (levels.length < 2 || levels.some((z) => !(z >= 0 && z <= 1))) throw diverged('two zoom levels at least, between 0 and 1, are needed');
  const count = levels.length * 5;
  let index = 0;
  const step = (label: string): void => {
    index += 1;
    rig.onStep?.({ index, count, label });
  };
  const W = CALIBRATION_WIDTH;
  const H = CALIBRATION_HEIGHT;
  const measures: CalibrationMeasure[] = [];
  let previous: Uint8Array | undefined;
  let magnification = 1;
  let firstPanRate: number | undefined;
  let firstTiltRate: number | undefined;
  for (const zoom of levels) {
    step(`Zoom ${percent(zoom)} : position de référence`);
    await rig.moveTo({ pan: 0, tilt: 0, zoom });
    const centre = await rig.picture();
    if (previous !== undefined) {
      const factor = accept(await matchInWorker({ kind: 'zoom', a: previous, b: centre, width: W, height: H, reach: 8 }), `zoom ${zoom}`).value as number;
      if (!(factor > 1.02)) throw diverged(`the picture is not magnified from one zoom level to the next (×${factor.toFixed(3)} at zoom ${zoom})`);
      magnification *= factor;
    }
    previous = centre;
    // One axis: turn both ways by an amount that should move the picture by about TARGET_SHIFT.
    const rates = async (axis: 'pan' | 'tilt', expected: number | undefined): Promise<number[]> => {
      let delta = expected === undefined ? 0.1 : Math.min(0.5, TARGET_SHIFT / expected);
      const found: number[] = [];
      for (const sign of [1, -1]) {
        step(`Zoom ${percent(zoom)} : ${axis === 'pan' ? 'panoramique' : 'inclinaison'} ${sign > 0 ? 'dans un sens' : 'dans l’autre'}`);
        for (let attempt = 0; ; attempt += 1) {
          await rig.moveTo({ pan: axis === 'pan' ? sign * delta : 0, tilt: axis === 'tilt' ? sign * delta : 0, zoom });
          const moved = await rig.picture();
          const match = accept(await matchInWorker({ kind: 'shift', a: centre, b: moved, width: W, height: H, reach: MAX_SHIFT + 0.05 }), `${axis} at zoom ${zoom}`);
          const shift = match.value as { dx: number; dy: number };
          const fraction = axis === 'pan' ? -shift.dx / W : shift.dy / H;
          const magnitude = Math.abs(fraction);
          // Too little movement: turn further (a first measure at the widest zoom starts small); too much: less.
          if (magnitude < MIN_SHIFT && delta < 0.5 && attempt < 3) {
            delta = Math.min(0.5, delta * 2.5);
            continue;
          }
          if (magnitude > MAX_SHIFT && attempt < 3) {
            delta /= 2;
            continue;
          }
          if (magnitude < MIN_SHIFT) throw diverged(`the picture does not move when the head turns (${axis} ${(sign * delta).toFixed(2)} at zoom ${zoom}: ${(magnitude * 100).toFixed(1)} %)`);
          found.push(fraction / (sign * delta));
          break;
        }
      }
      return found;
    };
    const panRates = await rates('pan', firstPanRate === undefined ? undefined : firstPanRate * magnification);
    const tiltRates = await rates('tilt', firstTiltRate === undefined ? undefined : firstTiltRate * magnification);
    const pan = agree(panRates, `the pan at zoom ${zoom}`);
    const tilt = agree(tiltRates, `the tilt at zoom ${zoom}`);
    firstPanRate ??= pan;
    firstTiltRate ??= tilt;
    measures.push({ zoom, panRates, tiltRates, magnification });
  }
  step('Retour à la position de référence');
  await rig.moveTo({ pan: 0, tilt: 0, zoom: levels[0] as number });
  const samples = measures.map((m) => {
    const fov = 1 / m.magnification;
    const pan = agree(m.panRates, `the pan at zoom ${m.zoom}`);
    const tilt = agree(m.tiltRates, `the tilt at zoom ${m.zoom}`);
    return { zoom: m.zoom, fovPan: fov, fovTilt: fov, panScale: pan * fov, tiltScale: tilt * fov };
  });
  try {
    return { samples: checkCalibration(samples), measures };
  } catch (error) {
    throw error instanceof VigieError ? diverged(error.message) : error;
  }
}
