// Creating one directory level inside a data directory, never the data directory itself: if that is gone
// (an unmounted volume, a test that ended), writing there is an error to report, not a reason to recreate it.
import { mkdirSync } from 'node:fs';

/** Creates `dir` (mode 0700) unless it exists; fails when its parent does not. Safe when two processes race. */
export function ensureSubdirectory(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
