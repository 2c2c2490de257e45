// The mayor's commune on a small map (its outline and its cameras): a click adds a corner of the area to watch,
// and once it has three the cameras inside it are proposed (ticked in the form's list, which stays editable).
import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import { apiGet } from '../api/client.js';
import { readCommuneOutlines, type CommuneOutline } from '../api/contracts.js';
import { useInventory } from '../cameras/inventory.js';
import { boundsOf, fitBounds, insidePolygon, project, toScreen, type WorldPoint } from '../map/projection.js';

const SIZE = { width: 400, height: 240 };

export function AreaPicker({ commune, onPropose }: { readonly commune: string; readonly onPropose: (cameraIds: readonly string[]) => void }) {
  const inventory = useInventory();
  const [outline, setOutline] = useState<CommuneOutline | null>(null);
  const [corners, setCorners] = useState<ReadonlyArray<readonly [number, number]>>([]);

  useEffect(() => {
    let cancelled = false;
    apiGet('/api/communes/outlines').then(
      (payload) => {
        if (!cancelled) setOutline(readCommuneOutlines(payload).find((o) => o.insee === commune) ?? null);
      },
      () => undefined,
    );
    setCorners([]);
    return () => {
      cancelled = true;
    };
  }, [commune]);

  const cameras = useMemo(
    () =>
      inventory.cameras
        .filter((camera) => camera.commune === commune)
        .map((camera) => ({ camera, position: inventory.placements.get(camera.id)?.position ?? null }))
        .filter((c): c is { camera: (typeof c)['camera']; position: { lat: number; lon: number } } => c.position !== null),
    [inventory.cameras, inventory.placements, commune],
  );
  const outlinePoints = useMemo(() => (outline?.polygons ?? []).flatMap((polygon) => polygon.map((ring) => ring.map(([lon, lat]) => project(lon, lat)))), [outline]);
  // Framed on the cameras with a margin of a sixth of the commune around them, so that cameras a few hundred
  // metres apart stay apart; the whole commune when it has no placed camera.
  const view = useMemo(() => {
    const commune = boundsOf(outlinePoints.flat());
    const placed = boundsOf(cameras.map((c) => project(c.position.lon, c.position.lat)));
    if (placed === null) return commune === null ? null : fitBounds(commune, SIZE, 18);
    const margin = commune === null ? 0.0005 : Math.max(commune.maxX - commune.minX, commune.maxY - commune.minY) / 6;
    return fitBounds({ minX: placed.minX - margin, minY: placed.minY - margin, maxX: placed.maxX + margin, maxY: placed.maxY + margin }, SIZE, 18);
  }, [outlinePoints, cameras]);
  if (view === null) return null;

  const screen = (point: WorldPoint): [number, number] => toScreen(view, SIZE, point);
  const markers = cameras.map((c) => ({ id: c.camera.id, name: c.camera.name, at: screen(project(c.position.lon, c.position.lat)) }));

  function addCorner(event: MouseEvent<SVGSVGElement>) {
    const box = event.currentTarget.getBoundingClientRect();
    const next = [...corners, [((event.clientX - box.left) * SIZE.width) / box.width, ((event.clientY - box.top) * SIZE.height) / box.height] as const];
    setCorners(next);
    if (next.length >= 3) onPropose(markers.filter((m) => insidePolygon(m.at, next)).map((m) => m.id));
  }

  return (
    <div className="watch-area">
      <svg
        viewBox={`0 0 ${SIZE.width} ${SIZE.height}`}
        className="watch-area-map"
        role="img"
        aria-label="Carte de la commune : cliquez pour tracer la zone à regarder"
        data-testid="watch-area-map"
        onClick={addCorner}
      >
        {outlinePoints.map((ring, i) => (
          <polygon key={i} className="watch-area-outline" points={ring.map((p) => screen(p).join(',')).join(' ')} />
        ))}
        {corners.length > 0 && <polygon className="watch-area-zone" points={corners.map((c) => c.join(',')).join(' ')} />}
        {markers.map((m) => (
          <circle key={m.id} className="watch-area-camera" cx={m.at[0]} cy={m.at[1]} r={5} data-camera-id={m.id}>
            <title>{m.name}</title>
          </circle>
        ))}
      </svg>
      <div className="watch-area-bar">
        <span className="watch-hint">
          {corners.length < 3 ? 'Cliquez sur la carte pour tracer la zone (3 points au moins), ou cochez les caméras.' : 'Les caméras de la zone sont cochées ci-dessous.'}
        </span>
        {corners.length > 0 && (
          <button type="button" className="small" onClick={() => setCorners([])}>
            Effacer la zone
          </button>
        )}
      </div>
    </div>
  );
}
