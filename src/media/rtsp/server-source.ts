// What the RTSP server serves: a source per path, shaped to plug onto the hub's StreamSource (one stream key each).
import type { TrackInfo } from '../hub/access-unit.js';
import type { StreamConsumer, SubscribeOptions } from '../hub/stream-consumer.js';

export interface RtspServerSource {
  /** The track now; undefined while an on-demand stream is not running (DESCRIBE then subscribes and waits). */
  track(): TrackInfo | undefined;
  /**
   * Starts delivering to the consumer: `start(track)` first, then `accept(unit)` for each access unit (a returned
   * promise is back-pressure), `stop(reason)` at the end. With the hub:
   * `subscribe: (consumer, options) => hub.subscribe(streamKey, consumer, options)`.
   */
  subscribe(consumer: StreamConsumer, options: SubscribeOptions): { close(): void };
}

/** Who asked, for the resolver (authorization and journal are the application's business). */
export interface RtspResolveContext {
  /** As returned by the authenticate hook; undefined when anonymous. */
  readonly principal: string | undefined;
  readonly remoteAddress: string;
}
