// The simulator's PTZ geometry for mask tests and the benchmark: its exact calibration, the window as an angular
// polygon, a position feed read from its head, a scripted series of moves, and the per-picture pixel report.
import { setTimeout as sleep } from 'node:timers/promises';
import { PTZ_HEIGHT, PTZ_WIDTH, PTZ_WINDOW, SCENE_HEIGHT, SCENE_WIDTH, type Viewport } from '../../../sim/index.js';
import type { PtzState } from '../../../sim/ptz/ptz-state.js';
import type { ViewportRenderer } from '../../../sim/ptz/viewport.js';
import type { CalibrationSample, Point, PtzPosition, PtzPositionFeed } from '../../../src/masks/index.js';

/** sim/ptz/viewport.ts: the viewport is f = 1/2 − 3/8·zoom of the scene, its centre 1/2 + pan·(1 − f)/2. */
export function simulatorCalibration(): CalibrationSample[] {
  const at = (zoom: number): CalibrationSample => {
    const f = 0.5 - 0.375 * zoom;
    return { zoom, fovPan: f, fovTilt: f, panScale: (1 - f) / 2, tiltScale: (1 - f) / 2 };
  };
  return [at(0), at(1)];
}

/** The window in angular units (scene fractions from the scene's centre). */
export function windowPolygon(): Point[] {
  const u0 = PTZ_WINDOW.x / SCENE_WIDTH - 0.5;
  const u1 = (PTZ_WINDOW.x + PTZ_WINDOW.width) / SCENE_WIDTH - 0.5;
  const v0 = PTZ_WINDOW.y / SCENE_HEIGHT - 0.5;
  const v1 = (PTZ_WINDOW.y + PTZ_WINDOW.height) / SCENE_HEIGHT - 0.5;
  return [
    { x: u0, y: v0 },
    { x: u1, y: v0 },
    { x: u1, y: v1 },
    { x: u0, y: v1 },
  ];
}

/** A PtzPositionFeed over the simulator's head (what the ptz capability's feed gives over ONVIF), polled every 20 ms. */
export function simulatorFeed(cameraId: string, state: PtzState): PtzPositionFeed {
  const read = (): PtzPosition => ({ ...state.position(), moving: state.isMoving(), atMs: Date.now() });
  return {
    position: (id) => (id === cameraId ? read() : undefined),
    subscribe: (id, listener) => {
      if (id !== cameraId) return () => undefined;
      const timer = setInterval(() => listener(read()), 20);
      return () => clearInterval(timer);
    },
  };
}

export type PtzScript = ReadonlyArray<{ readonly absolute?: { pan: number; tilt: number; zoom: number }; readonly continuous?: { pan: number; tilt: number; zoom: number }; readonly waitMs: number }>;

export async function runPtzScript(state: PtzState, script: PtzScript): Promise<void> {
  for (const step of script) {
    if (step.absolute !== undefined) state.absoluteMove(step.absolute);
    if (step.continuous !== undefined) state.continuousMove(step.continuous);
    await sleep(step.waitMs);
    if (step.continuous !== undefined) state.stop();
  }
}

export interface PictureReport {
  identified: number;
  windowInSight: number;
  leaked: number;
  worstLeak: number;
  leakDetails: string[];
  wronglyCovered: number;
  wronglyCoveredShare: number;
}

/** Luma above this inside the window is a leak (the mask is black, 16; the window pale yellow, ~220). */
const LEAK_LUMA = 60;
/** Codec blur at the window's edge: pixels this close to it are neither leaks nor wrongly covered. */
const EDGE_PX = 3;
/** The picture's own overlays: the simulator's clock label (top left) and the pose barcode (bottom left). */
const OVERLAYS = [
  { x0: 0, y0: 0, x1: 340, y1: 50 },
  { x0: 0, y0: 330, x1: 260, y1: PTZ_HEIGHT },
];

export function pictureReport(
  frames: readonly Uint8Array[],
  viewportOf: (frame: number) => Viewport | undefined,
  renderer: ViewportRenderer,
  readBarcode: (gray: Uint8Array, width: number) => number | undefined,
): PictureReport {
  const report: PictureReport = { identified: 0, windowInSight: 0, leaked: 0, worstLeak: 0, leakDetails: [], wronglyCovered: 0, wronglyCoveredShare: 0 };
  let outsideArea = 0;
  frames.forEach((luma, index) => {
    const number = readBarcode(luma, PTZ_WIDTH);
    const viewport = number === undefined ? undefined : viewportOf(number);
    if (viewport === undefined) return;
    report.identified += 1;
    const sx = PTZ_WIDTH / viewport.width;
    const sy = PTZ_HEIGHT / viewport.height;
    const wx0 = (PTZ_WINDOW.x - viewport.x) * sx;
    const wx1 = (PTZ_WINDOW.x + PTZ_WINDOW.width - viewport.x) * sx;
    const wy0 = (PTZ_WINDOW.y - viewport.y) * sy;
    const wy1 = (PTZ_WINDOW.y + PTZ_WINDOW.height - viewport.y) * sy;
    const expected = renderer.render(viewport);
    let leaked = 0;
    let inSight = false;
    for (let y = 0; y < PTZ_HEIGHT; y += 1) {
      for (let x = 0; x < PTZ_WIDTH; x += 1) {
        if (OVERLAYS.some((o) => x >= o.x0 && x < o.x1 && y >= o.y0 && y < o.y1)) continue;
        const value = luma[y * PTZ_WIDTH + x] as number;
        const inside = x >= wx0 + EDGE_PX && x < wx1 - EDGE_PX && y >= wy0 + EDGE_PX && y < wy1 - EDGE_PX;
        const near = x >= wx0 - EDGE_PX && x < wx1 + EDGE_PX && y >= wy0 - EDGE_PX && y < wy1 + EDGE_PX;
        if (inside) {
          inSight = true;
          if (value > LEAK_LUMA) leaked += 1;
        } else if (!near) {
          outsideArea += 1;
          // Was visibly lit in the scene, is black now: covered by the mask though not in the window.
          if (value <= 30 && (expected[y * PTZ_WIDTH + x] as number) >= 90) report.wronglyCovered += 1;
        }
      }
    }
    if (inSight) report.windowInSight += 1;
    report.leaked += leaked;
    report.worstLeak = Math.max(report.worstLeak, leaked);
    if (leaked > 0 && report.leakDetails.length < 10) report.leakDetails.push(`picture ${index} (#${number}) ${leaked} px, viewport ${JSON.stringify(viewport)}`);
  });
  report.wronglyCoveredShare = outsideArea === 0 ? 0 : report.wronglyCovered / outsideArea;
  return report;
}
