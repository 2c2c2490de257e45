// Markers that would overlap at the map's zoom are grouped: a cluster drawn with its count and its worst state.
// The grouping is made in world pixels at the current zoom (not on screen), so panning keeps the same clusters and
// only a zoom splits or joins them. Greedy and stable: markers taken in a fixed order, each one not yet grouped
// gathers the free markers within CLUSTER_RADIUS_PX of it (a spatial hash keeps it linear for a territory's
// hundreds of cameras). Then spots whose drawn circles would still touch (two groups' centres end up closer than
// their radii: a group is drawn larger than a marker) are joined, until no two touch.
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

/** A lone marker's drawn radius: its dot and the ring of a sensitive camera. */
const MARKER_RADIUS_PX = 9.5;
/** Space kept between two spots' circles. */
const SPOT_GAP_PX = 2;

/** The radius a spot of `count` markers is drawn with: a marker's alone, then growing slowly with the count, so that three digits fit. */
export function spotRadius(count: number): number {
  return count === 1 ? MARKER_RADIUS_PX : Math.min(22, 11 + Math.log10(count) * 5);
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
    clusters.push(groupOf(seed.camera.id, members));
  }
  return joinTouching(clusters, scale);
}

function groupOf<T extends { readonly state: CameraState }>(key: string, members: ReadonlyArray<Placed<T>>): Cluster<T> {
  const x = members.reduce((sum, m) => sum + m.at.x, 0) / members.length;
  const y = members.reduce((sum, m) => sum + m.at.y, 0) / members.length;
  return { key, members, at: { x, y }, state: worstState(members.map((m) => m.camera.state)) };
}

/**
 * Joins spots whose circles would touch on screen, the earlier (its key first in the seeding order) absorbing the
 * later; a spot that grew is compared again with all the others, since it is now larger and elsewhere.
 */
function joinTouching<T extends { readonly state: CameraState }>(spots: Array<Cluster<T>>, scale: number): Array<Cluster<T>> {
  const touching = (a: Cluster<T>, b: Cluster<T>): boolean => {
    const distance = Math.hypot(a.at.x - b.at.x, a.at.y - b.at.y) * scale;
    return distance < spotRadius(a.members.length) + spotRadius(b.members.length) + SPOT_GAP_PX;
  };
  for (let i = 0; i < spots.length; i += 1) {
    for (let j = 0; j < spots.length; j += 1) {
      const [spot, other] = [spots[i], spots[j]];
      if (i === j || spot === undefined || other === undefined || !touching(spot, other)) continue;
      const [first, second, at] = i < j ? [spot, other, i] : [other, spot, j];
      spots[at] = groupOf(first.key, [...first.members, ...second.members]);
      spots.splice(at === i ? j : i, 1);
      // Start over from the joined spot's place: it may now touch spots already passed.
      i = at - 1;
      break;
    }
  }
  return spots;
}
