// Periodic clean-up the access and journal capabilities need: expired sessions, journal entries past retention.
import type { Logger } from '../core/logger.js';
import type { Journal } from '../journal/index.js';
import type { Access } from './access.js';

const EVERY_MS = 60 * 60 * 1000;

/** Runs once now, then hourly; returns the function that stops it. */
export function startHousekeeping(access: Access, journal: Journal, logger: Logger): () => void {
  const run = async (): Promise<void> => {
    try {
      await access.sessions.purgeExpired();
      await journal.purgeExpired(access.config.journal.retentionDays);
    } catch (error) {
      logger.error({ err: error }, 'access housekeeping failed');
    }
  };
  void run();
  const timer = setInterval(() => void run(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
