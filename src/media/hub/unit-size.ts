// Byte size of an access unit as the hub counts it (its sample: NAL units and their length fields), for queue and
// cache ceilings and bitrates.
import type { AccessUnit } from './access-unit.js';

export function accessUnitBytes(unit: AccessUnit): number {
  return unit.sample.byteLength;
}
