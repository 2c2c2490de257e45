// Pre-encoded loops on disk: generated with ffmpeg on first use, reused afterwards. A clip is cached by the
// hash of its content. Files appear atomically (write then rename) so parallel simulators can share a cache.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { VigieError } from '../src/core/errors.js';
import { runToCompletion } from './ffmpeg-process.js';
import { clipLoopArgs, clipSize, specKey, syntheticLoopArgs, type LoopSpec } from './loop-spec.js';

export interface LoopFile {
  readonly path: string;
  readonly spec: LoopSpec;
  readonly width: number;
  readonly height: number;
  /** Where the pictures come from: "synthetic" or the clip's path. */
  readonly source: string;
}

export class LoopCache {
  readonly #dir: string;
  readonly #pending = new Map<string, Promise<void>>();

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  async synthetic(spec: LoopSpec): Promise<LoopFile> {
    const path = join(this.#dir, `synthetic-${specKey(spec)}.${spec.codec}`);
    await this.#ensure(path, (tmp) => syntheticLoopArgs(spec, tmp));
    return { path, spec, width: spec.maxWidth, height: spec.maxHeight, source: 'synthetic' };
  }

  async clip(spec: LoopSpec, clipPath: string): Promise<LoopFile> {
    if (!existsSync(clipPath)) throw new VigieError('VIGIE_SIM_CLIP_NOT_FOUND', `clip not found: ${clipPath}`, { status: 400 });
    const [hash, probed] = await Promise.all([hashFile(clipPath), probeSize(clipPath)]);
    const size = clipSize(spec, probed.width, probed.height);
    const path = join(this.#dir, `clip-${hash.slice(0, 16)}-${specKey(spec)}.${spec.codec}`);
    await this.#ensure(path, (tmp) => clipLoopArgs(spec, clipPath, size, tmp));
    return { path, spec, ...size, source: clipPath };
  }

  async #ensure(path: string, args: (tmp: string) => string[]): Promise<void> {
    if (existsSync(path)) return;
    let pending = this.#pending.get(path);
    if (pending === undefined) {
      const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
      pending = runToCompletion('ffmpeg', args(tmp))
        .then(() => renameSync(tmp, path))
        .catch((error: unknown) => {
          rmSync(tmp, { force: true });
          throw error;
        })
        .finally(() => this.#pending.delete(path));
      this.#pending.set(path, pending);
    }
    await pending;
  }
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

async function probeSize(path: string): Promise<{ width: number; height: number }> {
  const out = await runToCompletion('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path]);
  const [width, height] = out.toString('utf8').trim().split(',').map(Number);
  if (width === undefined || height === undefined || !(width > 0) || !(height > 0)) {
    throw new VigieError('VIGIE_SIM_CLIP_INVALID', `no video stream in clip: ${path}`, { status: 400 });
  }
  return { width, height };
}
