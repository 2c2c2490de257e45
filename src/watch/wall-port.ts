// The wall as watch uses it: the monitors a room lead may choose, and putting a request's cameras on one of them —
// one camera full screen, several as the smallest square grid that holds them (the wall's grids go up to 5×5).
import type { Role } from '../access/index.js';
import type { WallService } from '../wall/index.js';
import type { WatchWall } from './service.js';

const MAX_GRID = 5;

export function watchWall(wall: Pick<WallService, 'assign' | 'monitors'>): WatchWall {
  return {
    async monitors() {
      return (await wall.monitors()).map((monitor) => ({ id: monitor.id, name: monitor.name }));
    },
    async show(monitorId, cameraIds, actor) {
      // The push is made in the name of the room lead who accepted: the wall checks he may watch each camera.
      const onBehalf = actor === null ? null : { kind: 'user' as const, id: actor.id, username: actor.username, role: actor.role as Role, communes: [] };
      const [first] = cameraIds;
      if (cameraIds.length === 1 && first !== undefined) {
        await wall.assign(monitorId, { kind: 'camera', cameraId: first }, onBehalf);
        return;
      }
      const side = Math.min(MAX_GRID, Math.max(1, Math.ceil(Math.sqrt(cameraIds.length))));
      const rows = Math.ceil(Math.min(cameraIds.length, side * side) / side);
      const tiles = cameraIds.slice(0, side * side).map((cameraId, i) => ({ col: i % side, row: Math.floor(i / side), colSpan: 1, rowSpan: 1, cameraId }));
      await wall.assign(monitorId, { kind: 'layout', layout: { cols: side, rows, tiles, name: 'Demande de visionnage' } }, onBehalf);
    },
  };
}
