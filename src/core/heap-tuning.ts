// V8 settings for a long-running media process, applied at start-up by `vigie start` (and by the ingest bench,
// which measures the same process shape).
//
// V8 counts the ArrayBuffer bytes allocated since the last full (mark-compact) GC against the old generation's
// limit, which it sets to the live heap times a growing factor (about 2 by default). Vigie's JS heap is small
// (~25 MB) while its cameras allocate tens of MB/s of picture buffers that mostly die young; with the default
// factor that forced a full GC every ~200 ms at 100 cameras, about half of the ingest's CPU. A factor of 4 brings
// it to one every few seconds (`npm run bench -- ingest`, with VIGIE_BENCH_NODE_OPTIONS=--trace-gc), for about
// 1 MB more RSS per camera.
import { setFlagsFromString } from 'node:v8';

/** The old generation may grow to (1 + 300 %) × the live heap before the next full GC. */
const HEAP_GROWING_PERCENT = 300;

/** Read by V8 each time it computes the next limit, so it takes effect from the first full GC on. */
export function tuneHeapForMedia(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
