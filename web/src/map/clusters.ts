// Markers that would overlap at the map's zoom are grouped: a cluster drawn with its count and its worst state.
// The grouping is made in world pixels at the current zoom (not on screen), so panning keeps the same clusters and
// only a zoom splits or joins them. Greedy and stable: markers taken in a fixed order, each one not yet grouped
// gathers the free markers within CLUSTER_RADIUS_PX of it (a spatial hash keeps it linear for a territory's
// hundreds of cameras).
import type { CameraState } from '../api/contracts.js';
import { scaleOf, type WorldPoint } from './projection.js';

/** Two markers closer than this on screen are grouped (a marker is 12 px wide, its rings 26 px). */
export const CLUSTER_RADIUS_PX = 22;

export interface Placed<T> {
  readonly camera: T;
  readonly at: WorldPoint;
}

export interface Cluster<T> {
  /** The first member's id: stable while the cluster keeps its first member. */
  readonly key: string;
  readonly members: ReadonlyArray<Placed<T>>;
  /** The members' centre, in world coordinates. */
  readonly at: WorldPoint;
  readonly state: CameraState;
}

/** Worst first: a cluster takes the colour of its worst member. */
const SEVERITY: Readonly<Record<CameraState, number>> = { offline: 4, degraded: 3, online: 2, unknown: 1, idle: 0 };

export function worstState(states: Iterable<CameraState>): CameraState {
  let worst: CameraState = 'idle';
  for (const state of states) if (SEVERITY[state] > SEVERITY[worst]) worst = state;
  return worst;
}

/** Groups `markers` that lie within CLUSTER_RADIUS_PX of one another at `zoom`; a group of one is a single marker. */
export function clusterMarkers<T extends { readonly id: string; readonly state: CameraState }>(markers: ReadonlyArray<Placed<T>>, zoom: number): Array<Cluster<T>> {
  const scale = scaleOf(zoom);
  const cell = (value: number): number => Math.floor((value * scale) / CLUSTER_RADIUS_PX);
  const grid = new Map<string, Array<Placed<T>>>();
  for (const marker of markers) {
    const key = `${cell(marker.at.x)},${cell(marker.at.y)}`;
    const bucket = grid.get(key);
    if (bucket === undefined) grid.set(key, [marker]);
    else bucket.push(marker);
  }
  const taken = new Set<Placed<T>>();
  const clusters: Array<Cluster<T>> = [];
  const ordered = [...markers].sort((a, b) => (a.camera.id < b.camera.id ? -1 : a.camera.id > b.camera.id ? 1 : 0));
  const limit = (CLUSTER_RADIUS_PX / scale) ** 2;
  for (const seed of ordered) {
    if (taken.has(seed)) continue;
    const members: Array<Placed<T>> = [];
    const [cx, cy] = [cell(seed.at.x), cell(seed.at.y)];
    for (let dx = -1; dx <= 1; dx += 1) {
      for (let dy = -1; dy <= 1; dy += 1) {
        for (const other of grid.get(`${cx + dx},${cy + dy}`) ?? []) {
          if (taken.has(other) || (other.at.x - seed.at.x) ** 2 + (other.at.y - seed.at.y) ** 2 > limit) continue;
          taken.add(other);
          members.push(other);
        }
      }
    }
    const x = members.reduce((sum, m) => sum + m.at.x, 0) / members.length;
    const y = members.reduce((sum, m) => sum + m.at.y, 0) / members.length;
    clusters.push({ key: seed.camera.id, members, at: { x, y }, state: worstState(members.map((m) => m.camera.state)) });
  }
  return clusters;
}
