// The territory as an SVG map drawn from the communes' outlines, with no tile server needed: camera markers
// coloured by state, their field of view, pan (drag, arrows), zoom (wheel, + and −), fit (0). A click on a
// marker opens the camera live; Shift + drag draws a lasso around cameras to open them as a mosaic. Markers that
// would overlap at the zoom are grouped into clusters (count, worst state) that split when zooming in; a click on
// one zooms to it, and the lasso takes the cameras inside clusters too.
// A raster background is drawn under the outlines only when a tile URL is configured. Sectors' areas are drawn
// over the outlines (sensitive ones in red); with `onPick`, a click on the map gives its point (the console
// places a camera or draws an area's corners with it) and `draft` shows the area being drawn.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { RECORDING_LABELS, STATE_LABELS, type CameraState, type CommuneOutline, type FieldOfView, type MapSettings, type RecordingState } from '../api/contracts.js';
import {
  boundsOf,
  fitBounds,
  insidePolygon,
  metresToPixels,
  panBy,
  project,
  scaleOf,
  tilesFor,
  toScreen,
  toWorld,
  unproject,
  zoomAround,
  type Size,
  type View,
  type WorldPoint,
} from './projection.js';
import { clusterMarkers, spotRadius, type Cluster } from './clusters.js';
import './map.css';

/** Below this many cameras every marker is drawn: overlaps stay few and each camera stays one click away. */
const CLUSTER_FROM_CAMERAS = 250;

export interface MapCamera {
  readonly id: string;
  readonly name: string;
  /** INSEE code. */
  readonly commune: string;
  readonly communeName: string;
  readonly state: CameraState;
  readonly recording: RecordingState | null;
  readonly lat: number;
  readonly lon: number;
  readonly fieldOfView: FieldOfView | null;
  readonly sensitive: boolean;
  readonly watched: boolean;
}

/** A sector's area: polygons of rings of [lon, lat], as GeoJSON writes them. */
export interface MapArea {
  readonly id: string;
  readonly name: string;
  readonly sensitive: boolean;
  readonly polygons: ReadonlyArray<ReadonlyArray<ReadonlyArray<readonly [number, number]>>>;
  /** Drawn brighter: the sector being edited. */
  readonly chosen?: boolean;
}

export interface LonLat {
  readonly lon: number;
  readonly lat: number;
}

/** A line over the map: a trajectory (numbered points, in order) or a link of the camera topology (an arrow). */
export interface MapLine {
  readonly id: string;
  readonly kind: 'trajectory' | 'link';
  readonly points: readonly LonLat[];
  /** Shown on hover. */
  readonly title: string;
  /** Drawn brighter (the link being edited). */
  readonly chosen?: boolean;
}

interface Props {
  readonly outlines: readonly CommuneOutline[];
  /** Sectors' areas drawn over the communes. */
  readonly areas?: readonly MapArea[];
  /** Lines drawn over the communes, under the markers: trajectories, topology links. */
  readonly lines?: readonly MapLine[];
  /** An area being drawn: its corners so far, joined as a polygon. */
  readonly draft?: readonly LonLat[];
  /** When given, a click on the map (not a drag) gives its position instead of opening a camera. */
  onPick?(point: LonLat): void;
  /** What a click on a marker (and the lasso's button) does, when it is not opening live: e.g. adding to a sector. */
  readonly markerHint?: string;
  /** What the markers' colours mean on this map when not the cameras' states (e.g. chosen or not): the legend and
   * the tooltip name these instead. */
  readonly stateLabels?: Readonly<Partial<Record<CameraState, string>>>;
  /** From how many cameras markers that would overlap are grouped (default CLUSTER_FROM_CAMERAS). */
  readonly clusterFrom?: number;
  readonly cameras: readonly MapCamera[];
  readonly settings: MapSettings;
  /** The camera chosen in the navigator, drawn larger. */
  readonly selectedId: string | null;
  /** Fits the view to this commune whenever it changes (null: the whole territory shown). */
  readonly focusCommune: string | null;
  /** Whether the user may watch live: without it markers only inform. */
  readonly mayOpen: boolean;
  onOpen(cameraIds: readonly string[]): void;
}

const KEY_PAN_PX = 80;
/** Field-of-view cone length when the camera's range is not recorded. */
const DEFAULT_RANGE_M = 80;
const MOSAIC_MAX = 16;
/** Room kept around a fitted territory: the legend lies over the map's bottom edge. */
const FIT_PADDING_PX = 56;
/** Width of one character of a commune label (11 px DejaVu Sans), to decide whether the name fits. */
const LABEL_CHAR_PX = 6.6;

type Drag =
  | { readonly kind: 'pan'; x: number; y: number; moved: boolean; readonly cameraId: string | null; readonly clusterKey: string | null }
  | { readonly kind: 'lasso'; readonly points: Array<[number, number]> };

export function TerritoryMap({
  outlines,
  areas = [],
  lines = [],
  draft,
  onPick,
  markerHint,
  stateLabels,
  clusterFrom = CLUSTER_FROM_CAMERAS,
  cameras,
  settings,
  selectedId,
  focusCommune,
  mayOpen,
  onOpen,
}: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size>({ width: 800, height: 600 });
  // Nothing is fitted before the frame's real size is known (a fit to a guessed size would be off).
  const [measured, setMeasured] = useState(false);
  const [view, setView] = useState<View | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [lassoed, setLassoed] = useState<readonly string[]>([]);
  const [hovered, setHovered] = useState<string | null>(null);
  const [hoveredCluster, setHoveredCluster] = useState<string | null>(null);

  const projected = useMemo(
    () =>
      outlines
        .map((commune) => ({
          commune,
          polygons: commune.polygons.map((rings) => rings.map((ring) => ring.map(([lon, lat]) => project(lon, lat)))),
          label: commune.centroid === null ? null : project(commune.centroid.lon, commune.centroid.lat),
        }))
        .map((shape) => {
          const bounds = boundsOf(shape.polygons.flat(2));
          return { ...shape, span: bounds === null ? 0 : bounds.maxX - bounds.minX };
        }),
    [outlines],
  );
  const markers = useMemo(() => cameras.map((camera) => ({ camera, at: project(camera.lon, camera.lat) })), [cameras]);
  // The camera chosen in the navigator is never hidden in a cluster; a small estate is drawn marker by marker.
  const zoom = view?.zoom;
  const clusters = useMemo(() => {
    if (zoom === undefined) return [];
    const single = (m: (typeof markers)[number]): Cluster<MapCamera> => ({ key: m.camera.id, members: [m], at: m.at, state: m.camera.state });
    if (markers.length < clusterFrom) return markers.map(single);
    return [
      ...clusterMarkers(
        markers.filter((m) => m.camera.id !== selectedId),
        zoom,
      ),
      ...markers.filter((m) => m.camera.id === selectedId).map(single),
    ];
  }, [markers, zoom, selectedId, clusterFrom]);

  const fitTo = useCallback(
    (insee: string | null): View | null => {
      const shapes = insee === null ? projected : projected.filter((p) => p.commune.insee === insee);
      const points: WorldPoint[] = shapes.flatMap((p) => p.polygons.flat(2));
      if (points.length === 0) points.push(...markers.filter((m) => insee === null || m.camera.commune === insee).map((m) => m.at));
      if (points.length === 0) points.push(...markers.map((m) => m.at));
      const bounds = boundsOf(points);
      return bounds === null ? null : fitBounds(bounds, size, FIT_PADDING_PX);
    },
    [projected, markers, size],
  );

  useEffect(() => {
    const element = frame.current;
    if (element === null) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry === undefined) return;
      setSize({ width: Math.max(entry.contentRect.width, 100), height: Math.max(entry.contentRect.height, 100) });
      setMeasured(true);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // First fit once there is something to show, and again when the navigator asks for a commune.
  // The outlines may arrive after the cameras: the first fit is redone once they are there.
  const fitted = useRef<string | undefined>(undefined);
  const fitKey = `${focusCommune ?? '*'}|${projected.length > 0}`;
  useEffect(() => {
    if (!measured || fitted.current === fitKey) return;
    const next = fitTo(focusCommune);
    if (next === null) return;
    fitted.current = fitKey;
    setView(next);
  }, [measured, fitKey, focusCommune, fitTo]);

  // The wheel zooms the map, not the page: a listener that may cancel the scroll (React's is passive).
  useEffect(() => {
    const element = frame.current;
    if (element === null) return;
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      setView((current) => (current === null ? current : zoomAround(current, size, event.clientX - rect.left, event.clientY - rect.top, -event.deltaY / 300)));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [size]);

  function local(event: PointerEvent): [number, number] {
    const rect = (frame.current as HTMLDivElement).getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0 || (event.target instanceof Element && event.target.closest('.map-controls, .map-selection') !== null)) return;
    frame.current?.setPointerCapture(event.pointerId);
    const [x, y] = local(event);
    // The marker under the pointer is read now: once the frame captures the pointer, events target the frame.
    const marker = event.target instanceof Element ? event.target.closest('[data-camera-id]') : null;
    const cluster = event.target instanceof Element ? event.target.closest('[data-cluster]') : null;
    setDrag(
      event.shiftKey
        ? { kind: 'lasso', points: [[x, y]] }
        : { kind: 'pan', x, y, moved: false, cameraId: marker?.getAttribute('data-camera-id') ?? null, clusterKey: cluster?.getAttribute('data-cluster') ?? null },
    );
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (drag === null) return;
    const [x, y] = local(event);
    if (drag.kind === 'lasso') {
      setDrag({ kind: 'lasso', points: [...drag.points, [x, y]] });
      return;
    }
    if (Math.abs(x - drag.x) + Math.abs(y - drag.y) < 3 && !drag.moved) return;
    setView((current) => (current === null ? current : panBy(current, x - drag.x, y - drag.y)));
    setDrag({ ...drag, x, y, moved: true });
  }

  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    frame.current?.releasePointerCapture(event.pointerId);
    if (drag?.kind === 'lasso' && drag.points.length > 2 && view !== null) {
      const inside = markers.filter((m) => insidePolygon(toScreen(view, size, m.at), drag.points)).map((m) => m.camera.id);
      setLassoed(inside);
    } else if (drag?.kind === 'pan' && !drag.moved && onPick !== undefined && view !== null) {
      onPick(unproject(toWorld(view, size, drag.x, drag.y)));
    } else if (drag?.kind === 'pan' && !drag.moved && drag.clusterKey !== null) {
      const cluster = clusters.find((c) => c.key === drag.clusterKey);
      if (cluster !== undefined) openCluster(cluster);
    } else if (drag?.kind === 'pan' && !drag.moved && drag.cameraId !== null && mayOpen) {
      onOpen([drag.cameraId]);
    }
    setDrag(null);
  }

  /** A click on a cluster zooms to its cameras; cameras at one spot, which no zoom splits, open as a mosaic. */
  function openCluster(cluster: Cluster<MapCamera>) {
    const bounds = boundsOf(cluster.members.map((m) => m.at));
    if (bounds === null || view === null) return;
    const next = fitBounds(bounds, size, FIT_PADDING_PX * 2);
    if (next.zoom > view.zoom + 0.05) setView(next);
    else if (mayOpen) onOpen(cluster.members.slice(0, MOSAIC_MAX).map((m) => m.camera.id));
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const center: [number, number] = [size.width / 2, size.height / 2];
    const moves: Record<string, (v: View) => View> = {
      ArrowLeft: (v) => panBy(v, KEY_PAN_PX, 0),
      ArrowRight: (v) => panBy(v, -KEY_PAN_PX, 0),
      ArrowUp: (v) => panBy(v, 0, KEY_PAN_PX),
      ArrowDown: (v) => panBy(v, 0, -KEY_PAN_PX),
      '+': (v) => zoomAround(v, size, ...center, 0.5),
      '=': (v) => zoomAround(v, size, ...center, 0.5),
      '-': (v) => zoomAround(v, size, ...center, -0.5),
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      setView((current) => (current === null ? current : move(current)));
    } else if (event.key === '0') {
      event.preventDefault();
      setView(fitTo(null));
    } else if (event.key === 'Escape') {
      setLassoed([]);
    } else if (event.key === 'Enter' && lassoed.length > 0 && mayOpen) {
      onOpen(lassoed.slice(0, MOSAIC_MAX));
    }
  }

  const hoveredCamera = hovered === null ? undefined : cameras.find((c) => c.id === hovered);
  const hoveredGroup = hoveredCluster === null ? undefined : clusters.find((c) => c.key === hoveredCluster && c.members.length > 1);
  const markerSpots = view === null ? [] : clusters.map((c) => toScreen(view, size, c.at));

  return (
    <div
      ref={frame}
      className={`territory-map${drag?.kind === 'pan' && drag.moved ? ' panning' : ''}${onPick !== undefined ? ' picking' : ''}`}
      tabIndex={0}
      role="application"
      aria-label="Carte du territoire : flèches pour déplacer, + et − pour zoomer, 0 pour tout voir, Maj + glisser pour sélectionner des caméras"
      data-testid="territory-map"
      data-zoom={view?.zoom.toFixed(2)}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onKeyDown={onKeyDown}
    >
      {view !== null && settings.tileUrl !== null && (
        <div className="map-tiles" aria-hidden="true">
          {tilesFor(settings.tileUrl, view, size).map((tile) => (
            <img key={tile.key} src={tile.url} alt="" draggable={false} style={{ left: tile.left, top: tile.top, width: tile.size, height: tile.size }} />
          ))}
        </div>
      )}
      {view !== null && (
        <svg className="map-svg" width={size.width} height={size.height} viewBox={`0 0 ${size.width} ${size.height}`}>
          <g className="map-communes">
            {[...projected]
              .sort((a, b) => Number(a.commune.insee === focusCommune) - Number(b.commune.insee === focusCommune))
              .map(({ commune, polygons }) => (
                <path
                  key={commune.insee}
                  className={`map-commune${focusCommune === commune.insee ? ' focused' : ''}`}
                  data-insee={commune.insee}
                  fillRule="evenodd"
                  d={polygons.map((rings) => rings.map((ring) => ringPath(ring, view, size)).join('')).join('')}
                >
                  <title>{commune.name}</title>
                </path>
              ))}
          </g>
          {areas.length > 0 && (
            <g className="map-areas">
              {areas.map((area) => (
                <path
                  key={area.id}
                  className={`map-area${area.sensitive ? ' sensitive' : ''}${area.chosen === true ? ' chosen' : ''}`}
                  data-sector-id={area.id}
                  fillRule="evenodd"
                  d={area.polygons
                    .map((rings) =>
                      rings
                        .map((ring) =>
                          ringPath(
                            ring.map(([lon, lat]) => project(lon, lat)),
                            view,
                            size,
                          ),
                        )
                        .join(''),
                    )
                    .join('')}
                >
                  <title>{area.name}</title>
                </path>
              ))}
            </g>
          )}
          {lines.length > 0 && (
            <g className="map-lines">
              {lines.map((line) => {
                const spots = line.points.map((p) => toScreen(view, size, project(p.lon, p.lat)));
                return (
                  <g key={line.id} className={`map-line ${line.kind}${line.chosen === true ? ' chosen' : ''}`} data-line-id={line.id} data-points={line.points.length}>
                    <title>{line.title}</title>
                    <polyline points={spots.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')} markerEnd={line.kind === 'link' ? 'url(#map-arrow)' : undefined} />
                    {line.kind === 'trajectory' &&
                      spots.map(([x, y], i) => (
                        <g key={i} className="map-line-step" transform={`translate(${(x + 13).toFixed(1)} ${(y - 13).toFixed(1)})`}>
                          <circle r={8} />
                          <text y={4}>{i + 1}</text>
                        </g>
                      ))}
                  </g>
                );
              })}
              <defs>
                <marker id="map-arrow" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                  <path d="M 0 0 L 10 5 L 0 10 z" className="map-arrow-head" />
                </marker>
              </defs>
            </g>
          )}
          {draft !== undefined && draft.length > 0 && (
            <g className="map-draft" data-testid="map-draft" data-points={draft.length}>
              <polygon points={draft.map((p) => toScreen(view, size, project(p.lon, p.lat)).join(',')).join(' ')} />
              {draft.map((p, i) => {
                const [x, y] = toScreen(view, size, project(p.lon, p.lat));
                return <circle key={i} cx={x} cy={y} r={4} />;
              })}
            </g>
          )}
          <g className="map-labels" aria-hidden="true">
            {projected.map(({ commune, label, span }) => {
              // A name is written only where its commune is wide enough on screen to hold it.
              const width = commune.name.length * LABEL_CHAR_PX;
              if (label === null || span * scaleOf(view.zoom) < width + 8) return null;
              const [x, y] = toScreen(view, size, label);
              // A name under camera markers is unreadable and hides them: left out there.
              if (markerSpots.some(([mx, my]) => Math.abs(mx - x) < width / 2 + 8 && Math.abs(my - y) < 14)) return null;
              return (
                <text key={commune.insee} x={x} y={y} className="map-label">
                  {commune.name}
                </text>
              );
            })}
          </g>
          <g className="map-cameras">
            {clusters.map((cluster) => {
              const [x, y] = toScreen(view, size, cluster.at);
              if (x < -60 || y < -60 || x > size.width + 60 || y > size.height + 60) return null;
              const single = cluster.members.length === 1 ? cluster.members[0] : undefined;
              if (single !== undefined) {
                const camera = single.camera;
                const chosen = camera.id === selectedId || lassoed.includes(camera.id);
                return (
                  <g
                    key={camera.id}
                    className={`map-camera state-${camera.state}${chosen ? ' chosen' : ''}`}
                    data-camera-id={camera.id}
                    data-state={camera.state}
                    transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`}
                    onPointerEnter={() => setHovered(camera.id)}
                    onPointerLeave={() => setHovered((h) => (h === camera.id ? null : h))}
                  >
                    {camera.fieldOfView !== null && <path className="map-fov" d={conePath(camera.fieldOfView, metresToPixels(camera.fieldOfView.rangeM ?? DEFAULT_RANGE_M, camera.lat, view.zoom))} />}
                    {camera.watched && <circle className="map-watch-ring" r={13} />}
                    {camera.sensitive && <circle className="map-sensitive-ring" r={9.5} />}
                    <circle className="map-dot" r={chosen ? 7.5 : 6} />
                    {camera.recording === 'recording' && <circle className="map-rec" cx={5.5} cy={-5.5} r={2.6} />}
                  </g>
                );
              }
              const chosen = cluster.members.some((m) => lassoed.includes(m.camera.id));
              return (
                <g
                  key={`cluster:${cluster.key}`}
                  className={`map-cluster state-${cluster.state}${chosen ? ' chosen' : ''}`}
                  data-cluster={cluster.key}
                  data-count={cluster.members.length}
                  data-camera-ids={cluster.members.map((m) => m.camera.id).join(',')}
                  data-state={cluster.state}
                  transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`}
                  onPointerEnter={() => setHoveredCluster(cluster.key)}
                  onPointerLeave={() => setHoveredCluster((h) => (h === cluster.key ? null : h))}
                >
                  <circle className="map-cluster-dot" r={spotRadius(cluster.members.length)} />
                  <text className="map-cluster-count" y={0.5}>
                    {cluster.members.length}
                  </text>
                </g>
              );
            })}
          </g>
          {drag?.kind === 'lasso' && <polygon className="map-lasso" points={drag.points.map(([x, y]) => `${x},${y}`).join(' ')} />}
        </svg>
      )}
      {view === null && <div className="map-empty">Aucun contour de commune ni aucune caméra positionnée à afficher.</div>}
      {hoveredCamera !== undefined && view !== null && (
        <MarkerTip camera={hoveredCamera} at={toScreen(view, size, project(hoveredCamera.lon, hoveredCamera.lat))} mayOpen={mayOpen} hint={markerHint} stateLabels={stateLabels} />
      )}
      {hoveredGroup !== undefined && view !== null && <ClusterTip cluster={hoveredGroup} at={toScreen(view, size, hoveredGroup.at)} />}
      <div className="map-controls">
        <button type="button" className="small" title="Zoomer (+)" aria-label="Zoomer" onClick={() => setView((v) => (v === null ? v : zoomAround(v, size, size.width / 2, size.height / 2, 0.5)))}>
          +
        </button>
        <button
          type="button"
          className="small"
          title="Dézoomer (−)"
          aria-label="Dézoomer"
          onClick={() => setView((v) => (v === null ? v : zoomAround(v, size, size.width / 2, size.height / 2, -0.5)))}
        >
          −
        </button>
        <button type="button" className="small" title="Tout le territoire (0)" onClick={() => setView(fitTo(null))}>
          Ajuster
        </button>
      </div>
      {lassoed.length > 0 && (
        <div className="map-selection" role="status" data-testid="map-selection">
          <span>
            {lassoed.length} caméra{lassoed.length > 1 ? 's' : ''} sélectionnée{lassoed.length > 1 ? 's' : ''}
            {lassoed.length > MOSAIC_MAX ? ` (mosaïque des ${MOSAIC_MAX} premières)` : ''}
          </span>
          {mayOpen && (
            <button type="button" className="primary small" onClick={() => onOpen(lassoed.slice(0, MOSAIC_MAX))}>
              {markerHint === undefined ? 'Ouvrir en mosaïque' : 'Ajouter à la sélection'}
            </button>
          )}
          <button type="button" className="ghost small" onClick={() => setLassoed([])}>
            Annuler
          </button>
        </div>
      )}
      <MapLegend stateLabels={stateLabels} />
      {settings.tileUrl !== null && settings.tileAttribution !== null && <div className="map-attribution">{settings.tileAttribution}</div>}
    </div>
  );
}

function ringPath(ring: readonly WorldPoint[], view: View, size: Size): string {
  let d = '';
  ring.forEach((point, i) => {
    const [x, y] = toScreen(view, size, point);
    d += `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return `${d}Z`;
}

/** A wedge from the camera along its bearing (clockwise from north), `lengthPx` long, clamped to stay legible. */
function conePath(fov: FieldOfView, lengthPx: number): string {
  const length = Math.max(18, Math.min(140, lengthPx));
  const half = (Math.min(fov.angleDeg, 359) / 2) * (Math.PI / 180);
  const axis = (fov.directionDeg * Math.PI) / 180;
  const point = (angle: number): string => `${(Math.sin(angle) * length).toFixed(1)},${(-Math.cos(angle) * length).toFixed(1)}`;
  const large = half * 2 > Math.PI ? 1 : 0;
  return `M0,0 L${point(axis - half)} A${length},${length} 0 ${large} 1 ${point(axis + half)} Z`;
}

function MarkerTip({
  camera,
  at,
  mayOpen,
  hint,
  stateLabels,
}: {
  readonly camera: MapCamera;
  readonly at: [number, number];
  readonly mayOpen: boolean;
  readonly hint: string | undefined;
  readonly stateLabels: Props['stateLabels'];
}) {
  return (
    <div className="map-tip" style={{ left: at[0] + 14, top: at[1] - 10 }} role="tooltip">
      <strong>{camera.name}</strong>
      <span className="muted">{camera.communeName}</span>
      <span className={`state state-${camera.state}`}>
        <span className="state-dot" aria-hidden="true" />
        {stateLabels?.[camera.state] ?? STATE_LABELS[camera.state]}
        {camera.recording !== null && ` · ${RECORDING_LABELS[camera.recording]}`}
      </span>
      {camera.sensitive && <span className="tag sensitive">Secteur sensible</span>}
      {camera.watched && <span className="tag watched">Veille en cours</span>}
      {hint === undefined ? (
        <span className="muted small">{mayOpen ? 'Clic : ouvrir en direct' : 'Votre rôle ne donne pas accès aux images'}</span>
      ) : (
        mayOpen && <span className="muted small">{hint}</span>
      )}
    </div>
  );
}

function ClusterTip({ cluster, at }: { readonly cluster: Cluster<MapCamera>; readonly at: [number, number] }) {
  const count = (state: CameraState) => cluster.members.filter((m) => m.camera.state === state).length;
  const [offline, degraded, online] = [count('offline'), count('degraded'), count('online')];
  return (
    <div className="map-tip" style={{ left: at[0] + 24, top: at[1] - 10 }} role="tooltip">
      <strong>{cluster.members.length} caméras</strong>
      {offline > 0 && <span className="state state-offline">{`${offline} hors ligne`}</span>}
      {degraded > 0 && <span className="state state-degraded">{`${degraded} dégradée${degraded > 1 ? 's' : ''}`}</span>}
      {online > 0 && <span className="state state-online">{`${online} en ligne`}</span>}
      <span className="muted small">Clic : zoomer sur ce groupe</span>
    </div>
  );
}

function MapLegend({ stateLabels }: { readonly stateLabels: Props['stateLabels'] }) {
  return (
    <div className="map-legend" aria-label="Légende">
      {stateLabels === undefined ? (
        <>
          <span className="legend-item">
            <i className="dot state-online" /> En ligne
          </span>
          <span className="legend-item">
            <i className="dot state-degraded" /> Dégradée
          </span>
          <span className="legend-item">
            <i className="dot state-offline" /> Hors ligne
          </span>
          <span className="legend-item">
            <i className="dot state-idle" /> En veille / inconnu
          </span>
          <span className="legend-item">
            <i className="rec" /> Enregistre
          </span>
          <span className="legend-item">
            <i className="ring sensitive" /> Secteur sensible
          </span>
          <span className="legend-item">
            <i className="ring watched" /> Veille demandée
          </span>
        </>
      ) : (
        Object.entries(stateLabels).map(([state, label]) => (
          <span className="legend-item" key={state}>
            <i className={`dot state-${state}`} /> {label}
          </span>
        ))
      )}
      <span className="legend-item">
        <i className="cluster">5</i> Groupe de caméras{stateLabels === undefined ? ' (couleur : la pire)' : ''}
      </span>
      <span className="legend-keys">Maj + glisser : sélection · molette : zoom · 0 : tout voir</span>
    </div>
  );
}
