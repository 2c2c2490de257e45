// Storage volumes for recordings: where a new segment goes (the volume with the most free space), and the
// free-space probe the disk-full rule reads. The probe is injectable so that tests can fake a full disk.
import { mkdirSync, statfsSync, type StatsFs } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { indexFilePath } from './fragment-index.js';

export type FreeSpaceProbe = (root: string) => number;

/**
 * The file system a volume is (or will be, once its folder is made at the first recording) on: the volume's folder,
 * else its nearest existing parent. Undefined when none can be read.
 */
function statfsOfVolume(root: string): StatsFs | undefined {
  for (let path = resolve(root); ; path = dirname(path)) {
    try {
      return statfsSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) return undefined;
    }
  }
}

/** Free bytes for an unprivileged writer; a volume that cannot be read counts as full (0). */
export const statfsProbe: FreeSpaceProbe = (root) => {
  const s = statfsOfVolume(root);
  return s === undefined ? 0 : s.bavail * s.bsize;
};

export class Volumes {
  readonly roots: readonly string[];
  readonly #probe: FreeSpaceProbe;

  constructor(roots: readonly string[], probe: FreeSpaceProbe = statfsProbe) {
    this.roots = roots.map((r) => resolve(r));
    this.#probe = probe;
  }

  /** The configured volumes, or `<dataDir>/recordings` when none is configured. */
  static fromConfig(dataDir: string, configured: readonly string[], probe?: FreeSpaceProbe): Volumes {
    return new Volumes(configured.length > 0 ? configured : [join(dataDir, 'recordings')], probe);
  }

  freeBytes(root: string): number {
    return this.#probe(root);
  }

  /** The size of the file system holding a volume (0 when it cannot be read). */
  capacityBytes(root: string): number {
    const s = statfsOfVolume(root);
    return s === undefined ? 0 : s.blocks * s.bsize;
  }

  /** The volume to write the next segment on, creating its root if needed; undefined when none is usable. */
  pick(): string | undefined {
    let best: { root: string; free: number } | undefined;
    for (const root of this.roots) {
      try {
        mkdirSync(root, { recursive: true });
      } catch {
        continue;
      }
      const free = this.#probe(root);
      if (free > 0 && (best === undefined || free > best.free)) best = { root, free };
    }
    return best?.root;
  }
}

/** `<cameraId>/<stream>/<YYYY-MM-DD UTC>/<startMs>.mp4`, relative to the volume. */
export function segmentRelativePath(cameraId: string, stream: string, startMs: number): string {
  return join(cameraId, stream, new Date(startMs).toISOString().slice(0, 10), `${startMs}.mp4`);
}

/** The inverse of segmentRelativePath, for indexing files found on disk. */
export function parseSegmentPath(relative: string): { cameraId: string; stream: string; startMs: number } | undefined {
  const match = /^([^/]+)\/([^/]+)\/\d{4}-\d{2}-\d{2}\/(\d+)\.mp4$/.exec(relative.split('\\').join('/'));
  if (match === null) return undefined;
  return { cameraId: match[1] ?? '', stream: match[2] ?? '', startMs: Number(match[3]) };
}

/** Deletes a segment's file and its fragment-index side file (either may already be gone). */
export async function deleteSegmentFiles(volume: string, path: string): Promise<void> {
  await rm(join(volume, path), { force: true });
  await rm(indexFilePath(volume, path), { force: true });
}
