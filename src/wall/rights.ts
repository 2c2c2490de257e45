// The access questions the wall asks: may this person watch every camera of what he puts on the wall (the
// push is a way of watching), and does he hold an action (shared layouts and tours need wall.manage).
import type { Access, Action, Actor } from '../access/index.js';
import { VigieError } from '../core/errors.js';

export interface WallRights {
  /**
   * Throws unless every camera exists (404 VIGIE_CAMERA_NOT_FOUND) and `actor` may watch it live (403
   * VIGIE_WALL_CAMERA_FORBIDDEN). A null actor is Vigie itself (an alert): existence only.
   */
  checkCameras(actor: Actor | null, cameraIds: readonly string[]): Promise<void>;
  holds(actor: Actor, action: Action): Promise<boolean>;
}

export function wallRights(access: Pick<Access, 'decide' | 'decideCamera'>, cameraCommune: (cameraId: string) => Promise<string | undefined>): WallRights {
  return {
    async checkCameras(actor, cameraIds) {
      for (const cameraId of cameraIds) {
        if (actor === null) {
          if ((await cameraCommune(cameraId)) === undefined) throw new VigieError('VIGIE_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { status: 404, context: { cameraId } });
          continue;
        }
        const decision = await access.decideCamera(actor, 'video.live', { cameraId });
        if (decision.unknownCamera === true) throw new VigieError('VIGIE_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { status: 404, context: { cameraId } });
        if (!decision.allowed) {
          throw new VigieError('VIGIE_WALL_CAMERA_FORBIDDEN', `camera ${cameraId} may not be shown by ${actor.username}: ${decision.reason}`, { status: 403, context: { cameraId } });
        }
      }
    },
    async holds(actor, action) {
      return (await access.decide(actor, action)).allowed;
    },
  };
}
