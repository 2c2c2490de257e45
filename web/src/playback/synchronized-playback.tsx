// Synchronized playback of up to four cameras (nine in a requisition's viewing room) on one master clock, in a 2×2 (3×3) grid, over a timeline with one row per
// camera (coverage, gaps, bookmarks, zoom from a week down to seconds, stills on hover); speed ×0.25–×16, image by
// image both ways, ±10 s, a French date and time to go to, stills, bookmarks with a note. The « Relecture » page
// feeds it the cameras chosen from the inventory; the investigator's « Salle de visionnage » feeds it his
// requisition's cameras with its time range as bounds (nothing outside them is asked for, and a French sentence
// says why instead).
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, apiGet } from '../api/client.js';
import { asRecord, readArray, readNumber, readString } from '../api/read.js';
import { can, type Camera } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { FrenchDateTimeField } from '../time/french-date-time-field.js';
import { formatParisDateTime, parisDateFr, formatParisTime } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { isTyping } from '../ui/use-slash-to-search.js';
import { BookmarksPanel, cameraBookmarks, useBookmarks, type BookmarkSource } from './bookmarks-panel.js';
import { ExportPanel } from './export-panel.js';
import { MasterClock } from './master-clock.js';
import { SnapshotPanel } from './snapshot-panel.js';
import { SyncedTile } from './synced-tile.js';
import { Timeline } from './timeline.js';
import { readTimeline, type CameraTimeline } from './timeline-data.js';
import type { Availability } from './use-synced-camera.js';
import './playback.css';

/** A time range playback may not leave (a requisition's). */
export interface PlaybackBounds {
  readonly fromMs: number;
  readonly toMs: number;
}

interface SynchronizedPlaybackProps {
  readonly cameras: readonly Camera[];
  /** True while the cameras asked for are not known yet: playback waits before looking for their newest footage. */
  readonly camerasPending: boolean;
  readonly communeName: (camera: Camera) => string;
  readonly bounds?: PlaybackBounds;
  readonly title: string;
  /** The camera choice beside the grid, when the page offers one. */
  readonly picker?: ReactNode;
  /** A sentence of the page's own to show above the grid (e.g. too many cameras chosen). */
  readonly extraNotice?: string;
  /** Removing a camera from the grid, when the page allows it. */
  readonly onRemove?: (cameraId: string) => void;
  /** Where bookmarks are read and set (default: the cameras' own, within the bounds). */
  readonly bookmarkSource?: BookmarkSource;
}

const within = (bounds: PlaybackBounds, at: number): boolean => at >= bounds.fromMs && at <= bounds.toMs;
const outsideBounds = (bounds: PlaybackBounds): string =>
  `Hors du périmètre de votre réquisition : les images consultables vont du ${parisDateFr(bounds.fromMs)} ${formatParisTime(bounds.fromMs)} au ${parisDateFr(bounds.toMs)} ${formatParisTime(bounds.toMs)}, sur ses caméras seulement.`;

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;
/** At most this many cameras play together in « Relecture » (a 2×2 grid); a viewing room goes up to 3×3. */
export const MAX_CAMERAS = 4;
const TEN_SECONDS = 10_000;
/** One picture at 25 fps, the recording rate of most urban cameras. */
const FRAME_MS = 40;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ZOOMS = [
  { label: '7 j', span: 7 * 24 * HOUR },
  { label: '24 h', span: 24 * HOUR },
  { label: '6 h', span: 6 * HOUR },
  { label: '1 h', span: HOUR },
  { label: '15 min', span: 15 * MINUTE },
  { label: '5 min', span: 5 * MINUTE },
  { label: '1 min', span: MINUTE },
  { label: '10 s', span: 10_000 },
] as const;
/** docs/access.md: operators play back the last 72 hours; older footage goes through the room lead. */
const OPERATOR_WINDOW_MS = 72 * HOUR;
/** The default position stands this far before the end of the newest footage, so that there is some to play. */
const DEFAULT_LEAD_MS = 10_000;

/** Within bounds (a requisition's range), footage after their end is not the viewer's: no « Images suivantes » towards it. */
function boundedAvailability(found: Availability | undefined, bounds: PlaybackBounds | undefined): Availability | undefined {
  return found === undefined || bounds === undefined || found.nextMs === null || found.nextMs <= bounds.toMs ? found : { ...found, nextMs: null };
}

function readAvailability(payload: unknown): Map<string, Availability & { latestEndMs: number | null }> {
  const at = readNumber(asRecord(payload) ?? {}, 'atMs') ?? 0;
  const out = new Map<string, Availability & { latestEndMs: number | null }>();
  for (const item of readArray(payload, 'cameras')) {
    const r = asRecord(item);
    const id = r === null ? undefined : readString(r, 'cameraId');
    if (r === null || id === undefined) continue;
    out.set(id, { at, recorded: r['recorded'] === true, nextMs: readNumber(r, 'nextMs') ?? null, latestEndMs: readNumber(r, 'latestEndMs') ?? null });
  }
  return out;
}

export function SynchronizedPlayback({ cameras, camerasPending, communeName, bounds, title, picker, extraNotice, onRemove, bookmarkSource }: SynchronizedPlaybackProps) {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const cameraKey = cameras.map((c) => c.id).join(',');
  const requestedAt = Number(params.get('at') ?? '');
  const asked = Number.isFinite(requestedAt) && requestedAt > 0 ? requestedAt : undefined;
  const askedOutside = asked !== undefined && bounds !== undefined && !within(bounds, asked);
  const [syncId] = useState(() => Math.random().toString(36).slice(2, 10));
  // Within bounds (a requisition's range) playback starts at the asked instant when inside it, else at its start.
  const [master] = useState(() => new MasterClock(bounds === undefined ? (asked ?? Date.now() - MINUTE) : askedOutside || asked === undefined ? bounds.fromMs : asked));
  /** The tiles open once the starting instant is known (the URL's, the range's start, or the newest footage of the cameras). */
  const [ready, setReady] = useState(asked !== undefined || bounds !== undefined);
  const [position, setPosition] = useState(() => master.position());
  const [paused, setPaused] = useState(false);
  const [speed, setSpeedState] = useState(1);
  const [availability, setAvailability] = useState<ReadonlyMap<string, Availability>>(new Map());
  const [notice, setNotice] = useState<string | null>(askedOutside && bounds !== undefined ? outsideBounds(bounds) : null);
  /** What the date and time fields show: the last instant gone to, not the running position (it would overwrite typing). */
  const [fieldAt, setFieldAt] = useState(() => master.position());
  const [zoom, setZoom] = useState(4);
  const [timelines, setTimelines] = useState<ReadonlyMap<string, CameraTimeline>>(new Map());
  const [timelineError, setTimelineError] = useState<string | null>(null);
  const operator = user.role === 'operator';
  const refusal = operator
    ? 'Votre rôle permet de relire les 72 dernières heures seulement. Pour des images plus anciennes, adressez-vous au chef de salle.'
    : bounds !== undefined
      ? outsideBounds(bounds)
      : 'Ces images ne sont pas accessibles avec votre compte.';
  const bookmarkSet =
    bookmarkSource ??
    cameraBookmarks(
      cameras.map((c) => c.id),
      refusal,
      bounds,
    );
  const { bookmarks, error: bookmarksError, reload: reloadBookmarks } = useBookmarks(bookmarkSet);

  useEffect(() => {
    document.title = `${title} — Vigie`;
  }, [title]);

  // Within bounds, playback stops at their end: the footage after it is not the requisition's.
  const boundsEnd = bounds?.toMs;
  useEffect(() => {
    const timer = setInterval(() => {
      if (boundsEnd !== undefined && !master.paused && master.position() >= boundsEnd) {
        master.setPaused(true);
        master.seek(boundsEnd);
        setPaused(true);
        setNotice(`Fin des images de la réquisition (${parisDateFr(boundsEnd)} ${formatParisTime(boundsEnd)}) : lecture en pause.`);
      }
      setPosition(master.position());
    }, 200);
    return () => clearInterval(timer);
  }, [master, boundsEnd]);

  const loadAvailability = useCallback(
    async (at: number) => {
      if (cameraKey === '') return new Map<string, Availability & { latestEndMs: number | null }>();
      try {
        const found = readAvailability(await apiGet(`/api/recordings/availability?cameras=${encodeURIComponent(cameraKey)}&at=${Math.round(at)}`));
        setAvailability(found);
        return found;
      } catch {
        setAvailability(new Map());
        return new Map<string, Availability & { latestEndMs: number | null }>();
      }
    },
    [cameraKey],
  );

  // Opening without an instant: the newest recorded footage of the chosen cameras.
  useEffect(() => {
    if (ready || camerasPending) return undefined;
    if (cameraKey === '') {
      setReady(true);
      return undefined;
    }
    let cancelled = false;
    void loadAvailability(Date.now()).then((found) => {
      if (cancelled) return;
      const newest = Math.max(0, ...[...found.values()].map((a) => a.latestEndMs ?? 0));
      if (newest > 0) master.seek(newest - DEFAULT_LEAD_MS);
      setFieldAt(master.position());
      setPosition(master.position());
      setReady(true);
      void loadAvailability(master.position());
    });
    return () => {
      cancelled = true;
    };
  }, [ready, camerasPending, cameraKey, loadAvailability, master]);

  const windowStart = (): number => Date.now() - OPERATOR_WINDOW_MS;
  const outOfReach = operator && position < windowStart();

  const seek = useCallback(
    (at: number) => {
      // Said before asking: the server would refuse the footage, and a refused stream only retries.
      if (operator && at < Date.now() - OPERATOR_WINDOW_MS) {
        setNotice(`${refusal} (limite actuelle : ${parisDateFr(Date.now() - OPERATOR_WINDOW_MS)} ${formatParisTime(Date.now() - OPERATOR_WINDOW_MS)})`);
        return;
      }
      if (bounds !== undefined && !within(bounds, at)) {
        setNotice(outsideBounds(bounds));
        return;
      }
      setNotice(null);
      master.seek(at);
      setFieldAt(at);
      setPosition(at);
      void loadAvailability(at);
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.set('at', String(Math.round(at)));
          return next;
        },
        { replace: true },
      );
    },
    [operator, refusal, bounds, master, loadAvailability, setParams],
  );

  useEffect(() => {
    if (ready) void loadAvailability(master.position());
  }, [cameraKey, ready, loadAvailability, master]);

  const togglePause = useCallback(() => {
    master.setPaused(!master.paused);
    setPaused(master.paused);
  }, [master]);
  const setSpeed = useCallback(
    (value: number) => {
      master.setSpeed(value);
      setSpeedState(value);
    },
    [master],
  );
  const step = useCallback(
    (frames: number) => {
      master.setPaused(true);
      setPaused(true);
      seek(master.position() + frames * FRAME_MS);
    },
    [master, seek],
  );

  const span = ZOOMS[zoom]?.span ?? HOUR;
  // The window moves in quarters of its span, so that the timeline is not asked again at every tick.
  const quarter = span / 4;
  const windowFrom = Math.floor(position / quarter) * quarter - 2 * quarter;
  // A requisition's range bounds the timeline: nothing before or after it is asked for or drawn.
  const from = bounds === undefined ? windowFrom : Math.max(windowFrom, bounds.fromMs);
  const to = bounds === undefined ? windowFrom + span : Math.min(windowFrom + span, bounds.toMs);

  useEffect(() => {
    if (cameraKey === '') return undefined;
    let cancelled = false;
    apiGet(`/api/recordings/timeline?cameras=${encodeURIComponent(cameraKey)}&from=${from}&to=${Math.min(to, Date.now() + quarter)}`)
      .then((payload) => {
        if (cancelled) return;
        setTimelines(new Map(cameraKey.split(',').map((id) => [id, readTimeline(payload, id)])));
        setTimelineError(null);
      })
      .catch((error: unknown) => {
        if (!cancelled) setTimelineError(error instanceof ApiError && error.status === 403 ? 'Chronologie non accessible avec votre compte.' : 'Chronologie momentanément indisponible.');
      });
    return () => {
      cancelled = true;
    };
  }, [cameraKey, from, to, quarter]);

  const zoomAround = useCallback((direction: 1 | -1) => setZoom((z) => Math.max(0, Math.min(ZOOMS.length - 1, z + direction))), []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const index = SPEEDS.indexOf(master.speed as (typeof SPEEDS)[number]);
      const actions: Record<string, () => void> = {
        ' ': togglePause,
        ArrowLeft: () => seek(master.position() - TEN_SECONDS),
        ArrowRight: () => seek(master.position() + TEN_SECONDS),
        '.': () => step(1),
        ',': () => step(-1),
        '+': () => setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, index + 1)] ?? 1),
        '-': () => setSpeed(SPEEDS[Math.max(0, index - 1)] ?? 1),
      };
      const action = actions[event.key];
      if (action === undefined) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [master, togglePause, seek, step, setSpeed]);

  const rows = useMemo(() => cameras.map((c) => ({ id: c.id, name: c.name, timeline: timelines.get(c.id) ?? null })), [cameras, timelines]);

  return (
    <section className="playback-page sync-playback">
      {picker}
      <div className="playback-main">
        <div className="toolbar sync-toolbar">
          <h1>{title}</h1>
          {ready ? (
            <span className="sync-position" data-testid="position" data-position-ms={Math.round(position)} tabIndex={-1}>
              {formatParisDateTime(position)}
            </span>
          ) : (
            <span className="sync-position muted">Recherche des derniers enregistrements…</span>
          )}
          <FrenchDateTimeField value={Math.round(fieldAt / 1000) * 1000} onSubmit={seek} submitLabel="Aller à" />
        </div>
        {(notice !== null || extraNotice !== undefined || outOfReach) && (
          <p className="sync-notice" role="alert">
            {notice ?? extraNotice ?? refusal}
          </p>
        )}
        {cameras.length === 0 ? (
          <EmptyState title="Aucune caméra choisie.">Choisissez jusqu’à {MAX_CAMERAS} caméras dans la liste pour les relire ensemble.</EmptyState>
        ) : (
          <div className={`sync-grid count-${cameras.length}`}>
            {outOfReach &&
              cameras.map((camera) => (
                <div key={camera.id} className="sync-tile refused" data-state="refused">
                  <div className="tile-picture">
                    <div className="tile-message failed">{refusal}</div>
                  </div>
                  <div className="tile-bar">
                    <span className="tile-name">{camera.name}</span>
                  </div>
                </div>
              ))}
            {ready &&
              !outOfReach &&
              cameras.map((camera) => (
                <SyncedTile
                  key={camera.id}
                  camera={camera}
                  communeName={communeName(camera)}
                  master={master}
                  syncId={syncId}
                  availability={boundedAvailability(availability.get(camera.id), bounds)}
                  refusal={refusal}
                  onGoTo={seek}
                  {...(onRemove === undefined ? {} : { onRemove: () => onRemove(camera.id) })}
                />
              ))}
          </div>
        )}
        <div className="controls" role="toolbar" aria-label="Commandes de lecture">
          <button type="button" onClick={() => seek(master.position() - TEN_SECONDS)} title="Reculer de 10 s (←)">
            −10 s
          </button>
          <button type="button" onClick={() => step(-1)} title="Image précédente (,)">
            Image −1
          </button>
          <button type="button" className="primary wide" onClick={togglePause} title="Lecture / pause (Espace)">
            {paused ? 'Lecture' : 'Pause'}
          </button>
          <button type="button" onClick={() => step(1)} title="Image suivante (.)">
            Image +1
          </button>
          <button type="button" onClick={() => seek(master.position() + TEN_SECONDS)} title="Avancer de 10 s (→)">
            +10 s
          </button>
          <div className="segmented" role="group" aria-label="Vitesse">
            {SPEEDS.map((value) => (
              <button key={value} type="button" className={value === speed ? 'on' : ''} onClick={() => setSpeed(value)}>
                ×{String(value).replace('.', ',')}
              </button>
            ))}
          </div>
          <div className="segmented zoom" role="group" aria-label="Échelle de la chronologie">
            <button type="button" onClick={() => zoomAround(-1)} title="Élargir la chronologie" aria-label="Élargir la chronologie">
              −
            </button>
            {ZOOMS.map((z, index) => (
              <button key={z.label} type="button" className={index === zoom ? 'on' : ''} onClick={() => setZoom(index)}>
                {z.label}
              </button>
            ))}
            <button type="button" onClick={() => zoomAround(1)} title="Resserrer la chronologie" aria-label="Resserrer la chronologie">
              +
            </button>
          </div>
        </div>
        <Timeline from={from} to={to} rows={rows} bookmarks={bookmarks} position={position} unavailable={timelineError} onSeek={seek} onZoom={(direction) => zoomAround(direction)} refusal={refusal} />
        {can(user, 'video.snapshot') && <SnapshotPanel cameras={cameras} position={position} refusal={refusal} />}
        {can(user, 'video.export') && <ExportPanel key={cameraKey} cameras={cameras} position={position} />}
        <BookmarksPanel cameras={cameras} source={bookmarkSet} bookmarks={bookmarks} error={bookmarksError} position={position} onChanged={() => void reloadBookmarks()} onGoTo={seek} />
      </div>
    </section>
  );
}
