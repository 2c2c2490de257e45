// Reads the RTP captures committed under src/media/*/fixtures/*.rtp: packets as [length(16) bytes]…, in arrival order.
import { readFileSync } from 'node:fs';

export function readRtpCapture(url: URL): Uint8Array[] {
  const bytes = new Uint8Array(readFileSync(url));
  const packets: Uint8Array[] = [];
  let offset = 0;
  while (offset + 2 <= bytes.length) {
    const length = ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
    packets.push(bytes.subarray(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  return packets;
}

export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}
