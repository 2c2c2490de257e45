// The cameras and communes the signed-in user may see, loaded once for the shell and refreshed every
// 15 s. Camera state comes from the list's `state` field or, when the list has none, from the health
// of the cameras the user may see (GET /api/health/cameras) or, where that call is missing, of each camera.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, apiGet } from '../api/client.js';
import { can, readCameraState, readCameras, readCommunes, type Camera, type CameraState, type Commune } from '../api/contracts.js';
import { asRecord, readArray, readString } from '../api/read.js';
import { useUser } from '../auth/session.js';

const REFRESH_MS = 15_000;
const HEALTH_LIMIT = 64;
const HEALTH_CONCURRENCY = 4;

export interface Inventory {
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  readonly cameras: readonly Camera[];
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

export function InventoryProvider({ children }: { readonly children: ReactNode }) {
  const bulkHealth = can(useUser(), 'camera.list');
  const [cameras, setCameras] = useState<readonly Camera[]>([]);
  const [communes, setCommunes] = useState<ReadonlyMap<string, Commune>>(new Map());
  const [status, setStatus] = useState<Inventory['status']>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let healthAvailable = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (): Promise<void> => {
      try {
        const [cameraPayload, communePayload] = await Promise.all([apiGet('/api/cameras'), apiGet('/api/communes').catch(() => [])]);
        let list = readCameras(cameraPayload);
        if (healthAvailable && list.some((c) => c.state === 'unknown')) {
          const states = (bulkHealth ? await fetchAllStates() : null) ?? (await fetchEachState(list));
          if (states === null) healthAvailable = false;
          else list = list.map((c) => ({ ...c, state: states.get(c.id) ?? c.state }));
        }
        if (cancelled) return;
        setCameras(list);
        setCommunes(new Map(readCommunes(communePayload).map((c) => [c.insee, c])));
        setStatus('ready');
        setError(null);
      } catch (failure) {
        if (cancelled) return;
        setStatus((previous) => (previous === 'ready' ? previous : 'error'));
        setError(failure instanceof Error ? failure.message : String(failure));
      }
      if (!cancelled) timer = setTimeout(() => void load(), REFRESH_MS);
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [bulkHealth]);

  const camera = useCallback((id: string) => cameras.find((c) => c.id === id), [cameras]);
  const communeName = useCallback((insee: string) => communes.get(insee)?.name ?? cameras.find((c) => c.commune === insee && c.communeName !== undefined)?.communeName ?? insee, [communes, cameras]);
  const value = useMemo(() => ({ status, error, cameras, camera, communeName }), [status, error, cameras, camera, communeName]);
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

/** Lower case without accents, so that "chateaudun" finds "Châteaudun". */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}
