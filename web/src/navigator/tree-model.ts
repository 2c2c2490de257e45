// The navigator's tree as data: commune → sector → camera, filtered by a search and sorted the French way.
// A camera in several sectors is listed once, under the first (sensitive sectors first), the others named on
// its row; cameras in no sector come last under "Hors secteur".
import type { Camera, CameraPlacement, CameraState, SectorRef } from '../api/contracts.js';
import { normalize } from '../cameras/normalize.js';

export interface SectorNode {
  /** null: the commune's cameras in no sector. */
  readonly id: string | null;
  readonly name: string;
  readonly sensitive: boolean;
  /** A live-watch request in force covers one of its cameras. */
  readonly watched: boolean;
  readonly cameras: readonly Camera[];
}

export interface CommuneNode {
  readonly insee: string;
  readonly name: string;
  readonly watched: boolean;
  readonly sectors: readonly SectorNode[];
  readonly cameraCount: number;
  readonly counts: Readonly<Record<CameraState, number>>;
}

export interface TreeInput {
  readonly cameras: readonly Camera[];
  readonly placements: ReadonlyMap<string, CameraPlacement>;
  communeName(insee: string): string;
  readonly query: string;
  /** Cameras covered by a live-watch request in force. */
  readonly watchedCameras: ReadonlySet<string>;
  /** Only these cameras (the favourites filter); null: all. */
  readonly only: ReadonlySet<string> | null;
}

const collator = new Intl.Collator('fr', { numeric: true });
export const NO_SECTOR = 'Hors secteur';

/** The sectors of a camera, sensitive ones first, then by name. */
export function sectorsOf(placement: CameraPlacement | undefined): SectorRef[] {
  return [...(placement?.sectors ?? [])].sort((a, b) => Number(b.sensitive) - Number(a.sensitive) || collator.compare(a.name, b.name));
}

export function buildTree(input: TreeInput): CommuneNode[] {
  const needle = normalize(input.query);
  const byCommune = new Map<string, Map<string | null, { sector: SectorRef | null; cameras: Camera[] }>>();
  for (const camera of input.cameras) {
    if (input.only !== null && !input.only.has(camera.id)) continue;
    const sectors = sectorsOf(input.placements.get(camera.id));
    const haystack = `${camera.name} ${camera.id} ${input.communeName(camera.commune)} ${camera.commune} ${sectors.map((s) => s.name).join(' ')}`;
    if (needle !== '' && !normalize(haystack).includes(needle)) continue;
    const home = sectors[0] ?? null;
    const groups = byCommune.get(camera.commune) ?? new Map<string | null, { sector: SectorRef | null; cameras: Camera[] }>();
    const group = groups.get(home?.id ?? null) ?? { sector: home, cameras: [] };
    group.cameras.push(camera);
    groups.set(home?.id ?? null, group);
    byCommune.set(camera.commune, groups);
  }
  const nodes = [...byCommune.entries()].map(([insee, groups]): CommuneNode => {
    const sectors = [...groups.values()]
      .map(({ sector, cameras }): SectorNode => ({
        id: sector?.id ?? null,
        name: sector?.name ?? NO_SECTOR,
        sensitive: sector?.sensitive ?? false,
        watched: cameras.some((c) => input.watchedCameras.has(c.id)),
        cameras: cameras.sort((a, b) => collator.compare(a.name, b.name)),
      }))
      .sort((a, b) => Number(a.id === null) - Number(b.id === null) || Number(b.sensitive) - Number(a.sensitive) || collator.compare(a.name, b.name));
    const all = sectors.flatMap((s) => s.cameras);
    const counts: Record<CameraState, number> = { online: 0, degraded: 0, offline: 0, idle: 0, unknown: 0 };
    for (const camera of all) counts[camera.enabled ? camera.state : 'offline'] += 1;
    return { insee, name: input.communeName(insee), watched: sectors.some((s) => s.watched), sectors, cameraCount: all.length, counts };
  });
  return nodes.sort((a, b) => collator.compare(a.name, b.name));
}
