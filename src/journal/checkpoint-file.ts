// The local checkpoint file: opened O_APPEND and written one line per write(), so that lines from every
// process appending to the journal (server, CLI) land whole and never interleave. The line reaches the
// kernel before the append returns; fsync is batched off the event loop (at most one per FSYNC_DELAY_MS),
// since every video access journals and a synchronous fsync per entry would stall the server.
import { closeSync, fsync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { ensureSubdirectory } from '../core/directories.js';
import type { Logger } from '../core/logger.js';

const FSYNC_DELAY_MS = 200;
const fsyncAsync = promisify(fsync);

export class CheckpointFileWriter {
  readonly path: string;
  readonly #logger: Logger | undefined;
  #fd: number | undefined;
  #fsyncTimer: NodeJS.Timeout | undefined;
  #fsyncing: Promise<void> = Promise.resolve();

  constructor(path: string, logger: Logger | undefined) {
    this.path = path;
    this.#logger = logger;
  }

  append(line: string): void {
    if (this.#fd === undefined) {
      ensureSubdirectory(dirname(this.path));
      this.#fd = openSync(this.path, 'a', 0o600);
    }
    const bytes = Buffer.from(line);
    const written = writeSync(this.#fd, bytes);
    if (written !== bytes.length) throw new Error(`short write to ${this.path} (${written} of ${bytes.length} bytes)`);
    this.#scheduleFsync();
  }

  async close(): Promise<void> {
    clearTimeout(this.#fsyncTimer);
    this.#fsyncTimer = undefined;
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    await this.#fsyncing;
    await fsyncAsync(fd).catch((error: unknown) => this.#logger?.error({ err: error, file: this.path }, 'journal checkpoint file could not be synced'));
    closeSync(fd);
  }

  #scheduleFsync(): void {
    if (this.#fsyncTimer !== undefined) return;
    // Unref'd: a CLI command that journals one entry exits at once; its line is already in the page cache.
    this.#fsyncTimer = setTimeout(() => {
      this.#fsyncTimer = undefined;
      const fd = this.#fd;
      if (fd === undefined) return;
      this.#fsyncing = this.#fsyncing.then(() => fsyncAsync(fd)).catch((error: unknown) => this.#logger?.error({ err: error, file: this.path }, 'journal checkpoint file could not be synced'));
    }, FSYNC_DELAY_MS).unref();
  }
}

export interface FileLine {
  readonly text: string;
  /** 1-based. */
  readonly number: number;
  /** False for a last line with no newline: cut short. */
  readonly complete: boolean;
}

export interface ReadPosition {
  /** Byte offset just past the last complete line. */
  readonly offset: number;
  /** Number of the next line to read. */
  readonly lineNumber: number;
}

/** Hands over the lines of a file from `from` on, chunk by chunk (the file can outgrow memory as one string). */
export function forEachLine(path: string, from: ReadPosition, onLine: (line: FileLine) => void): ReadPosition {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 16);
    let position = from.offset;
    let lineNumber = from.lineNumber;
    let pending = Buffer.alloc(0);
    let consumed = from.offset;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) break;
      position += read;
      let data = Buffer.concat([pending, chunk.subarray(0, read)]);
      for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10)) {
        onLine({ text: data.subarray(0, newline).toString('utf8'), number: lineNumber, complete: true });
        lineNumber += 1;
        consumed += newline + 1;
        data = data.subarray(newline + 1);
      }
      pending = Buffer.from(data);
    }
    if (pending.length > 0) onLine({ text: pending.toString('utf8'), number: lineNumber, complete: false });
    return { offset: consumed, lineNumber };
  } finally {
    closeSync(fd);
  }
}
