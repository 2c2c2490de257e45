// One recording file being written: init segment first, then whole fragments appended in order, each with
// one positioned vectored write of its parts (the access units' own NAL buffers, not copied); durability comes from the shared FlushScheduler
// (fdatasync of every dirty file once per tick) and from close.
import { close, fdatasync, open, writev } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { FlushScheduler, Syncable } from './flush-scheduler.js';

const openFile = promisify(open);
const writeParts = promisify(writev);
const syncFile = promisify(fdatasync);
const closeFile = promisify(close);

export class SegmentWriter implements Syncable {
  readonly #fd: number;
  readonly #scheduler: FlushScheduler;
  #bytes: number;
  #syncing: Promise<void> | undefined;
  #closed = false;

  private constructor(fd: number, bytes: number, scheduler: FlushScheduler) {
    this.#fd = fd;
    this.#bytes = bytes;
    this.#scheduler = scheduler;
  }

  /** Creates `<volume>/<relativePath>` (never overwrites) and writes the init segment. */
  static async create(volume: string, relativePath: string, init: Uint8Array, scheduler: FlushScheduler): Promise<SegmentWriter> {
    const path = join(volume, relativePath);
    await mkdir(dirname(path), { recursive: true });
    const fd = await openFile(path, 'wx');
    const writer = new SegmentWriter(fd, 0, scheduler);
    try {
      await writer.append([init]);
    } catch (error) {
      await closeFile(fd);
      throw error;
    }
    return writer;
  }

  /** Bytes written so far, i.e. where the next fragment starts. */
  get bytes(): number {
    return this.#bytes;
  }

  async append(parts: readonly Uint8Array[]): Promise<void> {
    let length = 0;
    for (const part of parts) length += part.length;
    const { bytesWritten } = await writeParts(this.#fd, parts, this.#bytes);
    if (bytesWritten !== length) throw new Error(`short write: ${bytesWritten} of ${length} bytes`);
    this.#bytes += length;
    this.#scheduler.markDirty(this);
  }

  /** fdatasync, unless the file is closed (close synced it). */
  async sync(): Promise<void> {
    if (this.#closed) return;
    this.#syncing = syncFile(this.#fd);
    try {
      await this.#syncing;
    } finally {
      this.#syncing = undefined;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#scheduler.forget(this);
    await this.#syncing?.catch(() => undefined);
    try {
      await syncFile(this.#fd);
    } finally {
      await closeFile(this.#fd);
    }
  }
}
