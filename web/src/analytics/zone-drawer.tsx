// The zone (polygon) or line of a rule, drawn on the camera's picture: click to add points; a zone closes on its
// first point, a line takes two. The picture is the masked still (administrators, mask.manage) or a recorded
// snapshot; when there is none the drawer says why and the rule may still apply to the whole picture.
import { useEffect, useRef, useState } from 'react';
import { ApiError, apiRequest } from '../api/client.js';
import { closesPolygon, pointOnPicture, type PicturePoint } from '../masks/picture-point.js';
import '../masks/masks.css';

export type Shape = { readonly kind: 'zone' | 'line'; readonly points: readonly PicturePoint[]; readonly closed: boolean };

async function cameraPicture(cameraId: string, masksStill: boolean): Promise<string> {
  if (masksStill) {
    const still = (await apiRequest('POST', `/api/cameras/${encodeURIComponent(cameraId)}/masks/still`)) as { jpeg?: string };
    if (typeof still.jpeg === 'string' && still.jpeg !== '') return `data:image/jpeg;base64,${still.jpeg}`;
    throw new ApiError(404, 'VIGIE_MASK_NO_PICTURE', 'no picture');
  }
  const response = await fetch(`/api/cameras/${encodeURIComponent(cameraId)}/snapshot?at=${Date.now() - 5000}`, { credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, response.status === 403 ? 'VIGIE_FORBIDDEN' : 'VIGIE_MASK_NO_PICTURE', 'no picture');
  return URL.createObjectURL(await response.blob());
}

export function ZoneDrawer(props: { readonly cameraId: string; readonly cameraName: string; readonly kind: 'zone' | 'line'; readonly masksStill: boolean; readonly onChange: (shape: Shape) => void }) {
  const { cameraId, cameraName, kind, masksStill, onChange } = props;
  const [picture, setPicture] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [shape, setShape] = useState<Shape>({ kind, points: [], closed: false });
  const svg = useRef<SVGSVGElement | null>(null);

  useEffect(() => {
    let stop = false;
    setPicture(null);
    setProblem(null);
    cameraPicture(cameraId, masksStill).then(
      (url) => !stop && setPicture(url),
      (error: unknown) =>
        !stop &&
        setProblem(
          error instanceof ApiError && error.code === 'VIGIE_FORBIDDEN'
            ? 'Votre rôle ne permet pas de voir l’image de cette caméra : la règle s’appliquera à toute l’image.'
            : 'La caméra ne fournit aucune image en ce moment (hors ligne, ou rien d’enregistré) : impossible de dessiner. Réessayez quand elle est en ligne, ou laissez la règle s’appliquer à toute l’image.',
        ),
    );
    return () => {
      stop = true;
    };
  }, [cameraId, masksStill]);

  useEffect(() => setShape({ kind, points: [], closed: false }), [kind, cameraId]);
  useEffect(() => onChange(shape), [shape, onChange]);

  const onClick = (event: React.MouseEvent<SVGSVGElement>): void => {
    const point = pointOnPicture(svg.current, event.clientX, event.clientY);
    if (point === null || shape.closed) return;
    if (kind === 'zone' && closesPolygon(svg.current, shape.points, point)) return setShape({ ...shape, closed: true });
    const points = [...shape.points, point];
    setShape({ kind, points, closed: kind === 'line' && points.length === 2 });
  };

  const path = shape.points.map((p) => `${p.x},${p.y}`).join(' ');
  return (
    <div className="analytics-drawer" data-testid="zone-drawer">
      <p className="estate-hint">
        {kind === 'zone'
          ? 'Cliquez sur l’image pour poser les points de la zone, puis cliquez sur le premier point pour la fermer.'
          : 'Cliquez deux fois sur l’image : le début puis la fin de la ligne à surveiller.'}
      </p>
      {problem !== null && (
        <p className="estate-error" role="alert" data-testid="picture-problem">
          {problem}
        </p>
      )}
      {picture === null && problem === null && <p className="estate-note">Lecture de l’image de la caméra…</p>}
      {picture !== null && (
        <div className="mask-stage">
          <img src={picture} alt={`Image de la caméra ${cameraName}`} draggable={false} />
          <svg ref={svg} className="mask-overlay" viewBox="0 0 1 1" preserveAspectRatio="none" data-testid="zone-canvas" onClick={onClick}>
            {shape.closed && kind === 'zone' ? (
              <g className="mask-shape selected">
                <polygon points={path} vectorEffect="non-scaling-stroke" />
              </g>
            ) : (
              shape.points.length > 0 && <polyline className="mask-drawing" points={path} vectorEffect="non-scaling-stroke" />
            )}
            {shape.points.map((p, k) => (
              <circle key={k} cx={p.x} cy={p.y} r={k === 0 ? 0.014 : 0.009} className={k === 0 ? 'mask-vertex first' : 'mask-vertex'} />
            ))}
          </svg>
        </div>
      )}
      <div className="estate-row">
        <span className="estate-note" data-testid="zone-state">
          {shape.points.length === 0
            ? 'Rien de dessiné : la règle s’appliquera à toute l’image.'
            : shape.closed
              ? kind === 'zone'
                ? `Zone fermée (${shape.points.length} points).`
                : 'Ligne tracée.'
              : `${shape.points.length} point(s) posé(s), tracé non terminé.`}
        </span>
        <button type="button" onClick={() => setShape({ kind, points: [], closed: false })} disabled={shape.points.length === 0}>
          Effacer le tracé
        </button>
      </div>
    </div>
  );
}
