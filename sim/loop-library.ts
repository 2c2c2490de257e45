// Prepared loops by codec, source and role, each generated (or read from the cache) and parsed once, then
// shared by every camera that plays it.
import { LoopCache } from './loop-cache.js';
import { loopSpec, type LoopRole } from './loop-spec.js';
import { prepareLoop, type PreparedLoop } from './prepared-loop.js';
import type { VideoCodec } from '../src/media/hub/index.js';

export class LoopLibrary {
  readonly #cache: LoopCache;
  readonly #loops = new Map<string, Promise<PreparedLoop>>();

  constructor(cacheDir: string) {
    this.#cache = new LoopCache(cacheDir);
  }

  get(codec: VideoCodec, role: LoopRole, clip: string | undefined): Promise<PreparedLoop> {
    const key = `${codec}|${role}|${clip ?? ''}`;
    let loop = this.#loops.get(key);
    if (loop === undefined) {
      const spec = loopSpec(codec, role);
      loop = (clip === undefined ? this.#cache.synthetic(spec) : this.#cache.clip(spec, clip)).then(prepareLoop);
      this.#loops.set(key, loop);
    }
    return loop;
  }
}
