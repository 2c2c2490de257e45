// Stored journal rows → the entries callers read.
import type { Selectable } from 'kysely';
import type { JournalEntryTable } from './tables.js';
import type { JournalEntry, JournalOutcome, JournalTarget } from './types.js';

export function toJournalEntry(row: Selectable<JournalEntryTable>): JournalEntry {
  return {
    sequence: row.sequence,
    timeMs: row.time,
    actor: row.actor_id === null ? null : { id: row.actor_id, username: row.actor_username ?? '', role: row.actor_role ?? '' },
    ip: row.ip,
    action: row.action,
    target: toTarget(row),
    outcome: row.outcome as JournalOutcome,
    details: parseDetails(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function toTarget(row: Selectable<JournalEntryTable>): JournalTarget | null {
  if (row.target_type === null) return null;
  return {
    type: row.target_type,
    ...(row.target_id === null ? {} : { id: row.target_id }),
    ...(row.camera_id === null ? {} : { cameraId: row.camera_id }),
    ...(row.commune_insee === null ? {} : { communeInsee: row.commune_insee }),
  };
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { unparsable: text };
  }
}
