// One simulated stream (a camera's main or sub) published into the simulator's hub, which keeps the GOP cache
// and a bounded queue per client. Faults act here: a stalled camera publishes nothing, a garbage camera
// publishes noise, a dropped camera ends its stream (clients are cut off) and comes back at once.
import type { AccessUnit, TrackInfo, Hub, StreamPublisher } from '../src/media/hub/index.js';
import type { CameraFaults } from './faults.js';

export class SimStream {
  /** "cam<N>/main" or "cam<N>/sub": the RTSP path and the hub's stream key. */
  readonly path: string;
  readonly faults: CameraFaults;
  readonly #hub: Hub;
  #publisher: StreamPublisher;
  #track: TrackInfo | undefined;

  constructor(path: string, faults: CameraFaults, hub: Hub) {
    this.path = path;
    this.faults = faults;
    this.#hub = hub;
    this.#publisher = hub.publish(path);
  }

  setTrack(track: TrackInfo): void {
    if (this.#track === track) return;
    this.#track = track;
    this.#publisher.setTrack(track);
  }

  publish(unit: AccessUnit): void {
    if (this.faults.stalled || this.#track === undefined) return;
    this.#publisher.push(this.faults.garbage ? this.faults.garbageUnit(unit) : unit);
  }

  /** Ends the stream for every current client, then publishes again for the next ones. */
  drop(): void {
    this.#publisher.end();
    this.#publisher = this.#hub.publish(this.path);
    if (this.#track !== undefined) this.#publisher.setTrack(this.#track);
  }

  close(): void {
    this.#publisher.end();
  }
}
