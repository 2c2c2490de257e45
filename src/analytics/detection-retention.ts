// Stored detections (class, box, colours, time: the forensic search's material) are personal data about people in
// the picture, so they are kept no longer than the footage they describe: past their camera's retention they are
// deleted, except inside an active hold on that camera (footage kept for an investigation keeps its detections).
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import { DAY_MS, isHoldActive, type PolicyHold } from '../retention/index.js';

export interface DetectionRetentionDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The camera's retention in days, as its footage has it. */
  readonly retentionDays: (cameraId: string) => Promise<number>;
  readonly holds: () => Promise<readonly PolicyHold[]>;
}

/** Deletes the detections past their camera's retention and outside its active holds; returns how many. */
export async function purgeExpiredDetections(deps: DetectionRetentionDeps): Promise<number> {
  const now = deps.clock.now();
  const holds = (await deps.holds()).filter((hold) => isHoldActive(hold, now));
  const cameras = await deps.db.selectFrom('detections').select('camera_id').distinct().execute();
  let deleted = 0;
  for (const { camera_id: cameraId } of cameras) {
    const cutoff = now - (await deps.retentionDays(cameraId)) * DAY_MS;
    const kept = holds.filter((hold) => hold.cameraIds.includes(cameraId));
    let expired = deps.db.deleteFrom('detections').where('camera_id', '=', cameraId).where('at_ms', '<', cutoff);
    if (kept.length > 0) expired = expired.where((eb) => eb.and(kept.map((hold) => eb.or([eb('at_ms', '<', hold.fromMs), eb('at_ms', '>=', hold.toMs)]))));
    const result = await expired.executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

/** Runs the purge now and then every `intervalMs`; a failed pass is logged and the next one tries again. */
export function startDetectionRetention(deps: DetectionRetentionDeps, intervalMs: number): { close(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const pass = (): void => {
    running = purgeExpiredDetections(deps)
      .then((deleted) => {
        if (deleted > 0) deps.logger.info({ deleted }, 'detections past their retention deleted');
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'detection retention purge failed'));
  };
  pass();
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return {
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
