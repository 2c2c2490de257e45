// The purge job: deletes whole expired segments and, when a volume runs below its free-space floor, the
// oldest unheld footage; writes each destruction to the register table and the journal; never deletes held
// footage and never throws out of its timer. Exposes a "retention no longer met" alert after disk-full deletions.
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Journal } from '../journal/index.js';
import { deleteSegmentFiles, type SegmentStore, type Volumes } from '../recording/index.js';
import type { DestructionRegister } from './destruction-register.js';
import type { HoldStore } from './hold-store.js';
import type { DestructionCause } from './tables.js';
import { DAY_MS, diskFullVictims, effectiveRetentionDays, expiredSegments, type PolicySegment } from './policy.js';

export interface RetentionOptions {
  readonly register: DestructionRegister;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly holds: HoldStore;
  readonly volumes: Volumes;
  readonly store: SegmentStore;
  readonly journal?: Journal;
  readonly minFreeBytes: number;
  readonly defaultRetentionDays: number;
  /** Retention in days of a camera stream (territory, sub streams their own); unknown cameras get the default. */
  readonly retentionDays: (cameraId: string, stream: string) => Promise<number | undefined>;
}

const streamKey = (segment: PolicySegment): string => `${segment.cameraId}/${segment.stream}`;

export interface RetentionAlert {
  readonly retentionMet: boolean;
  /** Why not, and since when. */
  readonly reason: string | null;
  readonly sinceMs: number | null;
  readonly lowVolumes: readonly string[];
}

export interface PurgeReport {
  readonly expired: number;
  readonly diskFull: number;
  readonly bytes: number;
}

export class RetentionService {
  readonly #o: RetentionOptions;
  #alert: RetentionAlert = { retentionMet: true, reason: null, sinceMs: null, lowVolumes: [] };
  /** Until when disk-full deletions keep retention unmet (end of the youngest deleted footage + its retention). */
  #unmetUntil = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<PurgeReport> | undefined;

  constructor(options: RetentionOptions) {
    this.#o = options;
  }

  alert(): RetentionAlert {
    return this.#alert;
  }

  start(intervalMs: number): void {
    this.#timer = setInterval(() => void this.run().catch((error: unknown) => this.#o.logger.error({ err: error }, 'retention purge failed')), intervalMs);
    this.#timer.unref();
  }

  stop(): Promise<unknown> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    return this.#running ?? Promise.resolve();
  }

  /** One pass; concurrent calls share it. */
  run(): Promise<PurgeReport> {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #segments(where: { endBefore?: number; volume?: string }): Promise<PolicySegment[]> {
    const rows = await this.#o.store.finished(where);
    return rows.map((r) => ({ id: r.id, cameraId: r.camera_id, volume: r.volume, startMs: r.start_ms, endMs: r.end_ms, bytes: r.bytes, stream: r.stream, path: r.path }));
  }

  async #run(): Promise<PurgeReport> {
    const now = this.#o.clock.now();
    const holds = await this.#o.holds.list(false);
    const days = new Map<string, number>();
    const candidates = await this.#segments({ endBefore: now - DAY_MS });
    for (const s of candidates) if (!days.has(streamKey(s))) days.set(streamKey(s), await this.#retentionDays(s));
    const expired = expiredSegments(candidates, (s) => days.get(streamKey(s)) ?? this.#o.defaultRetentionDays, holds, now);
    let bytes = await this.#destroy(expired, 'retention', now);
    let diskFull = 0;
    const lowVolumes: string[] = [];
    for (const volume of this.#o.volumes.roots) {
      const free = this.#o.volumes.freeBytes(volume);
      if (free >= this.#o.minFreeBytes) continue;
      const victims = diskFullVictims(await this.#segments({ volume }), holds, now, volume, this.#o.minFreeBytes - free);
      diskFull += victims.length;
      bytes += await this.#destroy(victims, 'disk-full', now);
      if (this.#o.volumes.freeBytes(volume) < this.#o.minFreeBytes) lowVolumes.push(volume);
      for (const v of victims) {
        const keptDays = days.get(streamKey(v)) ?? (await this.#retentionDays(v));
        this.#unmetUntil = Math.max(this.#unmetUntil, v.endMs + keptDays * DAY_MS);
      }
    }
    this.#updateAlert(now, lowVolumes);
    return { expired: expired.length, diskFull, bytes };
  }

  async #retentionDays(segment: PolicySegment): Promise<number> {
    return effectiveRetentionDays(await this.#o.retentionDays(segment.cameraId, segment.stream), this.#o.defaultRetentionDays);
  }

  #updateAlert(now: number, lowVolumes: string[]): void {
    const unmet = now < this.#unmetUntil || lowVolumes.length > 0;
    if (!unmet) {
      this.#alert = { retentionMet: true, reason: null, sinceMs: null, lowVolumes: [] };
      return;
    }
    const reason = lowVolumes.length > 0 ? 'storage full: only held footage is left to delete' : 'storage full: footage younger than its retention period was deleted';
    this.#alert = { retentionMet: false, reason, sinceMs: this.#alert.sinceMs ?? now, lowVolumes };
    this.#o.logger.warn({ lowVolumes }, `retention no longer met: ${reason}`);
  }

  /** Deletes files then rows; one register line and one journal entry per camera stream. Returns bytes freed. */
  async #destroy(segments: readonly PolicySegment[], cause: DestructionCause, now: number): Promise<number> {
    const groups = new Map<string, { cameraId: string; stream: string; fromMs: number; toMs: number; bytes: number; count: number }>();
    for (const s of segments) {
      try {
        await deleteSegmentFiles(s.volume, s.path);
      } catch (error) {
        this.#o.logger.error({ err: error, segment: s.id }, 'could not delete a recording file; kept in the index');
        continue;
      }
      await this.#o.store.delete(s.id);
      const key = `${s.cameraId}/${s.stream}`;
      const g = groups.get(key) ?? { cameraId: s.cameraId, stream: s.stream, fromMs: s.startMs, toMs: s.endMs, bytes: 0, count: 0 };
      g.fromMs = Math.min(g.fromMs, s.startMs);
      g.toMs = Math.max(g.toMs, s.endMs);
      g.bytes += s.bytes;
      g.count += 1;
      groups.set(key, g);
    }
    let bytes = 0;
    for (const g of groups.values()) {
      bytes += g.bytes;
      await this.#o.store.refreshHours(g.cameraId, g.stream, g.fromMs, g.toMs);
      await this.#o.register.record({ cameraId: g.cameraId, stream: g.stream, fromMs: g.fromMs, toMs: g.toMs, bytes: g.bytes, segments: g.count, cause, destroyedAt: now });
      await this.#o.journal?.append({
        actor: null,
        action: 'retention.destroy',
        outcome: 'allowed',
        target: { type: 'camera', id: g.cameraId, cameraId: g.cameraId },
        details: { stream: g.stream, fromMs: g.fromMs, toMs: g.toMs, bytes: g.bytes, segments: g.count, cause },
      });
    }
    return bytes;
  }
}
