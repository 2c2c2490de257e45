// "Relecture": pick a camera, a date and a time (Paris), play the recording from there with the day's
// timeline below; play/pause, ×1–×16, frame step, ±10 s and a JPEG snapshot of the instant.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, apiGet } from '../api/client.js';
import { CameraPicker } from '../cameras/camera-picker.js';
import { useInventory } from '../cameras/inventory.js';
import { describeStatus } from '../media/use-stream.js';
import { formatParisDateTime, parisDate, parisDayBounds, parisTimeInput, parisToUtc } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { isTyping, useSlashToSearch } from '../ui/use-slash-to-search.js';
import { Timeline } from './timeline.js';
import { readTimeline, type CameraTimeline } from './timeline-data.js';
import { SPEEDS, usePlayback } from './use-playback.js';

const TEN_SECONDS = 10_000;
const MINUTE = 60_000;
/** Timeline windows: the Paris day, or a window centred on the position. */
const ZOOMS = [
  { label: '24 h', span: 0 },
  { label: '4 h', span: 240 * MINUTE },
  { label: '1 h', span: 60 * MINUTE },
  { label: '15 min', span: 15 * MINUTE },
] as const;

export function PlaybackPage() {
  return can(useUser(), 'video.playback') ? (
    <PlaybackPageContent />
  ) : (
    <EmptyState title="Votre rôle ne donne pas accès aux enregistrements.">Les images ne sont visibles que des rôles habilités à les voir ; demandez à l’administrateur.</EmptyState>
  );
}

function PlaybackPageContent() {
  const inventory = useInventory();
  const [params, setParams] = useSearchParams();
  const search = useRef<HTMLInputElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  useSlashToSearch(search);
  const cameraId = params.get('camera') ?? inventory.cameras[0]?.id ?? null;
  const camera = cameraId === null ? undefined : inventory.camera(cameraId);
  const [defaultStart] = useState(() => Date.now() - 15 * 60_000);
  const startAt = Number(params.get('at') ?? '') || defaultStart;
  const [date, setDate] = useState(() => parisDate(startAt));
  const [time, setTime] = useState(() => parisTimeInput(startAt));
  const [timeline, setTimeline] = useState<CameraTimeline | null>(null);
  const [timelineError, setTimelineError] = useState<string | null>(null);
  const playback = usePlayback(video, camera === undefined ? null : camera.id, startAt);
  const [zoom, setZoom] = useState(2);
  const span = ZOOMS[zoom]?.span ?? 0;
  // The window moves in steps of a quarter of its span, so the timeline is not fetched at every tick.
  const anchor = span === 0 ? 0 : Math.floor(playback.position / (span / 4)) * (span / 4);
  const day = span === 0 ? parisDayBounds(parisDate(playback.position)) : { from: anchor - span / 2, to: anchor + span / 2 };

  useEffect(() => {
    document.title = 'Relecture — Vigie';
  }, []);

  useEffect(() => {
    setDate(parisDate(startAt));
    setTime(parisTimeInput(startAt));
  }, [startAt]);

  useEffect(() => {
    if (camera === undefined) return undefined;
    let cancelled = false;
    apiGet(`/api/recordings/timeline?cameras=${encodeURIComponent(camera.id)}&from=${day.from}&to=${day.to}`)
      .then((payload) => {
        if (cancelled) return;
        setTimeline(readTimeline(payload, camera.id));
        setTimelineError(null);
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setTimeline(null);
        setTimelineError(error instanceof ApiError && error.status === 404 ? 'Chronologie indisponible sur ce serveur.' : `Chronologie indisponible : ${(error as Error).message}`);
      });
    return () => {
      cancelled = true;
    };
  }, [camera, day.from, day.to]);

  const go = (id: string, at: number) => setParams({ camera: id, at: String(Math.round(at)) });

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const index = SPEEDS.indexOf(playback.speed as (typeof SPEEDS)[number]);
      const actions: Record<string, () => void> = {
        ' ': playback.togglePause,
        ArrowLeft: () => playback.seek(playback.position - TEN_SECONDS),
        ArrowRight: () => playback.seek(playback.position + TEN_SECONDS),
        '.': playback.step,
        '+': () => playback.setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, index + 1)] ?? 1),
        '-': () => playback.setSpeed(SPEEDS[Math.max(0, index - 1)] ?? 1),
      };
      const action = actions[event.key];
      if (action === undefined) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [playback]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const at = parisToUtc(date, time);
    if (camera !== undefined && Number.isFinite(at)) go(camera.id, at);
  }

  if (inventory.status === 'ready' && inventory.cameras.length === 0)
    return <EmptyState title="Aucune caméra ne vous est attribuée.">Il n’y a aucun enregistrement consultable avec votre compte.</EmptyState>;

  const message = describeStatus(playback.status);
  return (
    <section className="playback-page">
      <CameraPicker searchRef={search} activeIds={camera === undefined ? [] : [camera.id]} onPick={(id) => go(id, playback.position)} hint="Choisissez la caméra à relire." />
      <div className="playback-main">
        <form className="toolbar playback-form" onSubmit={submit}>
          <h1>Relecture</h1>
          <span className="playback-camera">{camera === undefined ? 'Aucune caméra' : `${camera.name} · ${inventory.communeName(camera.commune)}`}</span>
          <label>
            Date
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
          </label>
          <label>
            Heure (Paris)
            <input type="time" step={1} value={time} onChange={(e) => setTime(e.target.value)} required />
          </label>
          <button type="submit" className="primary">
            Lire
          </button>
        </form>
        <div className="player">
          <video ref={video} className="player-video" muted autoPlay playsInline disablePictureInPicture data-camera-id={camera?.id} />
          <div className="tile-top">
            <span className="tile-name">{camera?.name}</span>
            <span className="tile-commune">{camera === undefined ? '' : inventory.communeName(camera.commune)}</span>
            <span className="player-position" data-testid="position">
              {formatParisDateTime(playback.position)}
            </span>
          </div>
          {message !== '' && <div className={`tile-message ${playback.status.kind}`}>{message}</div>}
          {playback.ended && <div className="player-note">Fin des enregistrements disponibles</div>}
        </div>
        <div className="controls" role="toolbar" aria-label="Commandes de lecture">
          <button type="button" onClick={() => playback.seek(playback.position - TEN_SECONDS)} title="Reculer de 10 s (←)">
            −10 s
          </button>
          <button type="button" className="primary wide" onClick={playback.togglePause} title="Lecture / pause (Espace)">
            {playback.paused ? 'Lecture' : 'Pause'}
          </button>
          <button type="button" onClick={playback.step} title="Image suivante (.)">
            Image +1
          </button>
          <button type="button" onClick={() => playback.seek(playback.position + TEN_SECONDS)} title="Avancer de 10 s (→)">
            +10 s
          </button>
          <div className="segmented" role="group" aria-label="Vitesse">
            {SPEEDS.map((value) => (
              <button key={value} type="button" className={value === playback.speed ? 'on' : ''} onClick={() => playback.setSpeed(value)}>
                ×{value}
              </button>
            ))}
          </div>
          {camera !== undefined && (
            <a
              className="button"
              href={`/api/cameras/${encodeURIComponent(camera.id)}/snapshot?at=${Math.round(playback.position)}`}
              target="_blank"
              rel="noreferrer"
              title="Image JPEG de l’instant affiché"
            >
              Instantané
            </a>
          )}
        </div>
        <div className="segmented zoom" role="group" aria-label="Échelle de la chronologie">
          {ZOOMS.map((z, index) => (
            <button key={z.label} type="button" className={index === zoom ? 'on' : ''} onClick={() => setZoom(index)}>
              {z.label}
            </button>
          ))}
        </div>
        <Timeline from={day.from} to={day.to} timeline={timeline} position={playback.position} unavailable={timelineError} onSeek={playback.seek} />
      </div>
    </section>
  );
}
