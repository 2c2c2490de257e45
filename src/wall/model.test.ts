// The wall's pure rules: which grids a wall page can draw, which cameras an assignment shows, and hiding those
// a reader may not see.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VigieError } from '../core/errors.js';
import { camerasOf, hideCameras, uniformGrid, validateGrid, validateTourSteps, type Assignment, type LayoutGrid } from './model.js';

const tile = (col: number, row: number, colSpan = 1, rowSpan = 1, cameraId: string | null = null) => ({ col, row, colSpan, rowSpan, cameraId });
const refused = (grid: LayoutGrid, problem: string) =>
  assert.throws(
    () => validateGrid(grid),
    (error: unknown) => error instanceof VigieError && error.code === 'VIGIE_LAYOUT_INVALID' && error.context?.['problem'] === problem,
  );

describe('wall model', () => {
  it('accepts grids up to 5×5, one large tile with small ones, and holes', () => {
    validateGrid(uniformGrid(5, 5));
    validateGrid({ cols: 3, rows: 3, tiles: [tile(0, 0, 2, 2), tile(2, 0), tile(2, 1), tile(0, 2), tile(1, 2), tile(2, 2)] });
    validateGrid({ cols: 2, rows: 2, tiles: [tile(1, 1)] });
  });

  it('refuses grids larger than 5×5, without tiles, with tiles outside or overlapping', () => {
    refused(uniformGrid(6, 1), 'size');
    refused({ cols: 0, rows: 2, tiles: [tile(0, 0)] }, 'size');
    refused({ cols: 2, rows: 2, tiles: [] }, 'empty');
    refused({ cols: 2, rows: 2, tiles: [tile(1, 0, 2, 1)] }, 'outside');
    refused({ cols: 2, rows: 2, tiles: [tile(-1, 0)] }, 'outside');
    refused({ cols: 3, rows: 3, tiles: [tile(0, 0, 2, 2), tile(1, 1)] }, 'overlap');
  });

  it('refuses tours without steps or with dwell times out of 3 s to 1 h', () => {
    assert.throws(() => validateTourSteps([]), /1 to 100 steps/);
    assert.throws(() => validateTourSteps([{ cameraId: 'a', dwellSeconds: 2 }]), /3 to 3600 seconds/);
    validateTourSteps([
      { cameraId: 'a', dwellSeconds: 3 },
      { layoutId: 'l', dwellSeconds: 3600 },
    ]);
  });

  it('lists every camera an assignment shows once, and hides the ones a reader may not see', () => {
    const tour: Assignment = {
      kind: 'tour',
      tourId: 't',
      name: 'Ronde',
      startedAt: 0,
      steps: [
        { cameraId: 'a', dwellSeconds: 5 },
        { dwellSeconds: 5, layout: { name: 'g', ...uniformGrid(2, 1, ['b', 'a']) } },
      ],
    };
    assert.deepEqual(camerasOf(tour), ['a', 'b']);
    const hidden = hideCameras(tour, (id) => id === 'b');
    assert.deepEqual(camerasOf(hidden), ['b']);
    assert.deepEqual(camerasOf(hideCameras({ kind: 'alarm', cameraIds: ['a', 'b'], reason: null, since: null }, () => false)), []);
  });
});
