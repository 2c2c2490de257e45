// « Recherche » : the forensic search over recorded detections, for room leads and investigators (within their
// requisitions in force). Filters: period, object types, colours, direction, cameras, and on one camera a zone or
// a line drawn on its picture. Results: one per tracked object, newest first, as stills with the object's box,
// on a timeline and on the map; each opens the playback at that instant. Dates JJ/MM/AAAA, 24 h, Paris time.
import { useEffect, useMemo, useState, type FormEvent, type MouseEvent } from 'react';
import { apiGet, apiPost } from '../api/client.js';
import { can, type RequisitionView } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useMapData } from '../map/use-map-data.js';
import { useInventory } from '../cameras/inventory.js';
import { TerritoryMap, type MapCamera } from '../map/territory-map.js';
import { formatParisTime, formRange, parisDateFr, RANGE_FORMAT_MESSAGE } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { playbackHref, searchErrorMessage, SEARCH_CLASSES, SEARCH_COLOURS, SEARCH_DIRECTIONS, type Point, type SearchAnswer, type SearchResult } from './search-model.js';
import './search.css';

const PAGE_SIZE = 24;
const GRANTING = new Set<RequisitionView['state']>(['validated', 'extracted', 'handed-over']);
const when = (ms: number): string => `${parisDateFr(ms)} ${formatParisTime(ms)}`;
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

interface CameraChoice {
  readonly id: string;
  readonly name: string;
}

/** The cameras the user may search: the inventory for a room lead, his requisitions' cameras for an investigator. */
function useSearchableCameras(investigator: boolean): { cameras: readonly CameraChoice[]; range: { fromMs: number; toMs: number } | null } {
  const inventory = useInventory();
  const [granted, setGranted] = useState<readonly RequisitionView[]>([]);
  useEffect(() => {
    if (!investigator) return;
    let cancelled = false;
    apiGet('/api/requisitions').then(
      (answer) => !cancelled && setGranted((answer as RequisitionView[]).filter((r) => GRANTING.has(r.state) && (r.scopeUntilMs ?? 0) > Date.now())),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [investigator]);
  return useMemo(() => {
    if (!investigator) return { cameras: inventory.cameras.map((c) => ({ id: c.id, name: c.name })), range: null };
    const ids = [...new Set(granted.flatMap((r) => r.cameraIds))].sort();
    const first = granted[0];
    return { cameras: ids.map((id) => ({ id, name: inventory.camera(id)?.name ?? id })), range: first === undefined ? null : { fromMs: first.fromMs, toMs: first.toMs } };
  }, [investigator, inventory, granted]);
}

export function SearchPage() {
  const user = useUser();
  const investigator = user.role === 'investigator';
  const { cameras, range } = useSearchableCameras(investigator);
  const map = useMapData(can(user, 'territory.read'));
  const inventory = useInventory();
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [asked, setAsked] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [drawing, setDrawing] = useState<'zone' | 'line'>('zone');
  const [points, setPoints] = useState<readonly Point[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [mapCamera, setMapCamera] = useState<string | null>(null);

  const [now] = useState(() => Date.now());
  // The fields show minutes: the end is the next whole minute, so that the latest detections are in the range.
  const defaultTo = range?.toMs ?? Math.ceil((now + 1) / 60_000) * 60_000;
  const defaultFrom = range?.fromMs ?? defaultTo - 2 * 3_600_000;
  /** The picture to draw on: the latest recorded one of the period (a few seconds before its end, not after now). */
  const pictureAt = Math.max(defaultFrom, Math.min(defaultTo, now) - 5_000);

  if (!can(user, 'detection.search')) {
    return (
      <EmptyState title="Recherche : accès réservé">
        La recherche dans les enregistrements est réservée aux chefs de salle et aux enquêteurs (dans le périmètre de leurs réquisitions validées). Votre rôle n’y donne pas accès.
      </EmptyState>
    );
  }

  const run = (request: Record<string, unknown>, page: number) => {
    setSearching(true);
    setError(null);
    apiPost('/api/investigations/search', { ...request, page, pageSize: PAGE_SIZE }).then(
      (reply) => {
        setAnswer(reply as SearchAnswer);
        setAsked(request);
        setSelected(null);
        setMapCamera(null);
        setSearching(false);
      },
      (failure: unknown) => {
        setError(searchErrorMessage(failure));
        setSearching(false);
      },
    );
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const range = formRange(data);
    if (range === null) {
      setError(RANGE_FORMAT_MESSAGE);
      return;
    }
    const direction = SEARCH_DIRECTIONS.find((d) => d.value === String(data.get('direction') ?? ''));
    const request: Record<string, unknown> = {
      ...range,
      classes: data.getAll('classes').map(String),
      colours: data.getAll('colours').map(String),
      ...(direction === undefined ? {} : { direction: { fromDeg: direction.fromDeg, toDeg: direction.toDeg } }),
      ...(chosen.length === 0 ? {} : { cameraIds: chosen }),
    };
    if (chosen.length === 1 && drawing === 'zone' && points.length > 0) request['zone'] = points;
    if (chosen.length === 1 && drawing === 'line' && points.length > 0) request['line'] = points;
    run(request, 1);
  };

  const toggleCamera = (id: string, on: boolean) => {
    setChosen((current) => (on ? [...current, id] : current.filter((c) => c !== id)));
    setPoints([]);
  };

  const shown = answer?.results.filter((r) => mapCamera === null || r.cameraId === mapCamera) ?? [];

  return (
    <div className="search-page">
      <h1>Recherche dans les enregistrements</h1>
      <form aria-label="Critères de recherche" className="search-form" onSubmit={submit}>
        <fieldset>
          <legend>Période</legend>
          <label>
            Du (JJ/MM/AAAA) <input name="fromDate" defaultValue={parisDateFr(defaultFrom)} key={`fd${defaultFrom}`} required />
          </label>
          <label>
            à (HH:MM) <input name="fromTime" defaultValue={formatParisTime(defaultFrom).slice(0, 5)} key={`ft${defaultFrom}`} required />
          </label>
          <label>
            Au (JJ/MM/AAAA) <input name="toDate" defaultValue={parisDateFr(defaultTo)} key={`td${defaultTo}`} required />
          </label>
          <label>
            à (HH:MM) <input name="toTime" defaultValue={formatParisTime(defaultTo).slice(0, 5)} key={`tt${defaultTo}`} required />
          </label>
        </fieldset>
        <fieldset className="search-choices">
          <legend>Type d’objet (aucun coché : tous)</legend>
          {SEARCH_CLASSES.map((c) => (
            <label key={c.value}>
              <input type="checkbox" name="classes" value={c.value} /> {c.label}
            </label>
          ))}
        </fieldset>
        <fieldset className="search-choices">
          <legend>Couleurs dominantes (toutes celles cochées)</legend>
          {SEARCH_COLOURS.map((c) => (
            <label key={c.value}>
              <input type="checkbox" name="colours" value={c.value} /> <span className="swatch" style={{ background: c.swatch }} aria-hidden="true" /> {c.value}
            </label>
          ))}
        </fieldset>
        <label>
          Sens de déplacement dans l’image
          <select name="direction" defaultValue="">
            <option value="">Indifférent</option>
            {SEARCH_DIRECTIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="search-cameras">
          <legend>Caméras (aucune cochée : {investigator ? 'celles de vos réquisitions' : 'toutes celles de votre périmètre'})</legend>
          {cameras.length === 0 && <p className="muted">{investigator ? 'Aucune réquisition validée en vigueur : aucune caméra à fouiller.' : 'Aucune caméra dans votre périmètre.'}</p>}
          {cameras.map((c) => (
            <label key={c.id}>
              <input type="checkbox" checked={chosen.includes(c.id)} onChange={(event) => toggleCamera(c.id, event.currentTarget.checked)} /> {c.name}
            </label>
          ))}
        </fieldset>
        {chosen.length === 1 && chosen[0] !== undefined ? (
          <PictureDrawing cameraId={chosen[0]} atMs={pictureAt} mode={drawing} points={points} onMode={setDrawing} onPoints={setPoints} />
        ) : (
          <p className="muted">Pour chercher dans une zone de l’image ou le franchissement d’une ligne, cochez une seule caméra.</p>
        )}
        <button type="submit" disabled={searching}>
          {searching ? 'Recherche en cours…' : 'Rechercher'}
        </button>
        <p className="muted small">Aucun visage, aucune plaque, aucun trait biométrique n’est analysé : seuls le type d’objet, ses couleurs et ses déplacements le sont.</p>
      </form>
      <section className="search-results" aria-label="Résultats">
        {error !== null && <p role="alert">{error}</p>}
        {answer === null && error === null && (
          <EmptyState title="Aucune recherche lancée">Choisissez vos critères puis « Rechercher ». Chaque objet suivi par une caméra donne un résultat.</EmptyState>
        )}
        {answer !== null && (
          <>
            <p data-testid="search-summary">
              {answer.results.length === 0
                ? `Aucun objet trouvé du ${when(answer.fromMs)} au ${when(answer.toMs)} sur ${answer.cameraIds.length} caméra${answer.cameraIds.length > 1 ? 's' : ''}.`
                : `Page ${answer.page} : ${answer.results.length} objet${answer.results.length > 1 ? 's' : ''} trouvé${answer.results.length > 1 ? 's' : ''} (le plus récent d’abord) sur ${answer.cameraIds.length} caméra${answer.cameraIds.length > 1 ? 's' : ''}.`}
              {mapCamera !== null && (
                <button type="button" className="ghost" onClick={() => setMapCamera(null)}>
                  Montrer toutes les caméras
                </button>
              )}
            </p>
            {answer.results.length > 0 && (
              <div className="search-views">
                <Timeline answer={answer} selected={selected} onSelect={setSelected} />
                <div className="search-map">
                  <TerritoryMap
                    outlines={map.outlines}
                    cameras={resultCameras(answer.results, inventory.placements)}
                    settings={map.settings}
                    selectedId={mapCamera}
                    focusCommune={null}
                    mayOpen
                    onOpen={(ids) => setMapCamera(ids[0] ?? null)}
                  />
                </div>
              </div>
            )}
            <ol className="search-grid">
              {shown.map((result) => {
                const key = `${result.cameraId}#${result.trackId}#${result.firstMs}`;
                return <ResultCard key={key} result={result} selected={selected === key} onSelect={() => setSelected(key)} />;
              })}
            </ol>
            {asked !== null && (answer.page > 1 || answer.hasMore) && (
              <nav className="search-pages" aria-label="Pages de résultats">
                <button type="button" disabled={answer.page <= 1 || searching} onClick={() => run(asked, answer.page - 1)}>
                  Page précédente
                </button>
                <span>Page {answer.page}</span>
                <button type="button" disabled={!answer.hasMore || searching} onClick={() => run(asked, answer.page + 1)}>
                  Page suivante
                </button>
              </nav>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function resultCameras(results: readonly SearchResult[], placements: ReturnType<typeof useInventory>['placements']): MapCamera[] {
  const seen = new Map<string, MapCamera>();
  for (const r of results) {
    if (seen.has(r.cameraId)) continue;
    seen.set(r.cameraId, {
      id: r.cameraId,
      name: `${r.cameraName} — ${results.filter((x) => x.cameraId === r.cameraId).length} résultat(s)`,
      commune: '',
      communeName: '',
      state: 'online',
      recording: null,
      lat: r.position.lat,
      lon: r.position.lon,
      fieldOfView: placements.get(r.cameraId)?.fieldOfView ?? null,
      sensitive: false,
      watched: false,
    });
  }
  return [...seen.values()];
}

/** The results as marks on the searched period; a click shows the result's card. */
function Timeline({ answer, selected, onSelect }: { readonly answer: SearchAnswer; readonly selected: string | null; readonly onSelect: (key: string) => void }) {
  // Over the results' own extent (a little room each side), within the period searched.
  const first = Math.min(...answer.results.map((r) => r.firstMs));
  const last = Math.max(...answer.results.map((r) => r.lastMs));
  const margin = Math.max(30_000, (last - first) * 0.05);
  const fromMs = Math.max(answer.fromMs, first - margin);
  const toMs = Math.min(answer.toMs, last + margin);
  const span = Math.max(1, toMs - fromMs);
  const at = (ms: number) => `${(((ms - fromMs) / span) * 100).toFixed(3)}%`;
  return (
    <div className="search-timeline" aria-label="Frise des résultats">
      <div className="search-timeline-bar">
        {answer.results.map((r) => {
          const key = `${r.cameraId}#${r.trackId}#${r.firstMs}`;
          return (
            <button
              key={key}
              type="button"
              className={selected === key ? 'mark selected' : 'mark'}
              style={{ left: at(r.firstMs) }}
              title={`${capitalised(r.classLabel)} — ${r.cameraName} — ${when(r.firstMs)}`}
              aria-label={`${capitalised(r.classLabel)}, ${r.cameraName}, ${when(r.firstMs)}`}
              onClick={() => {
                onSelect(key);
                document.getElementById(`result-${key}`)?.scrollIntoView({ block: 'nearest' });
              }}
            />
          );
        })}
      </div>
      <div className="search-timeline-ends">
        <span>{when(fromMs)}</span>
        <span>{when(toMs)}</span>
      </div>
    </div>
  );
}

function ResultCard({ result, selected, onSelect }: { readonly result: SearchResult; readonly selected: boolean; readonly onSelect: () => void }) {
  const [failed, setFailed] = useState(false);
  const key = `${result.cameraId}#${result.trackId}#${result.firstMs}`;
  const second = Math.floor(result.atMs / 1000) * 1000;
  return (
    <li id={`result-${key}`} className={selected ? 'search-card selected' : 'search-card'} data-testid="search-result" onMouseEnter={onSelect}>
      <a href={playbackHref(result)} title="Ouvrir la relecture à cet instant" className="search-still">
        <span className="search-still-missing">
          {failed ? 'Image indisponible à cet instant (l’enregistrement peut avoir quelques secondes de retard) : ouvrez la relecture.' : 'Chargement de l’image…'}
        </span>
        {!failed && (
          <img
            src={`/api/cameras/${encodeURIComponent(result.cameraId)}/snapshot?at=${second}`}
            alt={`${capitalised(result.classLabel)} vu par ${result.cameraName}`}
            loading="lazy"
            onError={() => setFailed(true)}
          />
        )}
        <svg viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
          <rect x={result.box.x} y={result.box.y} width={result.box.w} height={result.box.h} />
        </svg>
      </a>
      <p className="search-card-title">
        <strong>{capitalised(result.classLabel)}</strong> — {result.cameraName}
      </p>
      <p className="muted">
        {when(result.firstMs)} → {formatParisTime(result.lastMs)}
        {result.colours.length > 0 && ` · ${result.colours.join(', ')}`}
      </p>
      <a href={playbackHref(result)}>Relire à cet instant</a>
    </li>
  );
}

/** The camera's recorded picture, on which a zone (3 points or more) or a line (2 points) is drawn by clicks. */
function PictureDrawing(props: {
  readonly cameraId: string;
  readonly atMs: number;
  readonly mode: 'zone' | 'line';
  readonly points: readonly Point[];
  readonly onMode: (mode: 'zone' | 'line') => void;
  readonly onPoints: (points: readonly Point[]) => void;
}) {
  const { cameraId, atMs, mode, points, onMode, onPoints } = props;
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [cameraId, atMs]);
  const click = (event: MouseEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    const y = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height));
    const point: Point = [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000];
    onPoints(mode === 'line' ? [...points.slice(points.length >= 2 ? 2 : 0), point] : [...points, point]);
  };
  const polyline = points.map(([x, y]) => `${x},${y}`).join(' ');
  return (
    <fieldset className="search-drawing">
      <legend>Sur l’image de la caméra</legend>
      <div className="search-drawing-modes">
        <label>
          <input type="radio" name="drawing" checked={mode === 'zone'} onChange={() => (onMode('zone'), onPoints([]))} /> Zone (cliquez les sommets)
        </label>
        <label>
          <input type="radio" name="drawing" checked={mode === 'line'} onChange={() => (onMode('line'), onPoints([]))} /> Ligne franchie (deux clics)
        </label>
        <button type="button" className="ghost" onClick={() => onPoints([])} disabled={points.length === 0}>
          Effacer le tracé
        </button>
      </div>
      <div className="search-picture" onClick={click} data-testid="search-picture" role="presentation">
        {failed ? (
          <span className="search-still-missing">Pas d’image enregistrée à la fin de la période : tracez sur le cadre vide, il représente toute l’image.</span>
        ) : (
          <img src={`/api/cameras/${encodeURIComponent(cameraId)}/snapshot?at=${Math.floor(atMs / 1000) * 1000}`} alt="Image de la caméra" onError={() => setFailed(true)} draggable={false} />
        )}
        <svg viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
          {mode === 'zone' && points.length >= 3 ? <polygon points={polyline} /> : <polyline points={polyline} />}
          {points.map(([x, y], i) => (
            <circle key={i} cx={x} cy={y} r={0.008} />
          ))}
        </svg>
      </div>
      <p className="muted small">
        {points.length === 0
          ? 'Aucun tracé : toute l’image.'
          : mode === 'zone'
            ? `${points.length} sommet${points.length > 1 ? 's' : ''}${points.length < 3 ? ' (au moins 3)' : ''} : les objets dont les pieds entrent dans la zone.`
            : points.length < 2
              ? 'Cliquez la seconde extrémité de la ligne.'
              : 'Les objets qui franchissent cette ligne, dans un sens ou dans l’autre.'}
      </p>
    </fieldset>
  );
}
