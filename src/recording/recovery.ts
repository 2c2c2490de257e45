// Start-up reconciliation of the recording index with the files, and rebuild-index from the files alone.
// A file cut in the middle of a fragment (kill -9, power loss) is truncated after its last whole fragment;
// files the index does not know are indexed; rows whose file is gone are marked missing.
import { readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Logger } from '../core/logger.js';
import { indexFilePath, summarizeFile, writeIndexFile, type SegmentSummary } from './fragment-index.js';
import type { NewSegment, SegmentStore } from './segment-store.js';
import { parseSegmentPath, type Volumes } from './volumes.js';

export interface IndexedFile {
  readonly segment: NewSegment;
  readonly summary: SegmentSummary;
}

export interface ReconcileReport {
  readonly repaired: number;
  readonly orphansIndexed: number;
  readonly missing: number;
  readonly discarded: number;
}

/** Reads one recording file, truncating a partial tail; undefined when it holds no whole fragment (then it is removed). */
export async function indexFile(volume: string, path: string): Promise<IndexedFile | undefined> {
  const where = parseSegmentPath(path);
  if (where === undefined) return undefined;
  const file = join(volume, path);
  const buf: Uint8Array = await readFile(file);
  const { track, summary, validEnd } = summarizeFile(buf);
  if (summary === undefined) {
    await rm(file, { force: true });
    await rm(indexFilePath(volume, path), { force: true });
    return undefined;
  }
  if (validEnd < buf.length) await truncate(file, validEnd);
  await writeIndexFile(volume, path, summary.fragments);
  return {
    segment: { cameraId: where.cameraId, stream: where.stream, volume, path, codec: track.codec, width: track.width ?? 0, height: track.height ?? 0, startMs: summary.startMs },
    summary,
  };
}

async function listFiles(volume: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory() && depth < 3) await walk(full, depth + 1);
      else if (entry.isFile() && depth === 3 && entry.name.endsWith('.mp4')) out.push(relative(volume, full));
    }
  };
  await walk(volume, 0);
  return out.sort();
}

export async function reconcile(store: SegmentStore, volumes: Volumes, logger: Logger): Promise<ReconcileReport> {
  let repaired = 0;
  let discarded = 0;
  let missing = 0;
  for (const row of await store.byStatus('recording')) {
    try {
      const indexed = await indexFile(row.volume, row.path);
      if (indexed === undefined) {
        await store.delete(row.id);
        discarded += 1;
        continue;
      }
      await store.update(row.id, indexed.summary, 'complete');
      await store.openGap(row.camera_id, row.stream, indexed.summary.endMs, 'restart');
      repaired += 1;
    } catch (error) {
      logger.warn({ err: error, path: row.path }, 'recording file unreadable at start; marked missing');
      await store.setStatus(row.id, 'missing');
      missing += 1;
    }
  }
  const known = new Map((await store.all()).map((r) => [`${r.volume}\u0000${r.path}`, r]));
  let orphansIndexed = 0;
  for (const volume of volumes.roots) {
    for (const path of await listFiles(volume)) {
      const key = `${volume}\u0000${path}`;
      if (known.delete(key)) continue;
      try {
        const indexed = await indexFile(volume, path);
        if (indexed !== undefined) {
          await store.insert(indexed.segment, 'complete', indexed.summary);
          orphansIndexed += 1;
        }
      } catch (error) {
        logger.warn({ err: error, path }, 'orphan recording file unreadable; left alone');
      }
    }
  }
  for (const row of known.values()) {
    if (row.status === 'missing' || !volumes.roots.includes(row.volume)) continue;
    const exists = await stat(join(row.volume, row.path)).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await store.setStatus(row.id, 'missing');
      missing += 1;
    }
  }
  await store.refreshAllHours();
  return { repaired, orphansIndexed, missing, discarded };
}

/** Forgets the index and rebuilds it from the files on every volume. Returns how many segments it indexed. */
export async function rebuildIndex(store: SegmentStore, volumes: Volumes, logger: Logger): Promise<number> {
  await store.deleteAll();
  let count = 0;
  for (const volume of volumes.roots) {
    for (const path of await listFiles(volume)) {
      try {
        const indexed = await indexFile(volume, path);
        if (indexed === undefined) continue;
        await store.insert(indexed.segment, 'complete', indexed.summary);
        count += 1;
      } catch (error) {
        logger.warn({ err: error, path }, 'recording file unreadable; not indexed');
      }
    }
  }
  await store.refreshAllHours();
  return count;
}
