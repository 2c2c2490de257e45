// The detector's answers recorded once per clip and replayed, so that a rule can be re-measured on many settings
// without running the models again. Exact as long as only the rules change: the pipeline asks the same questions in
// the same order (its motion gating and its tracker depend on the pictures and the detections only). Each question
// carries a fingerprint of its picture; from the first one that differs (other gating, other decoder) the clip is
// detected again and re-recorded.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectRequest, DetectionResult, Detector } from '../../src/analytics/index.js';

interface Entry {
  readonly ask: string;
  readonly result: DetectionResult;
}

/** What is asked, and a sample of the picture's bytes (FNV-1a). */
function fingerprint({ frame, objects, pose, minScore }: DetectRequest): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < frame.data.length; i += 97) hash = Math.imul(hash ^ (frame.data[i] as number), 0x01000193) >>> 0;
  return `${objects ? 'o' : ''}${pose ? 'p' : ''}${minScore}:${frame.width}x${frame.height}:${hash.toString(16)}`;
}

/** A detector for one clip: recorded answers while they match, the live detector after. */
export interface ClipDetector extends Detector {
  /** Questions answered by the live detector so far. */
  readonly misses: number;
  /** Writes the clip's answers (call once the clip is analysed). */
  save(): void;
}

export function clipDetector(dir: string, name: string, live: Detector): ClipDetector {
  const file = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.json`);
  const entries: Entry[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Entry[]) : [];
  let cursor = 0;
  let misses = 0;
  return {
    get misses() {
      return misses;
    },
    load: () => Promise.resolve(),
    close: () => Promise.resolve(),
    async detect(key, request) {
      const at = cursor++;
      const ask = fingerprint(request);
      const known = entries[at];
      if (known !== undefined && known.ask === ask) return known.result;
      entries.length = at;
      misses++;
      await live.load();
      const result = await live.detect(key, request);
      entries[at] = { ask, result };
      return result;
    },
    save() {
      if (misses === 0) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, JSON.stringify(entries.slice(0, cursor)));
    },
  };
}
