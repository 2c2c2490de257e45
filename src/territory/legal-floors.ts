// The picture-quality floors of the arrêté of 3 August 2007 (NOR IOCD0762353A, technical annex), as quoted in
// legal-fr.md §2: stored streams of cameras working mainly in narrow field, other than traffic-regulation
// cameras, need at least 704×576 pixels and 12 images/s (the 12 images/s for those filming people moving
// quickly, which Vigie assumes of every narrow-field camera); every other stored stream at least 352×288 and
// 6 images/s. The annex's alternative for narrow field (face thumbnails of 90×60 px) is not measurable from a
// stream, so the 704×576 floor is the one checked.
import type { Purpose } from './model.js';

export interface QualityFloor {
  /** narrow: the stricter floor (narrow field, not only traffic regulation); wide: every other camera. */
  readonly class: 'narrow' | 'wide';
  readonly width: number;
  readonly height: number;
  readonly fps: number;
}

export const NARROW_FIELD_FLOOR: QualityFloor = { class: 'narrow', width: 704, height: 576, fps: 12 };
export const WIDE_FIELD_FLOOR: QualityFloor = { class: 'wide', width: 352, height: 288, fps: 6 };

export function floorFor(camera: { readonly narrowField: boolean; readonly purposes: readonly Purpose[] }): QualityFloor {
  const trafficOnly = camera.purposes.length > 0 && camera.purposes.every((p) => p === 'traffic-regulation' || p === 'traffic-offences');
  return camera.narrowField && !trafficOnly ? NARROW_FIELD_FLOOR : WIDE_FIELD_FLOOR;
}

export type FloorProblem = 'resolution' | 'frame-rate';

/** The floors a measured stream misses; an unknown measure is not counted as missed. */
export function floorProblems(floor: QualityFloor, measured: { readonly width: number | null; readonly height: number | null; readonly frameRate: number | null }): FloorProblem[] {
  const problems: FloorProblem[] = [];
  if (measured.width !== null && measured.height !== null && (measured.width < floor.width || measured.height < floor.height)) problems.push('resolution');
  if (measured.frameRate !== null && measured.frameRate < floor.fps) problems.push('frame-rate');
  return problems;
}
