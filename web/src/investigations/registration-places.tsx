// Where a requisition asks for footage, chosen at registration: cameras picked on the map (a click on a marker
// adds or removes it) or by name in a searchable list (the accessible alternative to the map), and/or an area drawn
// on the map, whose cameras are shown before submitting. The map is the console's (territory-map.tsx), fed by GET
// /api/requisitions/registration-map: an investigator may not list the estate, so this route gives him the
// outlines and the cameras' names and places only. The server decides which cameras the area holds; the list here
// is what it will find.
import { useEffect, useMemo, useState } from 'react';
import { apiGet } from '../api/client.js';
import { readCommuneOutlines, readFieldOfView, type CommuneOutline } from '../api/contracts.js';
import { insidePolygon } from '../map/projection.js';
import { TerritoryMap, type LonLat, type MapCamera } from '../map/territory-map.js';

export interface Places {
  readonly cameraIds: readonly string[];
  /** A GeoJSON Polygon, or null when no area is drawn. */
  readonly area: unknown;
}

const NO_TILES = { tileUrl: null, tileAttribution: null } as const;
const SEARCH_LIMIT = 12;
/** Green here means chosen for the requisition, not online. */
const CHOICE_LABELS = { online: 'Retenue', idle: 'Non retenue' } as const;

function readMap(payload: unknown): { outlines: CommuneOutline[]; cameras: MapCamera[] } {
  const record = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const cameras = (Array.isArray(record['cameras']) ? record['cameras'] : []).flatMap((value): MapCamera[] => {
    const c = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const position = typeof c['position'] === 'object' && c['position'] !== null ? (c['position'] as Record<string, unknown>) : {};
    const { id, name, communeInsee, communeName } = c;
    const { lat, lon } = position;
    if (typeof id !== 'string' || typeof name !== 'string' || typeof lat !== 'number' || typeof lon !== 'number') return [];
    const commune = typeof communeInsee === 'string' ? communeInsee : '';
    return [
      {
        id,
        name,
        commune,
        communeName: typeof communeName === 'string' ? communeName : commune,
        state: 'idle',
        recording: null,
        lat,
        lon,
        fieldOfView: readFieldOfView(c['fieldOfView']),
        sensitive: false,
        watched: false,
      },
    ];
  });
  return { outlines: readCommuneOutlines(record['outlines']), cameras };
}

const label = (camera: MapCamera): string => `${camera.name} (${camera.communeName})`;

/** The area's polygon as GeoJSON, once it has three corners. */
function polygonOf(corners: readonly LonLat[]): unknown {
  if (corners.length < 3) return null;
  const ring = [...corners, corners[0] as LonLat].map((p) => [Number(p.lon.toFixed(6)), Number(p.lat.toFixed(6))]);
  return { type: 'Polygon', coordinates: [ring] };
}

export function RegistrationPlaces({ onChange, resetKey }: { readonly onChange: (places: Places) => void; readonly resetKey: number }) {
  const [map, setMap] = useState<{ outlines: CommuneOutline[]; cameras: MapCamera[] } | null>(null);
  const [failed, setFailed] = useState(false);
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [corners, setCorners] = useState<readonly LonLat[]>([]);
  const [drawing, setDrawing] = useState(false);
  const [search, setSearch] = useState('');

  useEffect(() => {
    let cancelled = false;
    apiGet('/api/requisitions/registration-map').then(
      (payload) => !cancelled && setMap(readMap(payload)),
      () => !cancelled && setFailed(true),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  useEffect(() => {
    setPicked([]);
    setCorners([]);
    setDrawing(false);
    setSearch('');
  }, [resetKey]);
  useEffect(() => onChange({ cameraIds: picked, area: polygonOf(corners) }), [picked, corners, onChange]);

  const cameras = map?.cameras ?? [];
  const byId = useMemo(() => new Map(cameras.map((camera) => [camera.id, camera])), [cameras]);
  const inArea = useMemo(() => {
    if (corners.length < 3) return [];
    const ring = corners.map((p): [number, number] => [p.lon, p.lat]);
    return cameras.filter((camera) => insidePolygon([camera.lon, camera.lat], ring));
  }, [cameras, corners]);
  const shown = useMemo(() => cameras.map((camera): MapCamera => ({ ...camera, state: picked.includes(camera.id) ? 'online' : 'idle' })), [cameras, picked]);
  const toggle = (id: string, add?: boolean) => setPicked((ids) => (ids.includes(id) ? (add === true ? ids : ids.filter((x) => x !== id)) : [...ids, id]));
  const needle = search.trim().toLocaleLowerCase('fr');
  const found = needle === '' ? [] : cameras.filter((camera) => label(camera).toLocaleLowerCase('fr').includes(needle) && !picked.includes(camera.id)).slice(0, SEARCH_LIMIT);

  return (
    <fieldset className="registration-places">
      <legend>Caméras requises</legend>
      {failed && <p role="alert">La carte des caméras n’a pas pu être chargée : réessayez plus tard.</p>}
      <p className="muted small">
        {drawing
          ? `Tracé de la zone : cliquez sur la carte pour placer chaque sommet (${corners.length} placé${corners.length > 1 ? 's' : ''}), puis « Terminer la zone ».`
          : 'Cliquez sur une caméra de la carte pour l’ajouter ou la retirer (en vert : retenue), ou tracez une zone : ses caméras seront requises.'}
      </p>
      <div className="registration-map">
        <TerritoryMap
          outlines={map?.outlines ?? []}
          draft={corners}
          cameras={shown}
          settings={NO_TILES}
          selectedId={null}
          focusCommune={null}
          mayOpen={!drawing}
          markerHint="Clic : ajouter à la réquisition ou l’en retirer"
          stateLabels={CHOICE_LABELS}
          clusterFrom={0}
          onOpen={(ids) => {
            if (ids.length === 1) toggle(ids[0] as string);
            else for (const id of ids) toggle(id, true);
          }}
          {...(drawing ? { onPick: (point: LonLat) => setCorners((c) => [...c, point]) } : {})}
        />
      </div>
      <div className="registration-area-actions">
        {drawing ? (
          <button type="button" onClick={() => setDrawing(false)} disabled={corners.length < 3}>
            Terminer la zone
          </button>
        ) : (
          <button
            type="button"
            onClick={() => {
              setCorners([]);
              setDrawing(true);
            }}
          >
            {corners.length >= 3 ? 'Tracer une autre zone' : 'Tracer une zone'}
          </button>
        )}
        {corners.length > 0 && (
          <button
            type="button"
            onClick={() => {
              setCorners([]);
              setDrawing(false);
            }}
          >
            Effacer la zone
          </button>
        )}
      </div>
      {corners.length >= 3 && (
        <div data-testid="area-cameras">
          <p className="small">{inArea.length === 0 ? 'La zone tracée ne contient aucune caméra.' : `Caméras dans la zone (${inArea.length}) :`}</p>
          <ul>
            {inArea.map((camera) => (
              <li key={camera.id}>{label(camera)}</li>
            ))}
          </ul>
        </div>
      )}
      <label>
        Rechercher une caméra par son nom
        <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="ex. Place des Épars" />
      </label>
      {found.length > 0 && (
        <ul aria-label="Caméras trouvées" className="registration-found">
          {found.map((camera) => (
            <li key={camera.id}>
              {label(camera)}{' '}
              <button type="button" className="small" onClick={() => toggle(camera.id, true)} aria-label={`Ajouter ${label(camera)}`}>
                Ajouter
              </button>
            </li>
          ))}
        </ul>
      )}
      {needle !== '' && found.length === 0 && <p className="muted small">Aucune autre caméra ne porte ce nom.</p>}
      <ul aria-label="Caméras retenues" className="registration-picked">
        {picked.map((id) => {
          const camera = byId.get(id);
          const name = camera === undefined ? id : label(camera);
          return (
            <li key={id}>
              {name}{' '}
              <button type="button" className="small" onClick={() => toggle(id)} aria-label={`Retirer ${name}`}>
                Retirer
              </button>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
