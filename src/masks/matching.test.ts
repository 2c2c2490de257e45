// Picture matching of the PTZ calibration on the simulator's scene rendered at known poses: the measured shift and
// magnification against the geometry of sim/ptz/viewport.ts, and no match on a picture without detail.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { loadScene, type Scene } from '../../sim/ptz/scene.js';
import { ViewportRenderer, viewportFor } from '../../sim/ptz/viewport.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { matchInWorker, measureShift } from './matching.js';

const W = 320;
const H = 180;
let scene: Scene;
let renderer: ViewportRenderer;
const luma = (pan: number, tilt: number, zoom: number): Uint8Array => renderer.render(viewportFor(scene, { pan, tilt, zoom })).slice(0, W * H);
/** Picture widths (heights) the scene moves per unit of pan (tilt) at a zoom: (1/f − 1)/2, f the viewport's share. */
const rate = (zoom: number): number => (1 / (0.5 - 0.375 * zoom) - 1) / 2;

before(async () => {
  scene = await loadScene(TEST_CACHE_DIR);
  renderer = new ViewportRenderer(scene, W, H);
});

it('measures the shift of a pan and of a tilt within half a pixel', async () => {
  for (const [zoom, delta] of [
    [0, 0.2],
    [0.5, 0.1],
  ] as const) {
    const pan = await matchInWorker({ kind: 'shift', a: luma(0, 0, zoom), b: luma(delta, 0, zoom), width: W, height: H, reach: 0.35 });
    const tilt = await matchInWorker({ kind: 'shift', a: luma(0, 0, zoom), b: luma(0, delta, zoom), width: W, height: H, reach: 0.35 });
    const p = pan.value as { dx: number; dy: number };
    const t = tilt.value as { dx: number; dy: number };
    assert.ok(Math.abs(p.dx + rate(zoom) * delta * W) < 0.5 && Math.abs(p.dy) < 0.1, `pan at zoom ${zoom}: ${JSON.stringify(p)}`);
    assert.ok(Math.abs(t.dy - rate(zoom) * delta * H) < 0.5 && Math.abs(t.dx) < 0.1, `tilt at zoom ${zoom}: ${JSON.stringify(t)}`);
    assert.ok(pan.contrast < 0.2 && tilt.contrast < 0.2);
  }
});

it('measures the magnification between two zooms within 1 %', async () => {
  const zoom = await matchInWorker({ kind: 'zoom', a: luma(0, 0, 0), b: luma(0, 0, 0.5), width: W, height: H, reach: 8 });
  assert.ok(Math.abs((zoom.value as number) - 1.6) / 1.6 < 0.01, `×${String(zoom.value)}`);
});

it('finds no match on a picture without detail', () => {
  const flat = new Uint8Array(W * H).fill(90);
  assert.ok(!(measureShift(flat, flat, W, H, 0.3).contrast < 0.5));
});
