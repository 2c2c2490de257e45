// The storage report of the room lead's page: disk use per volume and per commune, the days of footage each
// camera actually holds against its retention, when each volume fills at today's rate, and the notices the
// console shows (a camera recording less than its retention, a volume near full). Figures come from one
// aggregate query on the segment index (SegmentStore.usage) and the destruction register, never per segment.
import type { Clock } from '../core/clock.js';
import type { SegmentStore, Volumes } from '../recording/index.js';
import { ALL_CAMERAS, type CameraScope } from '../territory/index.js';
import type { DestructionRegister } from './destruction-register.js';
import { DAY_MS, MAX_RETENTION_DAYS, effectiveRetentionDays } from './policy.js';

export interface StorageCamera {
  readonly id: string;
  readonly name: string;
  readonly communeInsee: string;
  readonly communeName: string;
  readonly retentionDays: number;
}

export interface StorageDeps {
  readonly clock: Clock;
  readonly store: Pick<SegmentStore, 'usage'>;
  readonly volumes: Pick<Volumes, 'roots' | 'freeBytes' | 'capacityBytes'>;
  readonly register: Pick<DestructionRegister, 'list'>;
  readonly cameras: (scope: CameraScope) => Promise<readonly StorageCamera[]>;
  readonly minFreeBytes: number;
  readonly defaultRetentionDays: number;
  readonly subRetentionDays: number;
}

export interface VolumeUsage {
  readonly root: string;
  readonly capacityBytes: number;
  readonly freeBytes: number;
  /** Bytes of footage Vigie holds on it. */
  readonly footageBytes: number;
  /** Bytes written per day at today's rate (last 24 h, or since recording began when shorter). */
  readonly bytesPerDay: number;
  /** Bytes the footage will take once every stream on it holds its full retention, at today's rate. */
  readonly bytesAtFullRetention: number;
  /** Days until free space reaches the floor at today's rate (purges aside); null when nothing is written. */
  readonly fullInDays: number | null;
  readonly fullAtMs: number | null;
  readonly nearFull: boolean;
}

export interface CommuneUsage {
  readonly insee: string;
  readonly name: string;
  readonly cameras: number;
  readonly bytes: number;
  readonly bytesPerDay: number;
}

export type UnderRetentionCause = 'disk-full' | 'forecast';

export interface CameraStorage {
  readonly cameraId: string;
  readonly name: string;
  readonly communeInsee: string;
  readonly communeName: string;
  readonly retentionDays: number;
  /** Days between the oldest footage kept and now (0 when nothing is recorded). */
  readonly daysAvailable: number;
  readonly oldestMs: number | null;
  readonly bytes: number;
  readonly bytesPerDay: number;
  /** Why the camera records less than its retention: footage younger than it was destroyed for disk space, or its volume fills first. */
  readonly underRetention: UnderRetentionCause | null;
}

export type StorageNotice =
  | { readonly kind: 'under-retention'; readonly cameraId: string; readonly cameraName: string; readonly daysAvailable: number; readonly retentionDays: number; readonly cause: UnderRetentionCause }
  | { readonly kind: 'volume-near-full'; readonly volume: string; readonly freeBytes: number; readonly capacityBytes: number };

export interface StorageReport {
  readonly atMs: number;
  readonly minFreeBytes: number;
  /** Empty for a caller who sees only some communes (a volume holds every commune's footage). */
  readonly volumes: readonly VolumeUsage[];
  readonly communes: readonly CommuneUsage[];
  readonly cameras: readonly CameraStorage[];
  readonly notices: readonly StorageNotice[];
}

/** Days until `freeBytes` falls to `floorBytes` writing `bytesPerDay`; null when nothing is written. */
export function forecastFull(freeBytes: number, floorBytes: number, bytesPerDay: number, nowMs: number): { fullInDays: number | null; fullAtMs: number | null } {
  if (!(bytesPerDay > 0)) return { fullInDays: null, fullAtMs: null };
  const fullInDays = Math.max(0, freeBytes - floorBytes) / bytesPerDay;
  return { fullInDays, fullAtMs: Math.round(nowMs + fullInDays * DAY_MS) };
}

/** Today's write rate of a stream: bytes of the last 24 h, scaled up when it has recorded for less than that. */
export function bytesPerDay(recentBytes: number, oldestMs: number, nowMs: number): number {
  const window = Math.min(DAY_MS, Math.max(60_000, nowMs - oldestMs));
  return (recentBytes * DAY_MS) / window;
}

/** Near full: below twice the purge floor, or below 5 % of the disk. */
export function isNearFull(freeBytes: number, capacityBytes: number, minFreeBytes: number): boolean {
  return freeBytes < 2 * minFreeBytes || (capacityBytes > 0 && freeBytes < capacityBytes * 0.05);
}

const TOLERANCE_DAYS = 1 / 24;
const MIN_FORECAST_DAYS = 1 / 24;

export class StorageService {
  readonly #d: StorageDeps;
  #healthy = true;
  #last: StorageReport | undefined;

  constructor(deps: StorageDeps) {
    this.#d = deps;
  }

  /**
   * The notices for the console's header, asked every few seconds by every console: read from the last full
   * report when it is younger than `maxAgeMs` (one aggregate pass serves them all), filtered to the scope.
   */
  async notices(scope: CameraScope, maxAgeMs = 30_000): Promise<readonly StorageNotice[]> {
    const now = this.#d.clock.now();
    const last = this.#last !== undefined && now - this.#last.atMs <= maxAgeMs ? this.#last : await this.report(ALL_CAMERAS);
    if (scope.all) return last.notices;
    const visible = new Set((await this.#d.cameras(scope)).map((camera) => camera.id));
    return last.notices.filter((notice) => notice.kind === 'under-retention' && visible.has(notice.cameraId));
  }

  /** Whether the last full report (any caller who sees every camera) raised no notice; for GET /api/health. */
  healthy(): boolean {
    return this.#healthy;
  }

  async report(scope: CameraScope): Promise<StorageReport> {
    const d = this.#d;
    const now = d.clock.now();
    const [cameras, usage, destructions] = await Promise.all([d.cameras(scope), d.store.usage(now - DAY_MS), d.register.list(now - MAX_RETENTION_DAYS * DAY_MS, now + 1)]);
    const byId = new Map(cameras.map((camera) => [camera.id, camera]));
    const retentionOf = (cameraId: string, stream: string): number => {
      const days = effectiveRetentionDays(byId.get(cameraId)?.retentionDays, d.defaultRetentionDays);
      return stream === 'sub' ? Math.min(days, d.subRetentionDays) : days;
    };

    const volumes = new Map<string, { footage: number; rate: number; atRetention: number }>(d.volumes.roots.map((root) => [root, { footage: 0, rate: 0, atRetention: 0 }]));
    const perCamera = new Map<string, { bytes: number; rate: number; oldest: number | null; volumes: Set<string> }>();
    for (const row of usage) {
      const rate = bytesPerDay(row.recentBytes, row.oldestMs, now);
      const volume = volumes.get(row.volume) ?? { footage: 0, rate: 0, atRetention: 0 };
      volume.footage += row.bytes;
      volume.rate += rate;
      volume.atRetention += rate * retentionOf(row.cameraId, row.stream);
      volumes.set(row.volume, volume);
      if (!byId.has(row.cameraId)) continue;
      const camera = perCamera.get(row.cameraId) ?? { bytes: 0, rate: 0, oldest: null, volumes: new Set<string>() };
      camera.bytes += row.bytes;
      camera.rate += rate;
      camera.volumes.add(row.volume);
      if (row.stream === 'main') camera.oldest = camera.oldest === null ? row.oldestMs : Math.min(camera.oldest, row.oldestMs);
      perCamera.set(row.cameraId, camera);
    }

    const volumeUsage: VolumeUsage[] = [...volumes].map(([root, v]) => {
      const freeBytes = d.volumes.freeBytes(root);
      const capacityBytes = d.volumes.capacityBytes(root);
      return {
        root,
        capacityBytes,
        freeBytes,
        footageBytes: v.footage,
        bytesPerDay: v.rate,
        bytesAtFullRetention: v.atRetention,
        ...forecastFull(freeBytes, d.minFreeBytes, v.rate, now),
        nearFull: isNearFull(freeBytes, capacityBytes, d.minFreeBytes),
      };
    });
    const volumeByRoot = new Map(volumeUsage.map((v) => [v.root, v]));

    // Footage younger than its retention destroyed to free space: that camera no longer keeps its retention.
    const destroyedYoung = new Set(destructions.filter((line) => line.cause === 'disk-full' && line.to_ms > now - retentionOf(line.camera_id, line.stream) * DAY_MS).map((line) => line.camera_id));

    const cameraStorage: CameraStorage[] = cameras.map((camera) => {
      const used = perCamera.get(camera.id);
      const retentionDays = retentionOf(camera.id, 'main');
      const daysAvailable = used?.oldest == null ? 0 : Math.max(0, (now - used.oldest) / DAY_MS);
      // Its volume fills before the camera has gathered its retention, and the full retention does not fit;
      // judged once the camera has recorded an hour (a rate read over a few minutes is too unsteady to alarm on).
      const fillsFirst =
        daysAvailable >= MIN_FORECAST_DAYS &&
        [...(used?.volumes ?? [])].some((root) => {
          const volume = volumeByRoot.get(root);
          return (
            volume !== undefined &&
            volume.fullInDays !== null &&
            daysAvailable + volume.fullInDays < retentionDays - TOLERANCE_DAYS &&
            volume.bytesAtFullRetention > volume.footageBytes + volume.freeBytes - d.minFreeBytes
          );
        });
      const underRetention: UnderRetentionCause | null = destroyedYoung.has(camera.id) && daysAvailable < retentionDays - TOLERANCE_DAYS ? 'disk-full' : fillsFirst ? 'forecast' : null;
      return {
        cameraId: camera.id,
        name: camera.name,
        communeInsee: camera.communeInsee,
        communeName: camera.communeName,
        retentionDays,
        daysAvailable,
        oldestMs: used?.oldest ?? null,
        bytes: used?.bytes ?? 0,
        bytesPerDay: used?.rate ?? 0,
        underRetention,
      };
    });

    const communes = new Map<string, { insee: string; name: string; cameras: number; bytes: number; bytesPerDay: number }>();
    for (const camera of cameraStorage) {
      const commune = communes.get(camera.communeInsee) ?? { insee: camera.communeInsee, name: camera.communeName, cameras: 0, bytes: 0, bytesPerDay: 0 };
      commune.cameras += 1;
      commune.bytes += camera.bytes;
      commune.bytesPerDay += camera.bytesPerDay;
      communes.set(camera.communeInsee, commune);
    }

    const shownVolumes = scope.all ? volumeUsage : [];
    const notices: StorageNotice[] = [
      ...shownVolumes.filter((v) => v.nearFull).map((v): StorageNotice => ({ kind: 'volume-near-full', volume: v.root, freeBytes: v.freeBytes, capacityBytes: v.capacityBytes })),
      ...cameraStorage
        .filter((c) => c.underRetention !== null)
        .map((c): StorageNotice => ({
          kind: 'under-retention',
          cameraId: c.cameraId,
          cameraName: c.name,
          daysAvailable: c.daysAvailable,
          retentionDays: c.retentionDays,
          cause: c.underRetention ?? 'disk-full',
        })),
    ];
    const report: StorageReport = {
      atMs: now,
      minFreeBytes: d.minFreeBytes,
      volumes: shownVolumes,
      communes: [...communes.values()].sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name, 'fr')),
      cameras: cameraStorage.sort((a, b) => Number(b.underRetention !== null) - Number(a.underRetention !== null) || a.daysAvailable / a.retentionDays - b.daysAvailable / b.retentionDays),
      notices,
    };
    if (scope.all) {
      this.#healthy = notices.length === 0;
      this.#last = report;
    }
    return report;
  }
}
