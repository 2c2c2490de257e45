// The workspace capability assembled: what the console keeps per person (favourite cameras) and what it needs
// to draw the territory (commune outlines within the caller's scope, the map's tile settings).
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/database.js';
import type { CameraScope, Territory } from '../territory/index.js';
import { FavouriteStore } from './favourite-store.js';
import { simplifyGeometry, type Geometry } from './outline-simplify.js';

export interface WorkspaceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly config: Pick<Config, 'console'>;
  readonly territory: Pick<Territory, 'cameras' | 'communes'>;
}

export interface CommuneFeature {
  readonly type: 'Feature';
  readonly id: string;
  readonly properties: { readonly insee: string; readonly name: string; readonly population: number | null; readonly centroid: { readonly lat: number; readonly lon: number } };
  readonly geometry: Geometry | null;
}

export interface MapSettings {
  /** XYZ raster tile URL template ({z}/{x}/{y}), or null: the map draws outlines only. */
  readonly tileUrl: string | null;
  readonly tileAttribution: string | null;
}

export interface Workspace {
  readonly favourites: FavouriteStore;
  /** The favourites of `userId` among the cameras `scope` covers (a camera out of scope now is left out, not deleted). */
  visibleFavourites(userId: string, scope: CameraScope): Promise<string[]>;
  /** The communes `scope` covers, each with its simplified outline (null when the territory has none). */
  communeOutlines(scope: CameraScope): Promise<{ readonly type: 'FeatureCollection'; readonly features: CommuneFeature[] }>;
  readonly mapSettings: MapSettings;
}

export function createWorkspace(deps: WorkspaceDeps): Workspace {
  const favourites = new FavouriteStore(deps.db, deps.clock);
  const { mapTileUrl, mapTileAttribution } = deps.config.console;
  return {
    favourites,
    mapSettings: { tileUrl: mapTileUrl === '' ? null : mapTileUrl, tileAttribution: mapTileAttribution === '' ? null : mapTileAttribution },
    async visibleFavourites(userId, scope) {
      const starred = await favourites.list(userId);
      if (scope.all || starred.length === 0) return starred;
      const visible = new Set((await deps.territory.cameras.list(scope)).map((camera) => camera.id));
      return starred.filter((id) => visible.has(id));
    },
    async communeOutlines(scope) {
      const listed = await deps.territory.communes.list();
      const covered = scope.all ? listed : listed.filter((commune) => scope.communes.includes(commune.insee));
      const features = await Promise.all(
        covered.map(async (commune): Promise<CommuneFeature> => {
          const outline = commune.hasOutline ? (await deps.territory.communes.get(commune.insee)).outline : null;
          return {
            type: 'Feature',
            id: commune.insee,
            properties: { insee: commune.insee, name: commune.name, population: commune.population, centroid: commune.centroid },
            geometry: simplifyGeometry(outline),
          };
        }),
      );
      return { type: 'FeatureCollection', features };
    },
  };
}
