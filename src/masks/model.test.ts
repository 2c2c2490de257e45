// Mask model: polygon validation, the guided calibration solved from landmark clicks (the simulator's exact
// geometry), and the projection round trip between picture and angular coordinates.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { VigieError } from '../core/errors.js';
import { angularToPicture, pictureToAngular, validatePolygon } from './geometry.js';
import { solveCalibration, type LandmarkObservation } from './model.js';

const PICTURE = { minX: 0, maxX: 1, minY: 0, maxY: 1 };
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof VigieError ? error.code : 'other';
  }
  return undefined;
};

it('names each bad polygon', () => {
  assert.equal(
    code(() =>
      validatePolygon(
        [
          { x: 0.1, y: 0.1 },
          { x: 0.2, y: 0.2 },
        ],
        0,
        PICTURE,
      ),
    ),
    'VIGIE_MASK_POLYGON_EMPTY',
  );
  assert.equal(
    code(() =>
      validatePolygon(
        [
          { x: 0.1, y: 0.1 },
          { x: 0.2, y: 0.2 },
          { x: 0.3, y: 0.3 },
        ],
        0,
        PICTURE,
      ),
    ),
    'VIGIE_MASK_POLYGON_EMPTY',
  );
  assert.equal(
    code(() =>
      validatePolygon(
        [
          { x: 0.1, y: 0.1 },
          { x: 0.3, y: 0.3 },
          { x: 0.3, y: 0.1 },
          { x: 0.1, y: 0.3 },
        ],
        0,
        PICTURE,
      ),
    ),
    'VIGIE_MASK_POLYGON_SELF_INTERSECTING',
  );
  assert.equal(
    code(() =>
      validatePolygon(
        [
          { x: 0.1, y: 0.1 },
          { x: 1.2, y: 0.1 },
          { x: 0.3, y: 0.3 },
        ],
        0,
        PICTURE,
      ),
    ),
    'VIGIE_MASK_POLYGON_OUTSIDE',
  );
  assert.equal(
    code(() =>
      validatePolygon(
        [
          { x: 0.1, y: 0.1 },
          { x: 0.4, y: 0.1 },
          { x: 0.3, y: 0.3 },
        ],
        0,
        PICTURE,
      ),
    ),
    undefined,
  );
});

/** Where a scene point (fractions) appears with the simulator's head at a pose (sim/ptz/viewport.ts). */
function seen(landmark: string, sx: number, sy: number, pan: number, tilt: number, zoom: number): LandmarkObservation {
  const f = 0.5 - 0.375 * zoom;
  return { landmark, pan, tilt, zoom, x: (sx - ((pan + 1) / 2) * (1 - f)) / f, y: (sy - ((1 - tilt) / 2) * (1 - f)) / f };
}

it('solves the calibration from landmark clicks, and refuses clicks that disagree', () => {
  const observations = [0, 1].flatMap((zoom) => [seen('A', 0.5, 0.5, 0, 0, zoom), seen('A', 0.5, 0.5, 0.05, 0, zoom), seen('A', 0.5, 0.5, 0, 0.05, zoom), seen('B', 0.555, 0.555, 0, 0, zoom)]);
  const calibration = solveCalibration(observations);
  const pose = { pan: 0.3, tilt: -0.2, zoom: 0.5 };
  const point = seen('C', 0.6, 0.4, pose.pan, pose.tilt, pose.zoom);
  const back = angularToPicture(calibration, pose, pictureToAngular(calibration, pose, point));
  assert.ok(Math.abs(back.x - point.x) < 1e-9 && Math.abs(back.y - point.y) < 1e-9);
  // The same scene point seen at another pose lands where the simulator shows it.
  const angular = pictureToAngular(calibration, pose, point);
  const other = { pan: -0.2, tilt: 0.1, zoom: 0.2 };
  const expected = seen('C', 0.6, 0.4, other.pan, other.tilt, other.zoom);
  const projected = angularToPicture(calibration, other, angular);
  assert.ok(Math.abs(projected.x - expected.x) < 1e-6 && Math.abs(projected.y - expected.y) < 1e-6, JSON.stringify({ projected, expected }));
  const wrong = [...observations, { ...seen('A', 0.5, 0.5, 0.1, 0, 0), x: 0.1 }];
  assert.equal(
    code(() => solveCalibration(wrong)),
    'VIGIE_MASK_CALIBRATION_DIVERGED',
  );
  assert.equal(
    code(() => solveCalibration(observations.filter((o) => o.zoom === 0))),
    'VIGIE_MASK_CALIBRATION_DIVERGED',
  );
});
