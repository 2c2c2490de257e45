// « Masques de confidentialité » of one camera (administrators only: the server refuses everyone else): the
// camera's picture as Vigie publishes it (existing masks burned in), polygons drawn on it (click to add points,
// click the first point or « Fermer » to close, drag a vertex to move it, select then « Supprimer »), each closed
// or moved polygon checked by the server at once so that a crossing, empty or out-of-picture polygon is said in
// French before saving. A PTZ camera is first calibrated (guided: the head moves by itself for about a minute);
// its masks are drawn on the current picture and stored in the head's angular coordinates.
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { ApiError, apiGet, apiRequest } from '../api/client.js';
import { parisDateFr, parisTimeInput } from '../time/paris.js';
import { maskErrorMessage } from './messages.js';
import { MaskMode } from './mask-mode.js';
import { closesPolygon, pointOnPicture, type PicturePoint } from './picture-point.js';
import './masks.css';

type Point = PicturePoint;
interface Pose {
  readonly pan: number;
  readonly tilt: number;
  readonly zoom: number;
}
interface Still {
  readonly jpeg: string;
  readonly pose: Pose | null;
  readonly polygons: readonly (readonly Point[])[];
  readonly angular: readonly (readonly Point[])[];
  readonly calibration: { readonly measuredAtMs: number; readonly measuredBy: string } | null;
}
/** A polygon on the picture; `kept` ones (PTZ masks not wholly in this picture) are shown and kept as stored. */
interface Shape {
  readonly points: readonly Point[];
  readonly kept: readonly Point[] | null;
  readonly error: string | null;
}
interface Job {
  readonly state: 'running' | 'done' | 'failed';
  readonly step?: { readonly index: number; readonly count: number; readonly label: string } | null;
  readonly error?: string;
  readonly endedAtMs?: number;
}

const inside = (p: Point): boolean => p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1;
const errorText = (error: unknown): string => maskErrorMessage(error instanceof ApiError ? error.code : undefined);
const frenchInstant = (ms: number): string => `${parisDateFr(ms)} à ${parisTimeInput(ms).slice(0, 5)}`;

function readStill(payload: unknown): Still {
  const record = payload as Record<string, unknown>;
  return {
    jpeg: String(record['jpeg'] ?? ''),
    pose: (record['pose'] as Pose | null) ?? null,
    polygons: (record['polygons'] as Point[][] | undefined) ?? [],
    angular: (record['angular'] as Point[][] | undefined) ?? [],
    calibration: (record['calibration'] as Still['calibration']) ?? null,
  };
}

export function MaskEditor({ cameraId, cameraName, ptz }: { readonly cameraId: string; readonly cameraName: string; readonly ptz: boolean }) {
  const [still, setStill] = useState<Still | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [shapes, setShapes] = useState<Shape[]>([]);
  const [drawing, setDrawing] = useState<Point[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [message, setMessage] = useState<{ readonly kind: 'ok' | 'error'; readonly text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const svg = useRef<SVGSVGElement | null>(null);
  const dragging = useRef<{ shape: number; vertex: number } | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const next = readStill(await apiRequest('POST', `/api/cameras/${cameraId}/masks/still`));
      setStill(next);
      const kept = (index: number): readonly Point[] | null => (next.pose !== null && next.angular[index] !== undefined ? (next.angular[index] as Point[]) : null);
      setShapes(next.polygons.map((points, index) => ({ points, kept: points.every(inside) ? null : kept(index), error: null })));
      setDrawing([]);
      setSelected(null);
    } catch (error) {
      setStill(null);
      setLoadError(errorText(error));
    }
  }, [cameraId]);

  useEffect(() => {
    setMessage(null);
    void load();
  }, [load]);

  const pointAt = (clientX: number, clientY: number): Point | null => pointOnPicture(svg.current, clientX, clientY);

  /** The server's verdict on one polygon, in French (null when it may be saved). */
  const check = async (points: readonly Point[]): Promise<string | null> => {
    try {
      await apiRequest('POST', `/api/cameras/${cameraId}/masks/check`, still?.pose != null ? { polygons: [points], ptz: { drawnAt: still.pose } } : { polygons: [points] });
      return null;
    } catch (error) {
      return errorText(error);
    }
  };
  const checked = async (index: number, points: readonly Point[]): Promise<void> => {
    const error = await check(points);
    setShapes((all) => all.map((shape, i) => (i === index && shape.points === points ? { ...shape, error } : shape)));
  };

  const close = (): void => {
    if (drawing.length === 0) return;
    const points = drawing;
    const index = shapes.length;
    setShapes((all) => [...all, { points, kept: null, error: null }]);
    setDrawing([]);
    setSelected(index);
    setMessage(null);
    void checked(index, points);
  };

  const onPictureClick = (event: React.MouseEvent<SVGSVGElement>): void => {
    if (dragging.current !== null || job?.state === 'running') return;
    const point = pointAt(event.clientX, event.clientY);
    if (point === null) return;
    if (closesPolygon(svg.current, drawing, point)) {
      close();
      return;
    }
    setSelected(null);
    setDrawing((points) => [...points, point]);
  };

  const onVertexDown = (shape: number, vertex: number) => (event: ReactPointerEvent<SVGCircleElement>) => {
    event.stopPropagation();
    (event.target as Element).setPointerCapture(event.pointerId);
    dragging.current = { shape, vertex };
    setSelected(shape);
  };
  const onPointerMove = (event: ReactPointerEvent<SVGSVGElement>): void => {
    const drag = dragging.current;
    if (drag === null) return;
    const point = pointAt(event.clientX, event.clientY);
    if (point === null) return;
    setShapes((all) => all.map((shape, i) => (i === drag.shape ? { ...shape, points: shape.points.map((p, k) => (k === drag.vertex ? point : p)), error: null } : shape)));
  };
  const onPointerUp = (): void => {
    const drag = dragging.current;
    if (drag === null) return;
    // The click that ends a drag must not add a point.
    setTimeout(() => (dragging.current = null), 0);
    const shape = shapes[drag.shape];
    if (shape !== undefined) void checked(drag.shape, shape.points);
  };

  const remove = (): void => {
    if (selected === null) return;
    setShapes((all) => all.filter((_, i) => i !== selected));
    setSelected(null);
    setMessage(null);
  };

  const save = async (): Promise<void> => {
    if (still === null) return;
    const editable = shapes.filter((s) => s.kept === null);
    setSaving(true);
    setMessage(null);
    try {
      const polygons = editable.map((s) => s.points);
      const body = still.pose !== null ? { polygons, ptz: { drawnAt: still.pose, keep: shapes.flatMap((s) => (s.kept === null ? [] : [s.kept])) } } : { polygons };
      await apiRequest('PUT', `/api/cameras/${cameraId}/masks`, body);
      setMessage({
        kind: 'ok',
        text: shapes.length === 0 ? 'Masques supprimés : la caméra n’est plus masquée.' : `Masques enregistrés (${shapes.length}) : ils sont incrustés dans l’image avant tout enregistrement.`,
      });
      // The picture as published now (the new masks burned in, once the camera's pipeline has restarted).
      setTimeout(() => void load(), 2500);
    } catch (error) {
      const index = error instanceof ApiError && typeof error.details['polygon'] === 'number' ? error.details['polygon'] : null;
      setMessage({ kind: 'error', text: `${errorText(error)}${index === null ? '' : ` (masque n° ${index + 1})`}` });
    } finally {
      setSaving(false);
    }
  };

  // --- PTZ calibration ---
  useEffect(() => {
    if (!ptz) return;
    let stop = false;
    void apiGet(`/api/cameras/${cameraId}/masks/calibration`)
      .then((payload) => !stop && setJob(((payload as { job: Job | null }).job as Job | null) ?? null))
      .catch(() => undefined);
    return () => {
      stop = true;
    };
  }, [cameraId, ptz]);
  useEffect(() => {
    if (job?.state !== 'running') return;
    const timer = setInterval(() => {
      void apiGet(`/api/cameras/${cameraId}/masks/calibration`)
        .then((payload) => {
          const next = (payload as { job: Job | null }).job;
          setJob(next);
          if (next?.state === 'done') void load();
        })
        .catch(() => undefined);
    }, 1000);
    return () => clearInterval(timer);
  }, [cameraId, job?.state, load]);
  const calibrate = async (): Promise<void> => {
    setMessage(null);
    try {
      setJob((await apiRequest('POST', `/api/cameras/${cameraId}/masks/calibration`, {})) as Job);
    } catch (error) {
      setJob({ state: 'failed', error: error instanceof ApiError ? error.code : 'NETWORK' });
    }
  };

  const needsCalibration = ptz && still !== null && still.pose !== null && still.calibration === null;
  const hasErrors = shapes.some((s) => s.error !== null);
  const pose = still?.pose;
  return (
    <section className="estate-panel mask-editor" aria-label="Masques de confidentialité" data-testid="mask-editor">
      <h2>Masques de confidentialité — {cameraName}</h2>
      <p className="estate-hint">
        Cliquez sur l’image pour poser les points d’une zone à masquer, puis cliquez sur le premier point (ou « Fermer le masque »). Faites glisser un point pour le déplacer. Les zones masquées sont
        noircies dans l’image avant tout enregistrement, diffusion ou export.
      </p>
      {ptz && (
        <div className="mask-calibration" data-testid="mask-calibration">
          <p className="estate-note">
            {still?.calibration != null
              ? `Caméra orientable étalonnée le ${frenchInstant(still.calibration.measuredAtMs)} par ${still.calibration.measuredBy} : les masques suivent ses mouvements.`
              : 'Caméra orientable : avant de dessiner, faites l’étalonnage guidé. La tourelle bouge seule pendant environ une minute (panoramique, inclinaison, trois niveaux de zoom) pour mesurer son champ de vision.'}
          </p>
          {job?.state === 'running' ? (
            <p className="estate-warn" role="status" data-testid="calibration-progress">
              Étalonnage en cours — étape {job.step?.index ?? 0} sur {job.step?.count ?? '…'} : {job.step?.label ?? 'préparation'}. Ne pilotez pas la caméra pendant ce temps.
            </p>
          ) : (
            <button type="button" onClick={() => void calibrate()} disabled={still === null}>
              {still?.calibration != null ? 'Refaire l’étalonnage' : 'Lancer l’étalonnage guidé'}
            </button>
          )}
          {job?.state === 'failed' && (
            <p className="estate-error" role="alert" data-testid="calibration-error">
              {maskErrorMessage(job.error)}
            </p>
          )}
          {job?.state === 'done' && job.endedAtMs !== undefined && <p className="estate-ok">Étalonnage terminé le {frenchInstant(job.endedAtMs)}.</p>}
        </div>
      )}
      {loadError !== null && (
        <p className="estate-error" role="alert">
          {loadError}
        </p>
      )}
      {still === null && loadError === null && <p className="estate-note">Lecture de l’image de la caméra…</p>}
      {still !== null && (
        <>
          {pose != null && (
            <p className="estate-note">
              Image prise en position panoramique {pose.pan.toFixed(2)}, inclinaison {pose.tilt.toFixed(2)}, zoom {Math.round(pose.zoom * 100)} % : les masques dessinés ici sont enregistrés dans les
              coordonnées de la tourelle.
            </p>
          )}
          <div className="mask-stage">
            <img src={`data:image/jpeg;base64,${still.jpeg}`} alt={`Image de la caméra ${cameraName}`} draggable={false} />
            <svg
              ref={svg}
              className={needsCalibration || job?.state === 'running' ? 'mask-overlay disabled' : 'mask-overlay'}
              viewBox="0 0 1 1"
              preserveAspectRatio="none"
              data-testid="mask-canvas"
              onClick={needsCalibration ? undefined : onPictureClick}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
            >
              {shapes.map((shape, index) => (
                <g key={index} className={`mask-shape${index === selected ? ' selected' : ''}${shape.error !== null ? ' invalid' : ''}${shape.kept !== null ? ' kept' : ''}`}>
                  <polygon
                    points={shape.points.map((p) => `${p.x},${p.y}`).join(' ')}
                    vectorEffect="non-scaling-stroke"
                    onClick={(event) => {
                      if (drawing.length > 0) return;
                      event.stopPropagation();
                      setSelected(index);
                    }}
                  />
                  {shape.kept === null &&
                    index === selected &&
                    shape.points.map((p, k) => <circle key={k} cx={p.x} cy={p.y} r={0.012} className="mask-vertex" data-testid={`vertex-${index}-${k}`} onPointerDown={onVertexDown(index, k)} />)}
                </g>
              ))}
              {drawing.length > 0 && <polyline className="mask-drawing" points={drawing.map((p) => `${p.x},${p.y}`).join(' ')} vectorEffect="non-scaling-stroke" />}
              {drawing.map((p, k) => (
                <circle key={k} cx={p.x} cy={p.y} r={k === 0 ? 0.014 : 0.009} className={k === 0 ? 'mask-vertex first' : 'mask-vertex'} />
              ))}
            </svg>
          </div>
          <p className="estate-note" data-testid="mask-count">
            {shapes.length === 0
              ? 'Aucun masque sur cette caméra.'
              : `${shapes.length} masque(s)${shapes.some((s) => s.kept !== null) ? ', dont certains hors de cette image (conservés tels quels)' : ''}.`}
          </p>
          {shapes.map((shape, index) =>
            shape.error === null ? null : (
              <p key={index} className="estate-error" role="alert" data-testid="mask-error">
                Masque n° {index + 1} : {shape.error}
              </p>
            ),
          )}
          {message !== null && (
            <p className={message.kind === 'ok' ? 'estate-ok' : 'estate-error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="mask-message">
              {message.text}
            </p>
          )}
          <div className="estate-row">
            <button type="button" onClick={close} disabled={drawing.length === 0}>
              Fermer le masque
            </button>
            <button type="button" onClick={() => setDrawing([])} disabled={drawing.length === 0}>
              Annuler le tracé
            </button>
            <button type="button" onClick={remove} disabled={selected === null}>
              Supprimer le masque
            </button>
            <button type="button" onClick={() => void load()}>
              Actualiser l’image
            </button>
            <button type="button" className="primary" onClick={() => void save()} disabled={saving || drawing.length > 0 || hasErrors || needsCalibration}>
              {saving ? 'Enregistrement…' : 'Enregistrer les masques'}
            </button>
          </div>
          {!ptz && <MaskMode cameraId={cameraId} hasMasks={(still?.polygons.length ?? 0) > 0} />}
        </>
      )}
    </section>
  );
}
