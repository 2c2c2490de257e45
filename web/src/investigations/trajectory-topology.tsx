// « Topologie des caméras »: for each camera, its neighbours — leaving its field towards a direction, the camera
// reached next and the typical travel times on foot and by vehicle — drawn as arrows on the map. Suggested by the
// server from positions and fields of view; a room lead or an administrator picks a camera on the map and edits
// its neighbours (each change journaled); others read.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { apiGet, apiPost, apiRequest } from '../api/client.js';
import { can, type CameraLinkView, type TopologyView } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { TerritoryMap, type MapCamera, type MapLine } from '../map/territory-map.js';
import { useMapData } from '../map/use-map-data.js';
import { EmptyState } from '../ui/empty-state.js';
import { trajectoryErrorMessage } from './trajectory-page.js';
import './trajectory.css';

const DIRECTIONS: ReadonlyArray<{ readonly value: CameraLinkView['direction']; readonly label: string }> = [
  { value: 'N', label: 'nord' },
  { value: 'NE', label: 'nord-est' },
  { value: 'E', label: 'est' },
  { value: 'SE', label: 'sud-est' },
  { value: 'S', label: 'sud' },
  { value: 'SW', label: 'sud-ouest' },
  { value: 'W', label: 'ouest' },
  { value: 'NW', label: 'nord-ouest' },
];

interface Row {
  direction: CameraLinkView['direction'];
  toCameraId: string;
  walkMinS: string;
  walkMaxS: string;
  driveMinS: string;
  driveMaxS: string;
}

const toRow = (link: CameraLinkView): Row => ({
  direction: link.direction,
  toCameraId: link.toCameraId,
  walkMinS: String(link.walkMinS),
  walkMaxS: String(link.walkMaxS),
  driveMinS: String(link.driveMinS),
  driveMaxS: String(link.driveMaxS),
});

export function TopologyPage() {
  const user = useUser();
  const [topology, setTopology] = useState<TopologyView | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const map = useMapData(can(user, 'territory.read'));
  const manage = can(user, 'topology.manage');
  const reload = useCallback(() => {
    apiGet('/api/topology').then(
      (answer) => {
        setTopology(answer as TopologyView);
        setProblem(null);
      },
      (failure: unknown) => setProblem(trajectoryErrorMessage(failure)),
    );
  }, []);
  useEffect(reload, [reload]);
  const names = useMemo(() => new Map((topology?.cameras ?? []).map((c) => [c.id, c.name])), [topology]);
  const cameras: MapCamera[] = useMemo(
    () =>
      (topology?.cameras ?? []).map((c) => ({
        id: c.id,
        name: c.name,
        commune: c.communeInsee,
        communeName: c.communeInsee,
        state: 'unknown' as const,
        recording: null,
        lat: c.position.lat,
        lon: c.position.lon,
        fieldOfView: c.fieldOfView,
        sensitive: false,
        watched: false,
      })),
    [topology],
  );
  const lines: MapLine[] = useMemo(() => {
    const at = new Map((topology?.cameras ?? []).map((c) => [c.id, c.position]));
    return (topology?.links ?? []).flatMap((link) => {
      const from = at.get(link.fromCameraId);
      const to = at.get(link.toCameraId);
      if (from === undefined || to === undefined) return [];
      return [
        {
          id: `${link.fromCameraId}>${link.direction}>${link.toCameraId}`,
          kind: 'link' as const,
          points: [from, to],
          title: `${names.get(link.fromCameraId) ?? ''} → ${names.get(link.toCameraId) ?? ''}`,
          chosen: link.fromCameraId === selected,
        },
      ];
    });
  }, [topology, names, selected]);

  if (!can(user, 'topology.read')) {
    return <EmptyState title="Topologie : accès réservé">Cette page est réservée aux chefs de salle, aux administrateurs et aux auditeurs.</EmptyState>;
  }
  const suggest = () => {
    setMessage(null);
    apiPost('/api/topology/suggest', {}).then(
      (answer) => {
        const { suggested, keptEdited } = answer as { suggested: number; keptEdited: number };
        setMessage(
          `${suggested} liaison${suggested > 1 ? 's' : ''} suggérée${suggested > 1 ? 's' : ''} ; ${keptEdited} caméra${keptEdited > 1 ? 's' : ''} modifiée${keptEdited > 1 ? 's' : ''} à la main conservée${keptEdited > 1 ? 's' : ''}.`,
        );
        reload();
      },
      (failure: unknown) => setMessage(trajectoryErrorMessage(failure)),
    );
  };
  return (
    <div className="topology-page">
      <h1>Topologie des caméras</h1>
      <p className="trajectory-note">
        Pour chaque caméra, la caméra atteinte en quittant son champ dans une direction, et le temps de trajet habituel à pied et en véhicule. Cliquez une caméra sur la carte pour voir
        {manage ? ' et modifier' : ''} ses voisines.
      </p>
      {problem !== null && <p role="alert">{problem}</p>}
      {topology === null && problem === null && <p>Lecture de la topologie…</p>}
      {topology !== null && (
        <div className="topology-layout">
          <div className="topology-side">
            {manage && (
              <section>
                <h2>Suggestion</h2>
                <p className="trajectory-note">Calculée depuis les positions et les champs de vision ; les caméras modifiées à la main gardent leurs voisines.</p>
                <button type="button" onClick={suggest}>
                  Suggérer à nouveau
                </button>
              </section>
            )}
            {message !== null && <p role="status">{message}</p>}
            <label>
              Caméra (ou clic sur la carte){' '}
              <select value={selected ?? ''} onChange={(e) => setSelected(e.target.value === '' ? null : e.target.value)}>
                <option value="">— choisir —</option>
                {[...names.entries()]
                  .sort((a, b) => a[1].localeCompare(b[1], 'fr'))
                  .map(([id, name]) => (
                    <option key={id} value={id}>
                      {name}
                    </option>
                  ))}
              </select>
            </label>
            {selected === null ? (
              <p>{topology.cameras.length === 0 ? 'Aucune caméra à afficher.' : `${topology.links.length} liaisons entre ${topology.cameras.length} caméras. Choisissez une caméra sur la carte.`}</p>
            ) : (
              <Neighbours
                key={selected}
                cameraId={selected}
                names={names}
                links={topology.links.filter((link) => link.fromCameraId === selected)}
                manage={manage}
                onSaved={(text) => {
                  setMessage(text);
                  reload();
                }}
              />
            )}
          </div>
          <div className="topology-map">
            <TerritoryMap
              outlines={map.outlines}
              lines={lines}
              cameras={cameras}
              settings={map.settings}
              selectedId={selected}
              focusCommune={topology.cameras.find((c) => c.id === selected)?.communeInsee ?? null}
              mayOpen
              markerHint="Clic : voir les voisines de cette caméra"
              onOpen={(ids) => setSelected(ids[0] ?? null)}
            />
          </div>
        </div>
      )}
    </div>
  );
}

function Neighbours({
  cameraId,
  names,
  links,
  manage,
  onSaved,
}: {
  readonly cameraId: string;
  readonly names: ReadonlyMap<string, string>;
  readonly links: readonly CameraLinkView[];
  readonly manage: boolean;
  readonly onSaved: (message: string) => void;
}) {
  const [rows, setRows] = useState<Row[]>(links.map(toRow));
  const [problem, setProblem] = useState<string | null>(null);
  const others = [...names.entries()].filter(([id]) => id !== cameraId).sort((a, b) => a[1].localeCompare(b[1], 'fr'));
  const change = (index: number, patch: Partial<Row>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const save = () => {
    setProblem(null);
    const body = {
      links: rows.map((row) => ({
        direction: row.direction,
        toCameraId: row.toCameraId,
        walkMinS: Number(row.walkMinS),
        walkMaxS: Number(row.walkMaxS),
        driveMinS: Number(row.driveMinS),
        driveMaxS: Number(row.driveMaxS),
      })),
    };
    if (body.links.some((l) => [l.walkMinS, l.walkMaxS, l.driveMinS, l.driveMaxS].some((v) => !Number.isInteger(v)))) {
      setProblem('Les temps de trajet sont des nombres entiers de secondes.');
      return;
    }
    apiRequest('PUT', `/api/topology/${encodeURIComponent(cameraId)}`, body).then(
      () => onSaved(`Voisines de ${names.get(cameraId) ?? cameraId} enregistrées.`),
      (failure: unknown) => setProblem(trajectoryErrorMessage(failure)),
    );
  };
  return (
    <section aria-label={`Voisines de ${names.get(cameraId) ?? cameraId}`}>
      <h2>Voisines de {names.get(cameraId) ?? cameraId}</h2>
      {rows.length === 0 && <p>Aucune voisine.</p>}
      {rows.length > 0 && (
        <table className="topology-links">
          <thead>
            <tr>
              <th>Sortie vers</th>
              <th>Caméra suivante</th>
              <th>À pied (s)</th>
              <th>En véhicule (s)</th>
              {manage && <th />}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) =>
              manage ? (
                <tr key={index}>
                  <td>
                    <select aria-label="Direction de sortie" value={row.direction} onChange={(e) => change(index, { direction: e.target.value as Row['direction'] })}>
                      {DIRECTIONS.map((d) => (
                        <option key={d.value} value={d.value}>
                          {d.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select aria-label="Caméra suivante" value={row.toCameraId} onChange={(e) => change(index, { toCameraId: e.target.value })}>
                      {others.map(([id, name]) => (
                        <option key={id} value={id}>
                          {name}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input aria-label="À pied, minimum (s)" inputMode="numeric" value={row.walkMinS} onChange={(e) => change(index, { walkMinS: e.target.value })} /> –{' '}
                    <input aria-label="À pied, maximum (s)" inputMode="numeric" value={row.walkMaxS} onChange={(e) => change(index, { walkMaxS: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label="En véhicule, minimum (s)" inputMode="numeric" value={row.driveMinS} onChange={(e) => change(index, { driveMinS: e.target.value })} /> –{' '}
                    <input aria-label="En véhicule, maximum (s)" inputMode="numeric" value={row.driveMaxS} onChange={(e) => change(index, { driveMaxS: e.target.value })} />
                  </td>
                  <td>
                    <button type="button" className="small ghost" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                      Retirer
                    </button>
                  </td>
                </tr>
              ) : (
                <tr key={index}>
                  <td>{DIRECTIONS.find((d) => d.value === row.direction)?.label}</td>
                  <td>{names.get(row.toCameraId) ?? row.toCameraId}</td>
                  <td>
                    {row.walkMinS} – {row.walkMaxS}
                  </td>
                  <td>
                    {row.driveMinS} – {row.driveMaxS}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {manage && (
        <div className="trajectory-actions">
          <button
            type="button"
            className="ghost"
            disabled={others.length === 0}
            onClick={() => setRows([...rows, { direction: 'N', toCameraId: others[0]?.[0] ?? '', walkMinS: '30', walkMaxS: '300', driveMinS: '10', driveMaxS: '120' }])}
          >
            Ajouter une voisine
          </button>
          <button type="button" onClick={save}>
            Enregistrer
          </button>
        </div>
      )}
      {problem !== null && <p role="alert">{problem}</p>}
    </section>
  );
}
