// Runs one picture match (matching.ts) in a worker thread, so that the seconds of arithmetic a calibration step
// takes never hold up the media pipelines and the API on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { measureShift, measureZoom } from './matching.js';

export interface MatchJob {
  readonly kind: 'shift' | 'zoom';
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Search reach: the largest shift (fraction) or magnification. */
  readonly reach: number;
}

const job = workerData as MatchJob;
const match = job.kind === 'shift' ? measureShift(job.a, job.b, job.width, job.height, job.reach) : measureZoom(job.a, job.b, job.width, job.height, job.reach);
parentPort?.postMessage(match);
