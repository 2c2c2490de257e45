// Demo content: Chartres métropole's 66 communes (outlines added from ../shared/data/geo when present), N
// cameras served by the built-in simulator at rtsp://127.0.0.1:<port>/cam<N>/{main,sub}, and a sensitive
// "Centre-ville" sector. Each camera looks along a street from its spot (field of view for the map).
// Idempotent: a restart on the same data keeps what exists, updates stream ports and fills missing fields of view.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import type { Journal } from '../../journal/index.js';
import type { CameraInventory } from '../camera-inventory.js';
import { parseCommunes } from '../commune-import.js';
import { updateOutlines, upsertCommunes } from '../commune-store.js';
import type { CameraType, FieldOfView, Purpose } from '../model.js';
import type { SectorRegistry } from '../sector-registry.js';
import { journalChange } from '../territory-journal.js';
import { CHARTRES_METROPOLE_COMMUNES } from './chartres-metropole.js';

/** Relative to the process's working directory (the project root when started from it). */
export const SHARED_OUTLINES_PATH = '../shared/data/geo/chartres-metropole-communes.geojson';

const CENTRE_VILLE = 'Centre-ville';

/** Camera N goes to PLACES[(N - 1) % PLACES.length]: Chartres gets five in eight. */
const PLACES: ReadonlyArray<{ readonly insee: string; readonly place: string; readonly centreVille?: true }> = [
  { insee: '28085', place: 'Place des Épars', centreVille: true },
  { insee: '28085', place: 'Parvis de la cathédrale', centreVille: true },
  { insee: '28218', place: 'Place du Marché' },
  { insee: '28085', place: 'Gare', centreVille: true },
  { insee: '28229', place: 'Place de la Mairie' },
  { insee: '28085', place: 'Place Billard', centreVille: true },
  { insee: '28209', place: 'Rue de la République' },
  { insee: '28085', place: 'Pont de la Courtille' },
];

export interface DemoSeedDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly journal: Pick<Journal, 'append'>;
  readonly cameras: CameraInventory;
  readonly sectors: SectorRegistry;
}

export interface DemoSeedReport {
  readonly communes: number;
  readonly outlines: number;
  readonly camerasCreated: number;
  readonly camerasUpdated: number;
}

export async function seedDemo(deps: DemoSeedDeps, options: { readonly simulatorPort: number; readonly cameras: number }): Promise<DemoSeedReport> {
  const nowMs = deps.clock.now();
  const communes = CHARTRES_METROPOLE_COMMUNES.map((c) => ({ insee: c.insee, name: c.name, centroid: { lat: c.lat, lon: c.lon }, outline: null, population: null }));
  await deps.db.transaction().execute((trx) => upsertCommunes(trx, communes, nowMs));
  const outlines = await loadSharedOutlines(deps, nowMs);

  const existing = new Map((await deps.cameras.list({ all: true })).map((camera) => [camera.name, camera]));
  let created = 0;
  let updated = 0;
  const centreVilleIds: string[] = [];
  for (let n = 1; n <= options.cameras; n++) {
    const spot = PLACES[(n - 1) % PLACES.length] as (typeof PLACES)[number];
    const name = `CAM-${String(n).padStart(2, '0')} ${spot.place}`;
    const mainUrl = `rtsp://127.0.0.1:${options.simulatorPort}/cam${n}/main`;
    const subUrl = `rtsp://127.0.0.1:${options.simulatorPort}/cam${n}/sub`;
    const camera = existing.get(name);
    if (camera === undefined) {
      const centroid = CHARTRES_METROPOLE_COMMUNES.find((c) => c.insee === spot.insee) ?? { lat: 48.447, lon: 1.506 };
      // A small spiral around the centroid keeps cameras of one commune apart on the map.
      const angle = n * 2.4;
      const made = await deps.cameras.create({
        name,
        commune: spot.insee,
        lat: round(centroid.lat + Math.sin(angle) * 0.0006 * (1 + n / 8)),
        lon: round(centroid.lon + Math.cos(angle) * 0.0009 * (1 + n / 8)),
        type: demoType(n),
        mainUrl,
        subUrl,
        purposes: demoPurposes(spot.place),
        narrowField: n % 8 === 3,
        fieldOfView: demoFieldOfView(n),
      });
      created++;
      if (spot.centreVille === true) centreVilleIds.push(made.id);
    } else if (camera.mainUrl !== mainUrl || camera.subUrl !== subUrl || camera.fieldOfView === null) {
      await deps.cameras.update(camera.id, { mainUrl, subUrl, fieldOfView: camera.fieldOfView ?? demoFieldOfView(n) });
      updated++;
    }
  }
  if (!(await deps.sectors.list()).some((s) => s.name === CENTRE_VILLE)) {
    await deps.sectors.create({ name: CENTRE_VILLE, sensitive: true, commune: '28085', cameraIds: centreVilleIds });
  }
  const report = { communes: communes.length, outlines, camerasCreated: created, camerasUpdated: updated };
  if (created + updated > 0) await journalChange(deps.journal, { actor: null, via: 'demo' }, 'territory.demo-seed', null, { ...report });
  deps.logger.info(report, 'demo territory ready');
  return report;
}

function demoType(n: number): CameraType {
  if (n % 4 === 1) return 'ptz';
  return n % 8 === 6 ? 'multisensor' : 'fixed';
}

/**
 * Bearings spread by the golden angle so that neighbouring cameras look different ways; the opening follows the
 * type (a multisensor covers a half-circle, a PTZ at rest a zoomed-in 45°) and the range the focal length.
 */
function demoFieldOfView(n: number): FieldOfView {
  const directionDeg = Math.round((n * 137.5) % 360);
  const type = demoType(n);
  if (type === 'multisensor') return { directionDeg, angleDeg: 180, rangeM: 40 };
  if (type === 'ptz') return { directionDeg, angleDeg: 45, rangeM: 150 };
  return n % 8 === 3 ? { directionDeg, angleDeg: 35, rangeM: 30 } : { directionDeg, angleDeg: 75, rangeM: 60 };
}

function demoPurposes(place: string): Purpose[] {
  if (place.startsWith('Parvis')) return ['crime-prevention', 'public-buildings', 'terrorism-prevention'];
  if (place === 'Gare' || place.startsWith('Pont')) return ['crime-prevention', 'traffic-regulation'];
  return ['crime-prevention'];
}

async function loadSharedOutlines(deps: DemoSeedDeps, nowMs: number): Promise<number> {
  const file = resolve(process.cwd(), SHARED_OUTLINES_PATH);
  if (!existsSync(file)) return 0;
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    deps.logger.warn({ file, err: error }, 'demo commune outlines unreadable; communes keep their centroids only');
    return 0;
  }
  const parsed = parseCommunes({ kind: 'geojson', document });
  if (!parsed.ok) {
    deps.logger.warn({ file, errors: parsed.errors.slice(0, 3) }, 'demo commune outlines rejected; communes keep their centroids only');
    return 0;
  }
  const outlines = parsed.communes.flatMap((c) => (c.outline === null ? [] : [{ insee: c.insee, outline: c.outline }]));
  return deps.db.transaction().execute((trx) => updateOutlines(trx, outlines, nowMs));
}

function round(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}
