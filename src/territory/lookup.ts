// The territory's answers to other capabilities' questions about cameras and communes, without the rest of the
// capability (no credentials key, no change events): what access needs, also from the command line.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { selectCameraCommune } from './camera-store.js';
import { selectCommuneCodes } from './commune-store.js';

export interface TerritoryLookup {
  /** The commune of a camera; undefined when the camera does not exist. */
  cameraCommune(cameraId: string): Promise<string | undefined>;
  /** The codes that are not communes of the territory (none while it has no communes yet). */
  unknownCommunes(codes: readonly string[]): Promise<string[]>;
}

export function territoryLookup(db: Kysely<Database>): TerritoryLookup {
  return {
    cameraCommune: (cameraId) => selectCameraCommune(db, cameraId),
    async unknownCommunes(codes) {
      const known = await selectCommuneCodes(db);
      return known.size === 0 ? [] : codes.filter((code) => !known.has(code));
    },
  };
}
