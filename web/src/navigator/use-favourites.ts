// The signed-in person's favourite cameras, kept on the server (GET/PUT/DELETE /api/me/favourites): starred
// at once on screen, put back with a French message if the server refuses.
import { useCallback, useEffect, useState } from 'react';
import { apiGet, apiRequest } from '../api/client.js';
import { readFavourites } from '../api/contracts.js';

export interface Favourites {
  readonly ids: ReadonlySet<string>;
  /** A French sentence when the last change could not be saved. */
  readonly problem: string | null;
  toggle(cameraId: string): void;
}

export function useFavourites(enabled: boolean): Favourites {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    apiGet('/api/me/favourites').then(
      (payload) => {
        if (!cancelled) setIds(new Set(readFavourites(payload)));
      },
      () => {
        if (!cancelled) setProblem('Vos favoris n’ont pas pu être chargés.');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [enabled]);

  const toggle = useCallback(
    (cameraId: string) => {
      if (!enabled) return;
      const starring = !ids.has(cameraId);
      const apply = (star: boolean) =>
        setIds((current) => {
          const next = new Set(current);
          if (star) next.add(cameraId);
          else next.delete(cameraId);
          return next;
        });
      apply(starring);
      setProblem(null);
      apiRequest(starring ? 'PUT' : 'DELETE', `/api/me/favourites/${encodeURIComponent(cameraId)}`, starring ? {} : undefined).catch(() => {
        apply(!starring);
        setProblem(starring ? 'Cette caméra n’a pas pu être ajoutée à vos favoris.' : 'Cette caméra n’a pas pu être retirée de vos favoris.');
      });
    },
    [enabled, ids],
  );

  return { ids, problem, toggle };
}
