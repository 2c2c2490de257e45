// Kysely table types of the wall capability: monitors with their assignment, presets, and saved layouts and
// tours (one table, `kind` tells which). Conventions (db/database.ts): times are integer ms, booleans 0/1, JSON as text.

export interface WallMonitorTable {
  id: string;
  name: string;
  row: number;
  col: number;
  /** JSON: the resolved assignment (model.ts `Assignment`). */
  assignment: string;
  updated_at: number;
  updated_by: string | null;
}

export interface WallPresetTable {
  id: string;
  name: string;
  /** JSON: monitor id → assignment as asked (layouts and tours by id, resolved when applied). */
  assignments: string;
  created_by: string;
  updated_at: number;
}

export type SavedKind = 'layout' | 'tour';

export interface WallSavedTable {
  id: string;
  kind: SavedKind;
  name: string;
  /** The account that saved it; shared items are everyone's to read and wall.manage's to write. */
  owner_id: string;
  shared: number;
  /** JSON: a layout's grid (cols, rows, tiles) or a tour's steps. */
  body: string;
  updated_at: number;
}

export interface WallTables {
  wall_monitors: WallMonitorTable;
  wall_presets: WallPresetTable;
  wall_saved: WallSavedTable;
}
