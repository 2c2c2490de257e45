// Checks the INSEE commune codes given to accounts and tokens: well formed, and communes of the territory (asked
// to the territory capability, which owns them).
import { VigieError } from '../core/errors.js';

/** What access asks the territory about communes and cameras (main.ts wires the territory capability). */
export interface CommuneDirectory {
  /** The codes that are not communes of the territory (none while it has no communes yet). */
  unknownCommunes(codes: readonly string[]): Promise<string[]>;
}

/** INSEE commune code: 5 digits, or 2A/2B + 3 digits for Corsica. */
const INSEE_CODE = /^(?:\d{5}|2[AB]\d{3})$/;

export async function assertKnownCommunes(directory: CommuneDirectory, codes: readonly string[]): Promise<void> {
  const malformed = codes.filter((code) => !INSEE_CODE.test(code));
  if (malformed.length > 0) {
    throw new VigieError('VIGIE_COMMUNE_INVALID', `not an INSEE commune code: ${malformed.join(', ')} (5 digits, e.g. 28085)`, { status: 400, context: { communes: malformed } });
  }
  if (codes.length === 0) return;
  const unknown = await directory.unknownCommunes(codes);
  if (unknown.length > 0) {
    throw new VigieError('VIGIE_COMMUNE_UNKNOWN', `unknown commune: ${unknown.join(', ')} (not in the territory)`, { status: 400, context: { communes: unknown } });
  }
}
