// Periodic clean-up the access and journal capabilities need: expired sessions, journal entries past retention
// (hourly), and the habilitation review (every minute: the expiry of a habilitation is journaled soon after the
// instant; access itself already stopped at the instant, see habilitation-review.ts).
import type { Logger } from '../core/logger.js';
import type { Journal } from '../journal/index.js';
import type { Access } from './access.js';

const EVERY_MS = 60 * 60 * 1000;
const HABILITATIONS_EVERY_MS = 60 * 1000;

/** Runs once now, then periodically; returns the function that stops it. */
export function startHousekeeping(access: Access, journal: Journal, logger: Logger): () => void {
  const guarded = (what: string, work: () => Promise<void>) => async (): Promise<void> => {
    try {
      await work();
    } catch (error) {
      logger.error({ err: error }, `access housekeeping failed (${what})`);
    }
  };
  const cleanUp = guarded('clean-up', async () => {
    await access.sessions.purgeExpired();
    await journal.purgeExpired(access.config.journal.retentionDays);
  });
  const review = guarded('habilitations', () => access.reviewHabilitations());
  void cleanUp();
  void review();
  const timers = [setInterval(() => void cleanUp(), EVERY_MS), setInterval(() => void review(), HABILITATIONS_EVERY_MS)];
  for (const timer of timers) timer.unref();
  return () => timers.forEach((timer) => clearInterval(timer));
}
