// Demo mode: three presets of the kind a room switches between during the day, over the demo cameras.
import { uniformGrid, type AssignmentInput, type LayoutGrid } from './model.js';

/** Preset name → monitor id → assignment, for `monitorIds` (the wall) and `cameraIds` (the demo cameras, in order). */
export function demoPresets(monitorIds: readonly string[], cameraIds: readonly string[]): Record<string, Record<string, AssignmentInput>> {
  const camera = (i: number): string | null => (cameraIds.length === 0 ? null : (cameraIds[i % cameraIds.length] as string));
  const single = (i: number): AssignmentInput => {
    const id = camera(i);
    return id === null ? { kind: 'empty' } : { kind: 'camera', cameraId: id };
  };
  const grid = (name: string, g: LayoutGrid): AssignmentInput => ({ kind: 'layout', layout: { name, ...g } });
  const cameras = (from: number, count: number) => Array.from({ length: count }, (_, i) => camera(from + i));
  // One large tile (2×2) and five small ones around it, in a 3×3 grid.
  const focus = (first: number): LayoutGrid => ({
    cols: 3,
    rows: 3,
    tiles: [
      { col: 0, row: 0, colSpan: 2, rowSpan: 2, cameraId: camera(first) },
      { col: 2, row: 0, colSpan: 1, rowSpan: 1, cameraId: camera(first + 1) },
      { col: 2, row: 1, colSpan: 1, rowSpan: 1, cameraId: camera(first + 2) },
      { col: 0, row: 2, colSpan: 1, rowSpan: 1, cameraId: camera(first + 3) },
      { col: 1, row: 2, colSpan: 1, rowSpan: 1, cameraId: camera(first + 4) },
      { col: 2, row: 2, colSpan: 1, rowSpan: 1, cameraId: camera(first + 5) },
    ],
  });
  const jour: Record<string, AssignmentInput> = {};
  const nuit: Record<string, AssignmentInput> = {};
  const marche: Record<string, AssignmentInput> = {};
  monitorIds.forEach((id, i) => {
    jour[id] = i === 0 ? { kind: 'alarm' } : single(i - 1);
    nuit[id] = i === 0 ? { kind: 'alarm' } : i < 5 ? grid('3×3', uniformGrid(3, 3, cameras((i - 1) * 9, 9))) : { kind: 'empty' };
    marche[id] = i === 0 ? { kind: 'alarm' } : i < 3 ? grid('Marché', focus(i * 6)) : grid('2×2', uniformGrid(2, 2, cameras(i * 4, 4)));
  });
  return { Jour: jour, Nuit: nuit, 'Jour de marché': marche };
}
