// Typed camera change events, so that ingest and recording follow the inventory without polling.
import type { Logger } from '../core/logger.js';
import type { CameraChange } from './model.js';

export type CameraChangeListener = (change: CameraChange) => void;

export class CameraChanges {
  readonly #listeners = new Set<CameraChangeListener>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Returns the function that unsubscribes. */
  on(listener: CameraChangeListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Called after the change is committed; a failing listener is logged and never stops the others. */
  emit(change: CameraChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#logger.error({ err: error, cameraId: change.camera.id, change: change.kind }, 'camera change listener failed');
      }
    }
  }
}
