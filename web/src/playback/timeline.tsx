// The timeline of a synchronized playback: one row per camera with its recorded coverage (green) and gaps
// (hatched, red when the cause is known), footage under hold (a violet band above), bookmarks, ticks in Paris time, the play cursor. A click plays all
// cameras from that instant; the wheel zooms around the pointer (days down to seconds); hovering a row shows a
// still of that camera at that instant.
import { useEffect, useState, type MouseEvent, type WheelEvent } from 'react';
import { formatParisTime, parisDateFr, parisDayBounds, parisDate } from '../time/paris.js';
import type { CameraTimeline } from './timeline-data.js';
import type { Bookmark } from './bookmarks-panel.js';

export interface TimelineRow {
  readonly id: string;
  readonly name: string;
  readonly timeline: CameraTimeline | null;
}

interface TimelineProps {
  readonly from: number;
  readonly to: number;
  readonly rows: readonly TimelineRow[];
  readonly bookmarks: readonly Bookmark[];
  readonly position: number;
  readonly unavailable: string | null;
  readonly onSeek: (at: number) => void;
  /** Wheel: +1 zooms in, −1 out, around `at`. */
  readonly onZoom: (direction: 1 | -1, at: number) => void;
  /** The French sentence shown instead of a still the server refuses (403). */
  readonly refusal: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Tick spacing: about a dozen labelled ticks whatever the zoom. */
const TICK_STEPS = [SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];
const GAP_CAUSES: Readonly<Record<string, string>> = {
  'camera-offline': 'caméra hors ligne',
  'storage-error': 'erreur de stockage',
  restart: 'redémarrage de Vigie',
  'recording-stopped': 'enregistrement arrêté',
  unknown: 'cause inconnue',
};

function ticksOf(from: number, to: number): { step: number; ticks: number[] } {
  const span = to - from;
  const step = TICK_STEPS.find((candidate) => span / candidate <= 13) ?? 24 * HOUR;
  // Hour steps and longer count from Paris midnight; shorter ones round in UTC (Paris is whole hours off it).
  const base = step >= HOUR ? parisDayBounds(parisDate(from)).from : 0;
  const ticks: number[] = [];
  for (let t = base + Math.ceil((from - base) / step) * step; t < to; t += step) ticks.push(t);
  return { step, ticks };
}

function tickLabel(t: number, step: number): string {
  if (step < MINUTE) return formatParisTime(t);
  if (step < 6 * HOUR) return formatParisTime(t).slice(0, 5);
  return `${parisDateFr(t).slice(0, 5)} ${formatParisTime(t).slice(0, 5)}`;
}

export function Timeline({ from, to, rows, bookmarks, position, unavailable, onSeek, onZoom, refusal }: TimelineProps) {
  const span = to - from;
  const percent = (ms: number): string => `${(((Math.min(Math.max(ms, from), to) - from) / span) * 100).toFixed(3)}%`;
  const width = (a: number, b: number): string => `${((Math.max(0, Math.min(b, to) - Math.max(a, from)) / span) * 100).toFixed(3)}%`;
  const { step, ticks } = ticksOf(from, to);
  const [hover, setHover] = useState<{ cameraId: string; at: number; x: number } | null>(null);
  const instantAt = (event: MouseEvent<HTMLElement>): number => {
    const rect = event.currentTarget.getBoundingClientRect();
    return Math.round(from + ((event.clientX - rect.left) / rect.width) * span);
  };

  function wheel(event: WheelEvent<HTMLDivElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    onZoom(event.deltaY < 0 ? 1 : -1, Math.round(from + ((event.clientX - rect.left) / rect.width) * span));
  }

  return (
    <div className="sync-timeline" onWheel={wheel}>
      <div className="sync-timeline-ticks">
        <span className="sync-timeline-label" />
        <div className="sync-timeline-track">
          {ticks.map((t) => (
            <span key={t} className="timeline-tick" style={{ left: percent(t) }}>
              {tickLabel(t, step)}
            </span>
          ))}
        </div>
      </div>
      {rows.map((row) => (
        <div key={row.id} className="sync-timeline-row">
          <span className="sync-timeline-label" title={row.name}>
            {row.name}
          </span>
          <div
            className="sync-timeline-track timeline"
            data-camera-id={row.id}
            role="slider"
            aria-label={`Chronologie de ${row.name}`}
            aria-valuemin={from}
            aria-valuemax={to}
            aria-valuenow={position}
            tabIndex={-1}
            onClick={(event) => onSeek(instantAt(event))}
            onMouseMove={(event) => setHover({ cameraId: row.id, at: instantAt(event), x: event.clientX - event.currentTarget.getBoundingClientRect().left })}
            onMouseLeave={() => setHover(null)}
          >
            {row.timeline?.coverage.map((r) => (
              <span key={`c${r.from}`} className="timeline-coverage" style={{ left: percent(r.from), width: width(r.from, r.to) }} />
            ))}
            {row.timeline?.gaps.map((g) => (
              <span
                key={`g${g.from}`}
                className={`timeline-gap${g.cause === undefined || g.cause === 'unknown' ? ' unknown' : ''}`}
                style={{ left: percent(g.from), width: width(g.from, g.to) }}
                title={`Lacune ${formatParisTime(g.from)} – ${formatParisTime(g.to)}${g.cause === undefined ? '' : ` : ${GAP_CAUSES[g.cause] ?? g.cause}`}`}
              />
            ))}
            {row.timeline?.holds.map((h) => (
              <span
                key={`h${h.from}-${h.to}`}
                className="timeline-hold"
                style={{ left: percent(h.from), width: width(h.from, h.to) }}
                title={`Gelé ${parisDateFr(h.from)} ${formatParisTime(h.from)} – ${parisDateFr(h.to)} ${formatParisTime(h.to)}${h.kind === 'export' ? ' (export en cours)' : ''}`}
              />
            ))}
            {bookmarks
              .filter((b) => b.cameraId === row.id && b.atMs >= from && b.atMs <= to)
              .map((b) => (
                <span key={b.id} className="timeline-bookmark" style={{ left: percent(b.atMs) }} title={b.note} />
              ))}
            {position >= from && position <= to && <span className="timeline-cursor" style={{ left: percent(position) }} />}
            {hover !== null && hover.cameraId === row.id && <Preview cameraId={row.id} at={hover.at} x={hover.x} refusal={refusal} />}
          </div>
        </div>
      ))}
      <div className="timeline-legend">
        <span className="legend-coverage">Enregistré</span>
        <span className="legend-gap">Lacune</span>
        <span className="legend-bookmark">Signet</span>
        <span className="legend-hold">Gelé (conservé au-delà de sa durée)</span>
        <span className="muted">Molette : zoom · clic : lecture à cet instant · survol : aperçu</span>
        {unavailable !== null && <span className="muted">{unavailable}</span>}
      </div>
    </div>
  );
}

type PreviewState = { readonly kind: 'loading' } | { readonly kind: 'image'; readonly url: string } | { readonly kind: 'message'; readonly text: string };

/** A still of the hovered instant, asked once the pointer rests a moment; a refusal is said in French. */
function Preview({ cameraId, at, x, refusal }: { readonly cameraId: string; readonly at: number; readonly x: number; readonly refusal: string }) {
  const [state, setState] = useState<PreviewState>({ kind: 'loading' });
  // Rounded to the second so that small pointer moves do not ask again.
  const second = Math.round(at / 1000) * 1000;
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    setState({ kind: 'loading' });
    const timer = setTimeout(() => {
      fetch(`/api/cameras/${encodeURIComponent(cameraId)}/snapshot?at=${second}`, { credentials: 'same-origin' })
        .then(async (response) => {
          if (cancelled) return;
          if (!response.ok) {
            setState({ kind: 'message', text: response.status === 403 ? refusal : response.status === 404 ? 'Pas d’enregistrement à cet instant.' : 'Aperçu indisponible.' });
            return;
          }
          url = URL.createObjectURL(await response.blob());
          if (!cancelled) setState({ kind: 'image', url });
        })
        .catch(() => !cancelled && setState({ kind: 'message', text: 'Aperçu indisponible : serveur injoignable.' }));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [cameraId, second, refusal]);
  return (
    <div className="timeline-preview" style={{ left: `${x}px` }} data-testid="preview">
      {state.kind === 'image' && <img src={state.url} alt={`Aperçu ${parisDateFr(at)} ${formatParisTime(at)}`} />}
      {state.kind === 'loading' && <span className="muted">Aperçu…</span>}
      {state.kind === 'message' && <span className="preview-message">{state.text}</span>}
      <span className="preview-time">
        {parisDateFr(at)} {formatParisTime(at)}
      </span>
    </div>
  );
}
