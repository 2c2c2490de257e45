// The cameras and communes the signed-in user may see, loaded once for the shell: the list (with where each
// camera is and looks) every 30 s, the states every 5 s. Camera state comes from the list's `state` field or,
// when the list has none, from the health of the cameras the user may see (GET /api/health/cameras) or, where
// that call is missing, of each camera; the recorder's state from GET /api/recordings/status.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, apiGet } from '../api/client.js';
import {
  can,
  readCameraPlacements,
  readCameraState,
  readCameras,
  readCommunes,
  readRecordingStates,
  type Camera,
  type CameraPlacement,
  type CameraState,
  type Commune,
  type RecordingState,
} from '../api/contracts.js';
import { asRecord, readArray, readString } from '../api/read.js';
import { useUser } from '../auth/session.js';
import { normalize } from './normalize.js';

const STATE_REFRESH_MS = 5_000;
/** The list (names, places, sectors) changes rarely: reloaded every sixth state refresh. */
const LIST_EVERY = 6;
const HEALTH_LIMIT = 64;
const HEALTH_CONCURRENCY = 4;

export interface Inventory {
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  readonly cameras: readonly Camera[];
  /** Where each camera is and looks, and its sectors. */
  readonly placements: ReadonlyMap<string, CameraPlacement>;
  /** The recorder's state of each camera; empty when the user may not read recordings. */
  readonly recording: ReadonlyMap<string, RecordingState>;
  camera(id: string): Camera | undefined;
  communeName(insee: string): string;
}

const InventoryContext = createContext<Inventory | null>(null);

/** The state of every camera the user may see, in one call (GET /api/health/cameras); null when it fails. */
async function fetchAllStates(): Promise<Map<string, CameraState> | null> {
  try {
    const payload = await apiGet('/api/health/cameras');
    const entries = readArray(payload, 'cameras').map((item) => {
      const record = asRecord(item);
      const id = record === null ? undefined : readString(record, 'cameraId', 'id');
      return id === undefined ? null : ([id, readCameraState(item)] as const);
    });
    return new Map(entries.filter((e) => e !== null));
  } catch {
    return null;
  }
}

/** One health call per camera without a known state: the fallback when the one call is not available. */
async function fetchEachState(cameras: readonly Camera[]): Promise<Map<string, CameraState> | null> {
  const states = new Map<string, CameraState>();
  const pending = cameras.filter((c) => c.state === 'unknown').slice(0, HEALTH_LIMIT);
  let missingRoute = false;
  const worker = async (): Promise<void> => {
    for (let camera = pending.shift(); camera !== undefined && !missingRoute; camera = pending.shift()) {
      try {
        states.set(camera.id, readCameraState(await apiGet(`/api/cameras/${encodeURIComponent(camera.id)}/health`)));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && error.message.startsWith('no route')) missingRoute = true;
      }
    }
  };
  await Promise.all(Array.from({ length: HEALTH_CONCURRENCY }, worker));
  return missingRoute ? null : states;
}

/**
 * The communes to name: a commune-bound user asks for his own only (his console never receives the others),
 * everyone else for the territory's list.
 */
async function fetchCommunes(ownCommunes: string): Promise<unknown> {
  if (ownCommunes === '') return apiGet('/api/communes');
  return Promise.all(ownCommunes.split(',').map((insee) => apiGet(`/api/communes/${encodeURIComponent(insee)}`).catch(() => null)));
}

export function InventoryProvider({ children }: { readonly children: ReactNode }) {
  const user = useUser();
  // Someone who may not list cameras (an investigator: his requisitions' cameras only) asks for no list at all.
  const lists = can(user, 'camera.list');
  const bulkHealth = lists;
  const readsRecording = lists && can(user, 'recording.read');
  const ownCommunes = user.communes.join(',');
  const [cameras, setCameras] = useState<readonly Camera[]>([]);
  const [placements, setPlacements] = useState<ReadonlyMap<string, CameraPlacement>>(new Map());
  const [recording, setRecording] = useState<ReadonlyMap<string, RecordingState>>(new Map());
  const [communes, setCommunes] = useState<ReadonlyMap<string, Commune>>(new Map());
  const [status, setStatus] = useState<Inventory['status']>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let healthAvailable = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let tick = 0;
    let listed: Camera[] = [];
    const load = async (): Promise<void> => {
      if (!lists) {
        setStatus('ready');
        return;
      }
      try {
        if (tick % LIST_EVERY === 0) {
          const [cameraPayload, communePayload] = await Promise.all([apiGet('/api/cameras'), fetchCommunes(ownCommunes).catch(() => [])]);
          listed = readCameras(cameraPayload);
          if (cancelled) return;
          setPlacements(readCameraPlacements(cameraPayload));
          setCommunes(new Map(readCommunes(communePayload).map((c) => [c.insee, c])));
        }
        let list = listed;
        if (healthAvailable && list.some((c) => c.state === 'unknown')) {
          const states = (bulkHealth ? await fetchAllStates() : null) ?? (await fetchEachState(list));
          if (states === null) healthAvailable = false;
          else list = list.map((c) => ({ ...c, state: states.get(c.id) ?? c.state }));
        }
        const recorders = readsRecording ? await apiGet('/api/recordings/status').then(readRecordingStates, () => null) : null;
        if (cancelled) return;
        setCameras(list);
        if (recorders !== null) setRecording(recorders);
        setStatus('ready');
        setError(null);
        tick += 1;
      } catch (failure) {
        if (cancelled) return;
        setStatus((previous) => (previous === 'ready' ? previous : 'error'));
        setError(failure instanceof Error ? failure.message : String(failure));
      }
      if (!cancelled) timer = setTimeout(() => void load(), STATE_REFRESH_MS);
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [lists, bulkHealth, readsRecording, ownCommunes]);

  const camera = useCallback((id: string) => cameras.find((c) => c.id === id), [cameras]);
  const communeName = useCallback((insee: string) => communes.get(insee)?.name ?? cameras.find((c) => c.commune === insee && c.communeName !== undefined)?.communeName ?? insee, [communes, cameras]);
  const value = useMemo(() => ({ status, error, cameras, placements, recording, camera, communeName }), [status, error, cameras, placements, recording, camera, communeName]);
  return <InventoryContext.Provider value={value}>{children}</InventoryContext.Provider>;
}

export function useInventory(): Inventory {
  const inventory = useContext(InventoryContext);
  if (inventory === null) throw new Error('useInventory outside InventoryProvider');
  return inventory;
}

export interface CommuneGroup {
  readonly insee: string;
  readonly name: string;
  readonly cameras: readonly Camera[];
}

/** Cameras grouped by commune, communes and cameras sorted by name (French collation), filtered by `query`. */
export function groupByCommune(inventory: Inventory, query = ''): CommuneGroup[] {
  const needle = normalize(query);
  const groups = new Map<string, Camera[]>();
  for (const camera of inventory.cameras) {
    const communeName = inventory.communeName(camera.commune);
    if (needle !== '' && !normalize(`${camera.name} ${communeName} ${camera.commune}`).includes(needle)) continue;
    groups.set(camera.commune, [...(groups.get(camera.commune) ?? []), camera]);
  }
  const collator = new Intl.Collator('fr', { numeric: true });
  return [...groups.entries()]
    .map(([insee, list]) => ({ insee, name: inventory.communeName(insee), cameras: list.sort((a, b) => collator.compare(a.name, b.name)) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
