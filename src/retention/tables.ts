// Kysely table types of the retention capability: holds and the destruction register. Conventions
// (db/database.ts): times are integer ms, booleans 0/1, JSON as text.

export type HoldKind = 'judicial-requisition' | 'access-request' | 'export';

export interface RetentionHoldTable {
  id: string;
  reference: string;
  reason: string;
  kind: HoldKind;
  /** JSON array of camera ids. */
  camera_ids: string;
  from_ms: number;
  to_ms: number;
  created_by: string;
  created_at: number;
  expires_at: number;
  released_at: number | null;
  released_by: string | null;
}

export type DestructionCause = 'retention' | 'disk-full';

export interface RetentionDestructionTable {
  id: string;
  camera_id: string;
  stream: string;
  from_ms: number;
  to_ms: number;
  bytes: number;
  segments: number;
  cause: DestructionCause;
  destroyed_at: number;
}

export interface RetentionTables {
  retention_holds: RetentionHoldTable;
  retention_destructions: RetentionDestructionTable;
}
