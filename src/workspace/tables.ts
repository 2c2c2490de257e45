// Kysely table types of the workspace capability: each person's console preferences. Conventions
// (db/database.ts): times are integer ms.

/** One starred camera of one account; removed with the account or the camera. */
export interface WorkspaceFavouriteTable {
  user_id: string;
  camera_id: string;
  created_at: number;
}

export interface WorkspaceTables {
  workspace_favourites: WorkspaceFavouriteTable;
}
