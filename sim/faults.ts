// Per-camera fault injection: what a broken camera does to its clients. `drop` closes their connections
// (done by the server adapter), `stall` stops sending, `garbage` replaces pictures with random bytes,
// `resolution` switches to a loop of another size mid-stream (new SPS/PPS), `masks-ignored` makes a PTZ camera
// keep listing its ONVIF privacy masks but stop applying them; `restore` ends them all.
import { randomBytes } from 'node:crypto';
import { VigieError } from '../src/core/errors.js';
import { lengthPrefixed, type AccessUnit } from '../src/media/hub/index.js';

export const FAULT_KINDS = ['drop', 'stall', 'garbage', 'resolution', 'masks-ignored'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export function parseFaultKind(value: unknown): FaultKind {
  const kind = FAULT_KINDS.find((k) => k === value);
  if (kind === undefined) throw new VigieError('VIGIE_SIM_FAULT_UNKNOWN', `unknown fault "${String(value)}" (expected ${FAULT_KINDS.join(', ')})`, { status: 400 });
  return kind;
}

export class CameraFaults {
  stalled = false;
  garbage = false;

  /** Same timing as the real unit, but the payload is noise: RTP packets of random bytes (header kept valid by the server). */
  garbageUnit(unit: AccessUnit): AccessUnit {
    const noise = randomBytes(200 + Math.floor(Math.random() * 1200));
    const packet = new Uint8Array(noise.buffer, noise.byteOffset, noise.length);
    // A well-formed RTP header (version 2, the track's payload type, marker) around a payload of noise, so
    // clients accept the packet and their depacketizer meets the garbage.
    packet[0] = 0x80;
    packet[1] = 0x80 | ((unit.rtpPackets?.[0]?.[1] ?? 96) & 0x7f);
    return { ...unit, isKeyframe: false, ...lengthPrefixed([packet.subarray(12)]), rtpPackets: [packet] };
  }

  clear(): void {
    this.stalled = false;
    this.garbage = false;
  }
}
