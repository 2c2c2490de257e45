// The H.264 versions of H.265 camera streams for browsers: one shared transcoder per stream, declared to the
// hub as an on-demand stream "<cameraId>/<stream>/h264", so it runs only while at least one browser watches.
import type { Logger } from '../core/logger.js';
import { H264Transcoder } from '../media/ffmpeg/index.js';
import type { Hub } from '../media/hub/index.js';

export class LiveTranscoders {
  readonly #hub: Hub;
  readonly #logger: Logger;
  readonly #stopAfterMs: number;
  readonly #withdraw = new Map<string, () => void>();

  constructor(hub: Hub, logger: Logger, stopAfterMs = 5_000) {
    this.#hub = hub;
    this.#logger = logger;
    this.#stopAfterMs = stopAfterMs;
  }

  /** The key of the H.264 version of `sourceKey`, declaring it on first use. */
  h264Key(sourceKey: string): string {
    const key = `${sourceKey}/h264`;
    if (this.#withdraw.has(key)) return key;
    const transcoder = new H264Transcoder({
      source: this.#hub,
      sourceKey,
      publish: () => this.#hub.publish(key),
      onError: (error) => this.#logger.warn({ stream: sourceKey, err: error }, error.message),
    });
    const withdraw = this.#hub.declareOnDemand(
      key,
      {
        start: () => {
          this.#logger.info({ stream: sourceKey }, 'H.265 → H.264 transcoder started for live viewers');
          transcoder.start();
        },
        stop: () => {
          this.#logger.info({ stream: sourceKey }, 'H.265 → H.264 transcoder stopped (no viewer left)');
          transcoder.stop();
        },
      },
      { stopAfterMs: this.#stopAfterMs },
    );
    this.#withdraw.set(key, withdraw);
    return key;
  }

  close(): void {
    for (const withdraw of this.#withdraw.values()) withdraw();
    this.#withdraw.clear();
  }
}
