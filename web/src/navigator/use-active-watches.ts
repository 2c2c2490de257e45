// Live-watch requests in force (GET /api/watch-requests?active=true), refreshed every 20 s, for the roles that
// may read them; the navigator and the map highlight what they cover. Absent or refused: nothing highlighted.
import { useEffect, useState } from 'react';
import { apiGet } from '../api/client.js';
import { readActiveWatches, type ActiveWatch } from '../api/contracts.js';

const REFRESH_MS = 20_000;

export function useActiveWatches(enabled: boolean): readonly ActiveWatch[] {
  const [watches, setWatches] = useState<readonly ActiveWatch[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (): Promise<void> => {
      const next = await apiGet('/api/watch-requests?active=true').then(readActiveWatches, () => null);
      if (cancelled) return;
      if (next !== null) setWatches(next);
      timer = setTimeout(() => void load(), REFRESH_MS);
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [enabled]);
  return watches;
}
