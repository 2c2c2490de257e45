// Test helper: plays a clip's access units into a consumer as a live camera would, looping, with wall-clock
// stamps; optionally paced in real time.
import type { AccessUnit, TrackInfo, StreamConsumer } from '../../media/hub/index.js';

export interface FeedOptions {
  readonly track: TrackInfo;
  readonly units: readonly AccessUnit[];
  /** Wall-clock time of the first unit. */
  readonly startWallMs: number;
  readonly count: number;
  /** Wait in real time between units. */
  readonly paced?: boolean;
}

/** The i-th unit of an endless loop of the clip (decode times keep increasing across loops). */
export function loopUnit(units: readonly AccessUnit[], i: number, startWallMs: number): AccessUnit {
  const first = units[0];
  const unit = units[i % units.length];
  if (first === undefined || unit === undefined) throw new Error('empty clip');
  const frame90k = (units[1]?.dts90k ?? first.dts90k + 3600) - first.dts90k;
  const loopSpan = units.length * frame90k;
  const shift = Math.floor(i / units.length) * loopSpan - first.dts90k;
  const dts90k = unit.dts90k + shift;
  return { ...unit, dts90k, pts90k: unit.pts90k + shift, wallClockMs: startWallMs + dts90k / 90 };
}

export async function feed(consumer: StreamConsumer, options: FeedOptions): Promise<void> {
  consumer.start(options.track);
  const began = Date.now();
  for (let i = 0; i < options.count; i += 1) {
    const unit = loopUnit(options.units, i, options.startWallMs);
    if (options.paced === true) {
      const wait = began + unit.dts90k / 90 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await consumer.accept(unit);
  }
}
