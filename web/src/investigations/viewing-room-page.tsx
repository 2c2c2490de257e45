// « Salle de visionnage » of one requisition: its cameras played back in sync over its time range only, with
// stills and the requisition's bookmarks (synchronized-playback.tsx). The investigator chooses which of its cameras
// play (nine at most, the first four at opening; the others stay listed). Reached from the investigator's requisitions page while the
// requisition is in force; the server refuses anything outside it (docs/access.md), and this page says so in French
// before asking — another requisition, one not in force, an instant outside the range.
import { useEffect, useMemo, useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/api-error.js';
import { apiGet } from '../api/client.js';
import { can, readCamera, type Camera, type RequisitionView } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { VideoTile } from '../live/video-tile.js';
import { SynchronizedPlayback, MAX_CAMERAS } from '../playback/synchronized-playback.js';
import { requisitionBookmarks } from './requisition-bookmarks.js';
import { formatParisTime, parisDateFr } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { requisitionErrorMessage } from './requisition-errors.js';

type Room =
  | { readonly kind: 'loading' }
  | { readonly kind: 'refused'; readonly title: string; readonly text: string }
  | { readonly kind: 'open'; readonly requisition: RequisitionView; readonly cameras: readonly Camera[] };

const when = (ms: number): string => `${parisDateFr(ms)} ${formatParisTime(ms).slice(0, 5)}`;
const whenExactly = (ms: number): string => `${parisDateFr(ms)} ${formatParisTime(ms)}`;
/** At most this many of the requisition's cameras play together (a 3×3 grid). */
export const ROOM_MAX_CAMERAS = 9;
const IN_FORCE_STATES: readonly RequisitionView['state'][] = ['validated', 'extracted', 'handed-over'];

/** Whether the requisition grants its scope now (validated, not closed, before its end date). */
export function requisitionInForce(requisition: RequisitionView, nowMs: number): boolean {
  return IN_FORCE_STATES.includes(requisition.state) && requisition.scopeUntilMs !== null && requisition.scopeUntilMs > nowMs;
}

async function openRoom(id: string): Promise<Room> {
  let requisition: RequisitionView;
  try {
    requisition = (await apiGet(`/api/requisitions/${encodeURIComponent(id)}`)) as RequisitionView;
  } catch (error) {
    const notYours = error instanceof ApiError && (error.status === 403 || error.status === 404);
    return notYours
      ? {
          kind: 'refused',
          title: 'Réquisition non accessible.',
          text: 'Cette réquisition n’existe pas ou ne vous est pas attribuée : vous ne pouvez visionner que les images de vos propres réquisitions validées.',
        }
      : { kind: 'refused', title: 'Salle de visionnage indisponible.', text: requisitionErrorMessage(error) };
  }
  if (!requisitionInForce(requisition, Date.now())) {
    return {
      kind: 'refused',
      title: `Réquisition ${requisition.reference} : pas de visionnage.`,
      text: 'Le visionnage n’est ouvert que pour une réquisition validée et en vigueur (avant sa date de fin). Demandez une prolongation ou adressez-vous au chef de salle.',
    };
  }
  const cameras = await Promise.all(requisition.cameraIds.map(async (cameraId) => readCamera(await apiGet(`/api/cameras/${encodeURIComponent(cameraId)}`).catch(() => null))));
  return { kind: 'open', requisition, cameras: cameras.filter((camera): camera is Camera => camera !== null) };
}

export function ViewingRoomPage() {
  const user = useUser();
  const { id = '' } = useParams();
  const [room, setRoom] = useState<Room>({ kind: 'loading' });
  useEffect(() => {
    let cancelled = false;
    void openRoom(id).then((opened) => {
      if (!cancelled) setRoom(opened);
    });
    return () => {
      cancelled = true;
    };
  }, [id]);

  if (!can(user, 'video.playback') || !can(user, 'requisition.read'))
    return <EmptyState title="Salle de visionnage : accès réservé.">Cette page est réservée aux enquêteurs, pour les images de leurs réquisitions validées.</EmptyState>;
  if (room.kind === 'loading') return <p className="viewing-room-loading">Ouverture de la salle de visionnage…</p>;
  if (room.kind === 'refused')
    return (
      <EmptyState title={room.title}>
        {room.text} <Link to="/requisitions">Retour aux réquisitions</Link>
      </EmptyState>
    );
  return <Room requisition={room.requisition} cameras={room.cameras} />;
}

/** The open room: the cameras chosen (URL `cameras`, else the first four) in the synchronized playback. */
function Room({ requisition, cameras }: { readonly requisition: RequisitionView; readonly cameras: readonly Camera[] }) {
  const [params, setParams] = useSearchParams();
  const [tooMany, setTooMany] = useState(false);
  // The choice is the page's state, mirrored in the URL (a reload keeps it): a box ticked shows at once, without
  // waiting for the router's navigation.
  const [picked, setPicked] = useState<readonly string[]>(() => (params.get('cameras') ?? '').split(','));
  const asked = picked.filter((cameraId) => cameras.some((camera) => camera.id === cameraId));
  const chosen = asked.length > 0 ? cameras.filter((camera) => asked.includes(camera.id)).slice(0, ROOM_MAX_CAMERAS) : cameras.slice(0, MAX_CAMERAS);
  const choose = (ids: readonly string[]) => {
    setTooMany(false);
    setPicked(ids);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('cameras', ids.join(','));
        return next;
      },
      { replace: true },
    );
  };
  const toggle = (cameraId: string) => {
    const ids = chosen.map((camera) => camera.id);
    if (ids.includes(cameraId)) {
      if (ids.length > 1) choose(ids.filter((other) => other !== cameraId));
    } else if (ids.length < ROOM_MAX_CAMERAS) choose([...ids, cameraId]);
    else setTooMany(true);
  };
  const bookmarks = useMemo(() => requisitionBookmarks(requisition.id), [requisition.id]);
  const bounds = useMemo(() => ({ fromMs: requisition.fromMs, toMs: requisition.toMs }), [requisition.fromMs, requisition.toMs]);
  const missing = requisition.cameraIds.length - cameras.length;
  const [live, setLive] = useState(false);
  const title = `Salle de visionnage — réquisition ${requisition.reference}`;
  const scope = (
    <aside className="picker viewing-room-scope" aria-label="Périmètre de la réquisition">
      <h2>Périmètre</h2>
      <p>
        Images du {whenExactly(requisition.fromMs)} au {whenExactly(requisition.toMs)}, {requisition.cameraIds.length} caméra{requisition.cameraIds.length > 1 ? 's' : ''}.
      </p>
      <p>Accès jusqu’au {when(requisition.scopeUntilMs ?? 0)}.</p>
      {requisition.live ? (
        <button type="button" onClick={() => setLive(!live)}>
          {live ? 'Revenir aux enregistrements' : 'Voir le direct'}
        </button>
      ) : (
        <p>Pas de direct : la réquisition ne porte que sur les enregistrements.</p>
      )}
      <fieldset className="viewing-room-cameras">
        <legend>
          Caméras affichées ({chosen.length} sur {cameras.length}, {ROOM_MAX_CAMERAS} au plus)
        </legend>
        {cameras.map((camera) => (
          <label key={camera.id}>
            <input type="checkbox" checked={chosen.some((c) => c.id === camera.id)} onChange={() => toggle(camera.id)} />
            {camera.name} <span className="muted">{camera.communeName ?? camera.commune}</span>
          </label>
        ))}
      </fieldset>
      {missing > 0 && <p role="alert">{missing === 1 ? 'Une caméra de la réquisition a été retirée du parc.' : `${missing} caméras de la réquisition ont été retirées du parc.`}</p>}
      <p className="muted">Chaque consultation est journalisée.</p>
      <Link to="/requisitions">Retour aux réquisitions</Link>
    </aside>
  );
  if (live)
    return (
      <section className="playback-page sync-playback">
        {scope}
        <div className="playback-main">
          <div className="toolbar sync-toolbar">
            <h1>{title} — direct</h1>
          </div>
          {tooMany && (
            <p className="sync-notice" role="alert">
              {ROOM_MAX_CAMERAS} caméras au plus à la fois : retirez-en une avant d’en ajouter une autre.
            </p>
          )}
          <div className={`sync-grid count-${chosen.length}`}>
            {chosen.map((camera) => (
              <VideoTile
                key={camera.id}
                camera={camera}
                communeName={camera.communeName ?? camera.commune}
                stream={chosen.length > 1 ? 'sub' : 'main'}
                selected={false}
                onSelect={() => undefined}
                onOpen={() => undefined}
              />
            ))}
          </div>
        </div>
      </section>
    );
  return (
    <SynchronizedPlayback
      cameras={chosen}
      camerasPending={false}
      communeName={(camera) => camera.communeName ?? camera.commune}
      bounds={bounds}
      title={title}
      bookmarkSource={bookmarks}
      {...(tooMany ? { extraNotice: `${ROOM_MAX_CAMERAS} caméras au plus à la fois : retirez-en une avant d’en ajouter une autre.` } : {})}
      picker={scope}
    />
  );
}

/**
 * An investigator opening « Relecture » (a search result, a trajectory's sighting, an older link): he has no camera
 * list, so he is taken to the viewing room of his requisition in force that covers those cameras at that instant,
 * or told in French that none does.
 */
export function InvestigatorPlaybackRedirect({ cameraIds, atMs }: { readonly cameraIds: readonly string[]; readonly atMs: number | undefined }) {
  const [target, setTarget] = useState<string | null | undefined>(undefined);
  const key = cameraIds.join(',');
  useEffect(() => {
    let cancelled = false;
    apiGet('/api/requisitions').then(
      (answer) => {
        const ids = key.split(',').filter((cameraId) => cameraId !== '');
        const covering = (answer as RequisitionView[]).find(
          (r) => requisitionInForce(r, Date.now()) && ids.every((cameraId) => r.cameraIds.includes(cameraId)) && (atMs === undefined || (atMs >= r.fromMs && atMs <= r.toMs)),
        );
        if (!cancelled) setTarget(covering === undefined ? null : `/requisitions/${covering.id}/visionnage${atMs === undefined ? '' : `?at=${atMs}`}`);
      },
      () => !cancelled && setTarget(null),
    );
    return () => {
      cancelled = true;
    };
  }, [key, atMs]);
  if (target === undefined) return <p className="viewing-room-loading">Recherche de la réquisition correspondante…</p>;
  if (target !== null) return <Navigate to={target} replace />;
  return (
    <EmptyState title="Images hors de vos réquisitions.">
      Aucune de vos réquisitions en vigueur ne couvre ces caméras à cet instant : vous ne pouvez visionner que leurs caméras, sur leur période. <Link to="/requisitions">Vos réquisitions</Link>
    </EmptyState>
  );
}
