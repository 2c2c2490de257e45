// Saved mosaics and tours: the user's own and the shared ones, read from and written to /api/layouts and
// /api/tours, and turned into the mosaic's own model (geometry + slots) and back.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiGet, apiPost, apiRequest } from '../api/client.js';
import type { SavedLayout, SavedTour } from '../api/contracts.js';
import { buildGeometry, type MosaicLayout } from './mosaic-state.js';

export type LibraryState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly layouts: readonly SavedLayout[]; readonly tours: readonly SavedTour[] }
  | { readonly status: 'unavailable'; readonly reason: string };

export function toMosaic(saved: Pick<SavedLayout, 'cols' | 'rows' | 'tiles'>): MosaicLayout {
  const geometry = buildGeometry(
    saved.cols,
    saved.rows,
    saved.tiles.filter((t) => t.colSpan > 1 || t.rowSpan > 1),
  );
  const cameraAt = (col: number, row: number): string | null => saved.tiles.find((t) => t.col === col && t.row === row)?.cameraId ?? null;
  return { geometry, slots: geometry.tiles.map((t) => cameraAt(t.col, t.row)) };
}

export function fromMosaic(layout: MosaicLayout): Pick<SavedLayout, 'cols' | 'rows' | 'tiles'> {
  const { cols, rows, tiles } = layout.geometry;
  return { cols, rows, tiles: tiles.map((t, i) => ({ col: t.col, row: t.row, colSpan: t.colSpan, rowSpan: t.rowSpan, cameraId: layout.slots[i] ?? null })) };
}

const MESSAGES: Readonly<Record<string, string>> = {
  VIGIE_WALL_SHARED_FORBIDDEN: 'Seul un rôle habilité à gérer le mur peut partager une mosaïque ou modifier celle d’un autre.',
  VIGIE_LAYOUT_INVALID: 'Cette mosaïque n’est pas valable (5 × 5 au plus, vignettes dans la grille).',
  VIGIE_LAYOUT_NOT_FOUND: 'Cette mosaïque n’existe plus.',
  VIGIE_TOUR_NOT_FOUND: 'Cette ronde n’existe plus.',
  VIGIE_FORBIDDEN: 'Votre rôle ne permet pas d’enregistrer des mosaïques.',
  NETWORK: 'Serveur Vigie injoignable.',
};

/** A French sentence for a failed call, never the server's own text. */
export function libraryError(error: unknown): string {
  if (error instanceof ApiError) {
    if (MESSAGES[error.code] !== undefined) return MESSAGES[error.code] as string;
    if (error.status === 400) return 'Le nom est obligatoire (100 caractères au plus).';
    if (error.status === 403) return 'Votre rôle ne permet pas cette action.';
  }
  return 'L’enregistrement a échoué ; réessayez dans un instant.';
}

export function useSavedLibrary(enabled: boolean) {
  const [state, setState] = useState<LibraryState>({ status: 'loading' });

  const reload = useCallback(async () => {
    if (!enabled) {
      setState({ status: 'unavailable', reason: 'Votre rôle ne permet pas d’enregistrer des mosaïques.' });
      return;
    }
    try {
      const [layouts, tours] = await Promise.all([apiGet('/api/layouts'), apiGet('/api/tours')]);
      setState({ status: 'ready', layouts: layouts as SavedLayout[], tours: tours as SavedTour[] });
    } catch (error) {
      setState({ status: 'unavailable', reason: error instanceof ApiError && error.status === 404 ? 'Les mosaïques enregistrées ne sont pas disponibles sur ce serveur.' : libraryError(error) });
    }
  }, [enabled]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const save = useCallback(
    async (name: string, shared: boolean, layout: MosaicLayout, replacing?: string): Promise<SavedLayout> => {
      const body = { name, shared, ...fromMosaic(layout) };
      const saved = (await (replacing === undefined ? apiPost('/api/layouts', body) : apiRequest('PUT', `/api/layouts/${encodeURIComponent(replacing)}`, body))) as SavedLayout;
      await reload();
      return saved;
    },
    [reload],
  );

  const remove = useCallback(
    async (id: string): Promise<void> => {
      await apiRequest('DELETE', `/api/layouts/${encodeURIComponent(id)}`);
      await reload();
    },
    [reload],
  );

  return { state, save, remove, reload };
}
