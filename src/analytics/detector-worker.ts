// One detection worker thread: loads the tfjs models once, then answers detect requests one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { loadTfjsModels, type TfjsModels } from './tfjs-models.js';
import type { DetectRequest, DetectionResult } from './detector.js';

export type WorkerRequest = { readonly id: number; readonly request: DetectRequest };
export type WorkerReply =
  | { readonly kind: 'loaded' }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'result'; readonly id: number; readonly result: DetectionResult }
  | { readonly kind: 'error'; readonly id: number; readonly reason: string };

const port = parentPort;
if (port !== null) {
  const options = workerData as { pose: boolean };
  let models: TfjsModels | undefined;
  const send = (reply: WorkerReply): void => port.postMessage(reply);
  loadTfjsModels({ pose: options.pose }).then(
    (loaded) => {
      models = loaded;
      send({ kind: 'loaded' });
    },
    (error: unknown) => send({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) }),
  );
  port.on('message', (message: WorkerRequest) => {
    if (models === undefined) return send({ kind: 'error', id: message.id, reason: 'modèles non chargés' });
    try {
      const { frame, objects, pose, minScore } = message.request;
      const result: DetectionResult = { detections: objects ? models.detect(frame, minScore) : [], poses: pose ? models.poses(frame, 0.2) : [] };
      send({ kind: 'result', id: message.id, result });
    } catch (error) {
      send({ kind: 'error', id: message.id, reason: error instanceof Error ? error.message : String(error) });
    }
  });
}
