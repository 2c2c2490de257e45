// Where footage is, around an instant, for each camera of a synchronized playback: whether the instant is
// recorded, where the next footage starts after it (the "next available footage" a camera without pictures
// offers), and where the newest footage ends (the default position of the playback page).
import type { SegmentStore } from '../recording/index.js';

export interface FootageAvailability {
  readonly cameraId: string;
  /** A recording covers the instant. */
  readonly recorded: boolean;
  /** The first recorded instant at or after the one asked (the instant itself when recorded); null when none. */
  readonly nextMs: number | null;
  /** The end of the newest recorded footage; null when the camera has none in the last LATEST_SEARCH_MS. */
  readonly latestEndMs: number | null;
}

const RECENT_MS = 6 * 3_600_000;
/** French CCTV footage is kept 30 days at most (Code de la sécurité intérieure, L252-5): no need to look further. */
const LATEST_SEARCH_MS = 31 * 24 * 3_600_000;

export async function footageAvailability(store: SegmentStore, cameraIds: readonly string[], atMs: number, nowMs: number, stream = 'main'): Promise<FootageAvailability[]> {
  const latest = await newestEnds(store, cameraIds, nowMs, stream);
  return Promise.all(
    cameraIds.map(async (cameraId): Promise<FootageAvailability> => {
      const [next] = await store.following(cameraId, stream, atMs, Math.max(atMs, nowMs) + 60_000, 1);
      const recorded = next !== undefined && next.start_ms <= atMs;
      return { cameraId, recorded, nextMs: next === undefined ? null : Math.max(atMs, next.start_ms), latestEndMs: latest.get(cameraId) ?? null };
    }),
  );
}

/** The newest recorded instant of each camera: from the segments of the last hours, else from the hourly coverage. */
async function newestEnds(store: SegmentStore, cameraIds: readonly string[], nowMs: number, stream: string): Promise<Map<string, number>> {
  const ends = new Map<string, number>();
  for (const row of await store.ranges(cameraIds, nowMs - RECENT_MS, nowMs + 60_000, stream)) ends.set(row.camera_id, Math.max(ends.get(row.camera_id) ?? 0, row.end_ms));
  const older = cameraIds.filter((id) => !ends.has(id));
  for (const hour of await store.hours(older, nowMs - LATEST_SEARCH_MS, nowMs, stream)) ends.set(hour.camera_id, Math.max(ends.get(hour.camera_id) ?? 0, hour.last_end_ms));
  return ends;
}
