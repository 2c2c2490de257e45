// The communes' outlines and the map settings, loaded once for a map; a failure leaves the map with markers only.
// The sectors' areas (sensitive ones drawn red) for the operators' map.
import { useEffect, useState } from 'react';
import { apiGet } from '../api/client.js';
import { readCommuneOutlines, readMapSettings, readPolygons, type CommuneOutline, type MapSettings } from '../api/contracts.js';
import type { MapArea } from './territory-map.js';

const NO_TILES: MapSettings = { tileUrl: null, tileAttribution: null };

export function useMapData(enabled: boolean): { outlines: readonly CommuneOutline[]; settings: MapSettings; problem: string | null } {
  const [outlines, setOutlines] = useState<readonly CommuneOutline[]>([]);
  const [settings, setSettings] = useState<MapSettings>(NO_TILES);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    apiGet('/api/communes/outlines').then(
      (payload) => !cancelled && setOutlines(readCommuneOutlines(payload)),
      () => !cancelled && setProblem('Les contours des communes n’ont pas pu être chargés : la carte montre les caméras seules.'),
    );
    apiGet('/api/console/map').then(
      (payload) => !cancelled && setSettings(readMapSettings(payload)),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [enabled]);
  return { outlines, settings, problem };
}

/** The areas of the sectors the user may see (GET /api/sectors), loaded once; none when that fails. */
export function useSectorAreas(enabled: boolean): readonly MapArea[] {
  const [areas, setAreas] = useState<readonly MapArea[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    apiGet('/api/sectors').then(
      (payload) => {
        if (cancelled || !Array.isArray(payload)) return;
        const read = payload.flatMap((value): MapArea[] => {
          const r = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
          const polygons = readPolygons(r['area']);
          return typeof r['id'] === 'string' && polygons.length > 0 ? [{ id: r['id'], name: typeof r['name'] === 'string' ? r['name'] : '', sensitive: r['sensitive'] === true, polygons }] : [];
        });
        setAreas(read);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [enabled]);
  return areas;
}
