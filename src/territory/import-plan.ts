// What a camera import would change, decided before anything is written (pure): each good line becomes a
// creation, an update or nothing, and a full synchronisation also removes the cameras the file leaves out.
// Cameras are matched by name, the identifier the installers' files and the operators use (unique in Vigie).
import { changedFields, draftColumns } from './camera-rows.js';
import type { ImportedCamera } from './camera-import.js';
import type { CameraRow } from './camera-store.js';
import type { Credentials, FieldError } from './model.js';

/**
 * create: every camera in the file is new (a name already in Vigie is an error);
 * upsert: new names are created, known ones updated; sync: upsert, then cameras absent from the file are removed.
 */
export const IMPORT_MODES = ['create', 'upsert', 'sync'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export interface StoredCamera {
  readonly row: CameraRow;
  readonly sectorIds: readonly string[];
  /** Decrypts the stored credentials, only when the file gives some to compare with. */
  readonly credentials: () => Credentials | null;
}

export interface PlannedUpdate {
  readonly line: number;
  readonly id: string;
  readonly camera: ImportedCamera;
  /** The camera fields that change ("credentials" and "sectors" included). */
  readonly changed: readonly string[];
}

export interface ImportPlan {
  readonly creates: readonly ImportedCamera[];
  readonly updates: readonly PlannedUpdate[];
  readonly unchanged: ReadonlyArray<{ readonly line: number; readonly id: string; readonly name: string }>;
  readonly removals: readonly CameraRow[];
  readonly errors: readonly FieldError[];
}

export function planImport(cameras: readonly ImportedCamera[], stored: ReadonlyMap<string, StoredCamera>, mode: ImportMode): ImportPlan {
  const creates: ImportedCamera[] = [];
  const updates: PlannedUpdate[] = [];
  const unchanged: Array<{ line: number; id: string; name: string }> = [];
  const errors: FieldError[] = [];
  for (const camera of cameras) {
    const existing = stored.get(camera.draft.name);
    if (existing === undefined) creates.push(camera);
    else if (mode === 'create')
      errors.push({ line: camera.line, field: 'name', message: `a camera named "${camera.draft.name}" already exists (import in upsert or sync mode to update it)`, reason: 'name-taken' });
    else {
      const changed = changesOf(camera, existing);
      if (changed.length === 0) unchanged.push({ line: camera.line, id: existing.row.id, name: existing.row.name });
      else updates.push({ line: camera.line, id: existing.row.id, camera, changed });
    }
  }
  const inFile = new Set(cameras.map((c) => c.draft.name));
  const removals = mode === 'sync' ? [...stored.values()].filter((s) => !inFile.has(s.row.name)).map((s) => s.row) : [];
  return { creates, updates, unchanged, removals, errors };
}

function changesOf(camera: ImportedCamera, existing: StoredCamera): string[] {
  const changed = changedFields(existing.row, draftColumns(camera.draft));
  if (camera.draft.sectors !== undefined && !sameSet(camera.sectorIds, existing.sectorIds)) changed.push('sectors');
  const credentials = camera.draft.credentials;
  if (credentials !== undefined) {
    const current = existing.credentials();
    if (credentials?.username !== current?.username || credentials?.password !== current?.password) changed.push('credentials');
  }
  return changed;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
