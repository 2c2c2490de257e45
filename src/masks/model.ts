// The masks of one camera: polygons in picture fractions (fixed cameras) or in the head's angular coordinates
// (PTZ cameras, with the calibration that projects them into the current picture).
import { VigieError } from '../core/errors.js';
import { angularReach, type CalibrationSample, type Point, type PtzPose, pictureToAngular, validatePolygon } from './geometry.js';

export type MaskSpace = 'picture' | 'angular';

export interface CameraMasks {
  readonly cameraId: string;
  readonly space: MaskSpace;
  readonly polygons: ReadonlyArray<readonly Point[]>;
  /** Angular masks only, sorted by zoom. */
  readonly calibration: readonly CalibrationSample[] | null;
  readonly updatedAtMs: number;
  readonly updatedBy: string;
}

/** Where the same landmark appeared in the picture (fractions) with the head at a pose: a calibration step. */
export interface LandmarkObservation {
  readonly landmark: string;
  readonly pan: number;
  readonly tilt: number;
  readonly zoom: number;
  readonly x: number;
  readonly y: number;
}

/** What an administrator saves: picture polygons, and for a PTZ camera the pose they were drawn at and a calibration. */
export interface MaskInput {
  readonly polygons: ReadonlyArray<readonly Point[]>;
  readonly ptz?: {
    readonly drawnAt: PtzPose;
    readonly calibration?: readonly CalibrationSample[];
    readonly observations?: readonly LandmarkObservation[];
    /** Masks already stored (angular) kept as they are: those the editor did not show whole in this picture. */
    readonly keep?: ReadonlyArray<readonly Point[]>;
  };
}

const PICTURE = { minX: 0, maxX: 1, minY: 0, maxY: 1 };

const diverged = (message: string): VigieError => new VigieError('VIGIE_MASK_CALIBRATION_DIVERGED', message, { status: 400 });

/** Checks and normalises an input into what is stored (angular polygons for a PTZ camera). */
export function resolveMasks(input: MaskInput): Pick<CameraMasks, 'space' | 'polygons' | 'calibration'> {
  input.polygons.forEach((polygon, index) => validatePolygon(polygon, index, PICTURE));
  if (input.ptz === undefined) return { space: 'picture', polygons: input.polygons, calibration: null };
  const calibration = input.ptz.calibration !== undefined ? checkCalibration(input.ptz.calibration) : input.ptz.observations !== undefined ? solveCalibration(input.ptz.observations) : undefined;
  if (calibration === undefined) throw new VigieError('VIGIE_MASK_CALIBRATION_MISSING', 'a PTZ mask needs a calibration', { status: 400 });
  const pose = input.ptz.drawnAt;
  const polygons = [...(input.ptz.keep ?? []), ...input.polygons.map((polygon) => polygon.map((point) => pictureToAngular(calibration, pose, point)))];
  const reach = angularReach(calibration);
  polygons.forEach((polygon, index) => validatePolygon(polygon, index, reach));
  return { space: 'angular', polygons, calibration };
}

export function checkCalibration(samples: readonly CalibrationSample[]): CalibrationSample[] {
  const sorted = [...samples].sort((a, b) => a.zoom - b.zoom);
  if (sorted.length === 0) throw diverged('no calibration sample');
  let previous: CalibrationSample | undefined;
  for (const s of sorted) {
    const values = [s.zoom, s.fovPan, s.fovTilt, s.panScale, s.tiltScale];
    if (!values.every(Number.isFinite) || s.fovPan <= 0 || s.fovTilt <= 0 || s.panScale < 0 || s.tiltScale < 0)
      throw diverged(`calibration at zoom ${s.zoom} has a field of view or scale that is not positive`);
    if (previous !== undefined && (s.zoom === previous.zoom || s.fovPan > previous.fovPan * 1.001)) throw diverged('the field of view does not narrow as the zoom grows');
    previous = s;
  }
  return sorted;
}

/** Relative spread above which estimates of one quantity disagree: the clicks or the head are not consistent. */
const MAX_SPREAD = 0.1;

function agreed(values: readonly number[], what: string): number {
  if (values.length === 0) throw diverged(`no observation measures ${what}`);
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  if (!Number.isFinite(median) || median <= 0) throw diverged(`${what} is not positive`);
  if (sorted.some((v) => Math.abs(v - median) > MAX_SPREAD * median)) throw diverged(`the observations of ${what} disagree`);
  return median;
}

/**
 * The guided calibration: at each zoom the console asks for a landmark clicked at two pans and two tilts (how far
 * the picture moves per unit of pan/tilt), and two landmarks clicked at every zoom (how the field narrows). Units
 * are the picture's width and height at the widest zoom.
 */
export function solveCalibration(observations: readonly LandmarkObservation[]): CalibrationSample[] {
  const zooms = [...new Set(observations.map((o) => Math.round(o.zoom * 1000) / 1000))].sort((a, b) => a - b);
  if (zooms.length < 2) throw diverged('observations at two zoom levels at least are needed');
  const at = (zoom: number): LandmarkObservation[] => observations.filter((o) => Math.round(o.zoom * 1000) / 1000 === zoom);
  // Picture widths per unit of pan (and heights per unit of tilt) at each zoom, from one landmark seen at two poses.
  const rates = zooms.map((zoom) => {
    const pan: number[] = [];
    const tilt: number[] = [];
    const seen = at(zoom);
    for (const [i, a] of seen.entries()) {
      for (const b of seen.slice(i + 1)) {
        if (a.landmark !== b.landmark) continue;
        if (Math.abs(a.pan - b.pan) > 0.01 && Math.abs(a.tilt - b.tilt) < 1e-3) pan.push(-(b.x - a.x) / (b.pan - a.pan));
        if (Math.abs(a.tilt - b.tilt) > 0.01 && Math.abs(a.pan - b.pan) < 1e-3) tilt.push((b.y - a.y) / (b.tilt - a.tilt));
      }
    }
    return { pan: agreed(pan, `the pan at zoom ${zoom}`), tilt: agreed(tilt, `the tilt at zoom ${zoom}`) };
  });
  // Field of view relative to the widest zoom, from two landmarks seen at the same pose at each zoom.
  const spans = (zoom: number, axis: 'x' | 'y'): Map<string, number> => {
    const result = new Map<string, number>();
    const seen = at(zoom);
    for (const [i, a] of seen.entries()) {
      for (const b of seen.slice(i + 1)) {
        if (a.landmark === b.landmark || a.pan !== b.pan || a.tilt !== b.tilt) continue;
        const span = Math.abs(b[axis] - a[axis]);
        if (span > 0.05) result.set([a.landmark, b.landmark].sort().join('|'), span);
      }
    }
    return result;
  };
  const fov = (axis: 'x' | 'y'): number[] => {
    const widest = spans(zooms[0] as number, axis);
    return zooms.map((zoom, index) => {
      if (index === 0) return 1;
      const here = spans(zoom, axis);
      const ratios = [...here].flatMap(([pair, span]) => (widest.has(pair) ? [(widest.get(pair) as number) / span] : []));
      return agreed(ratios, `the field of view at zoom ${zoom}`);
    });
  };
  const fovPan = fov('x');
  const fovTilt = fov('y');
  return checkCalibration(
    zooms.map((zoom, index) => {
      const rate = rates[index] as { pan: number; tilt: number };
      return { zoom, fovPan: fovPan[index] as number, fovTilt: fovTilt[index] as number, panScale: rate.pan * (fovPan[index] as number), tiltScale: rate.tilt * (fovTilt[index] as number) };
    }),
  );
}
