// Byte size of an access unit as the hub counts it (NAL payloads only), for queue and cache ceilings.
import type { AccessUnit } from './access-unit.js';

export function accessUnitBytes(unit: AccessUnit): number {
  let bytes = 0;
  for (const nal of unit.nalUnits) bytes += nal.byteLength;
  return bytes;
}
