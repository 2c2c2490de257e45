// Kysely table type of the export capability: one row per export package. Conventions (db/database.ts):
// times are integer ms.

export interface ExportTable {
  id: string;
  camera_id: string;
  from_ms: number;
  to_ms: number;
  requested_by: string;
  reason: string;
  reference: string;
  caption: number;
  status: 'running' | 'done' | 'failed';
  directory: string;
  bytes: number | null;
  error: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface ExportTables {
  exports: ExportTable;
}
