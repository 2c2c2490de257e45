// One recording file being written: init segment first, then whole fragments appended in order, each
// written at once and made durable by fdatasync at least every SYNC_INTERVAL_MS (at most one second lost).
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const SYNC_INTERVAL_MS = 500;

export class SegmentWriter {
  readonly #file: FileHandle;
  #bytes: number;
  #lastSyncMs = Date.now();

  private constructor(file: FileHandle, bytes: number) {
    this.#file = file;
    this.#bytes = bytes;
  }

  /** Creates `<volume>/<relativePath>` (never overwrites) and writes the init segment. */
  static async create(volume: string, relativePath: string, init: Uint8Array): Promise<SegmentWriter> {
    const path = join(volume, relativePath);
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'wx');
    try {
      await file.write(init, 0, init.length, 0);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new SegmentWriter(file, init.length);
  }

  /** Bytes written so far, i.e. where the next fragment starts. */
  get bytes(): number {
    return this.#bytes;
  }

  async append(fragment: Uint8Array): Promise<void> {
    const { bytesWritten } = await this.#file.write(fragment, 0, fragment.length, this.#bytes);
    if (bytesWritten !== fragment.length) throw new Error(`short write: ${bytesWritten} of ${fragment.length} bytes`);
    this.#bytes += fragment.length;
    if (Date.now() - this.#lastSyncMs >= SYNC_INTERVAL_MS) {
      this.#lastSyncMs = Date.now();
      await this.#file.datasync();
    }
  }

  async close(): Promise<void> {
    try {
      await this.#file.datasync();
    } finally {
      await this.#file.close();
    }
  }
}
