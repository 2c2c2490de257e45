// A camera inventory held in memory with the territory's change events, for ingest tests that need cameras
// but not the database (the territory capability has its own tests).
import type { IngestTerritory } from '../../src/ingest/index.js';

type Streams = Awaited<ReturnType<IngestTerritory['cameraStreams']>>;
type Listener = Parameters<IngestTerritory['onCameraChange']>[0];

export class MemoryTerritory implements IngestTerritory {
  readonly #cameras = new Map<string, { enabled: boolean; streams: Streams }>();
  readonly #listeners = new Set<Listener>();

  readonly cameras = {
    list: async (): Promise<Array<{ id: string; enabled: boolean }>> => [...this.#cameras.entries()].map(([id, c]) => ({ id, enabled: c.enabled })),
  };

  async cameraStreams(cameraId: string): Promise<Streams> {
    const camera = this.#cameras.get(cameraId);
    if (camera === undefined) throw new Error(`no camera ${cameraId}`);
    return camera.streams;
  }

  onCameraChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  listenerCount(): number {
    return this.#listeners.size;
  }

  put(id: string, streams: Streams, enabled = true): void {
    const kind = this.#cameras.has(id) ? 'updated' : 'created';
    this.#cameras.set(id, { enabled, streams });
    for (const listener of this.#listeners) listener({ kind, camera: { id, enabled } });
  }

  remove(id: string): void {
    if (!this.#cameras.delete(id)) return;
    for (const listener of this.#listeners) listener({ kind: 'removed', camera: { id, enabled: false } });
  }
}
