// The hash chain of the journal: a canonical serialisation of each entry (fixed field order, sorted JSON
// keys) hashed with SHA-256 together with the previous entry's hash, so that any edit, deletion, insertion
// or reordering breaks the chain from that point on.
import { createHash } from 'node:crypto';

/** prev_hash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of a stored entry that the hash covers (all of them but the hash itself). */
export interface ChainedFields {
  readonly sequence: number;
  readonly time: number;
  readonly actor_id: string | null;
  readonly actor_username: string | null;
  readonly actor_role: string | null;
  readonly ip: string | null;
  readonly action: string;
  readonly target_type: string | null;
  readonly target_id: string | null;
  readonly camera_id: string | null;
  readonly commune_insee: string | null;
  readonly outcome: string;
  readonly details: string;
  readonly prev_hash: string;
}

export function entryHash(fields: ChainedFields): string {
  const ordered = [
    'vigie-journal-v1',
    fields.sequence,
    fields.time,
    fields.actor_id,
    fields.actor_username,
    fields.actor_role,
    fields.ip,
    fields.action,
    fields.target_type,
    fields.target_id,
    fields.camera_id,
    fields.commune_insee,
    fields.outcome,
    fields.details,
    fields.prev_hash,
  ];
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}

/** JSON with object keys sorted at every level, so the same details always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) {
      if (source[key] !== undefined) sorted[key] = sortKeys(source[key]);
    }
    return sorted;
  }
  return value;
}
