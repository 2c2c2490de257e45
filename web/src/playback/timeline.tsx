// The timeline under the player, over a day or a shorter window around the position: recorded coverage
// (green), gaps (red when their cause is known: camera offline, storage error…), ticks in Paris time, the
// play position; a click plays from that instant.
import type { MouseEvent } from 'react';
import { formatParisTime } from '../time/paris.js';
import type { CameraTimeline } from './timeline-data.js';

interface TimelineProps {
  readonly from: number;
  readonly to: number;
  readonly timeline: CameraTimeline | null;
  readonly position: number | null;
  readonly unavailable: string | null;
  readonly onSeek: (at: number) => void;
}

const MINUTE = 60_000;
/** Tick spacing for a span: about a dozen labelled ticks whatever the zoom. */
const TICK_STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE, 60 * MINUTE, 120 * MINUTE];
const GAP_CAUSES: Readonly<Record<string, string>> = {
  'camera-offline': 'caméra hors ligne',
  'storage-error': 'erreur de stockage',
  restart: 'redémarrage de Vigie',
  'recording-stopped': 'enregistrement arrêté',
  unknown: 'cause inconnue',
};

export function Timeline({ from, to, timeline, position, unavailable, onSeek }: TimelineProps) {
  const span = to - from;
  const percent = (ms: number): string => `${(((Math.min(Math.max(ms, from), to) - from) / span) * 100).toFixed(3)}%`;
  const width = (a: number, b: number): string => `${((Math.max(0, Math.min(b, to) - Math.max(a, from)) / span) * 100).toFixed(3)}%`;
  const step = TICK_STEPS.find((candidate) => span / candidate <= 13) ?? 120 * MINUTE;
  const ticks: number[] = [];
  // Ticks on round Paris times: UTC and Paris differ by whole hours, so rounding in UTC works below an hour.
  const first = step >= 60 * MINUTE ? Math.ceil(from / (60 * MINUTE)) * 60 * MINUTE : Math.ceil(from / step) * step;
  for (let t = first; t < to; t += step) ticks.push(t);

  function click(event: MouseEvent<HTMLDivElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    onSeek(Math.round(from + ((event.clientX - rect.left) / rect.width) * span));
  }

  const recorded = timeline?.coverage.reduce((sum, r) => sum + Math.max(0, Math.min(r.to, to) - Math.max(r.from, from)), 0) ?? 0;
  return (
    <div className="timeline-block">
      <div className="timeline" onClick={click} role="slider" aria-label="Chronologie de la journée" aria-valuemin={from} aria-valuemax={to} aria-valuenow={position ?? from} tabIndex={-1}>
        {timeline?.coverage.map((r) => (
          <span key={`c${r.from}`} className="timeline-coverage" style={{ left: percent(r.from), width: width(r.from, r.to) }} />
        ))}
        {timeline?.gaps.map((g) => (
          <span
            key={`g${g.from}`}
            className={`timeline-gap${g.cause === undefined || g.cause === 'unknown' ? ' unknown' : ''}`}
            style={{ left: percent(g.from), width: width(g.from, g.to) }}
            title={`Lacune ${formatParisTime(g.from)} – ${formatParisTime(g.to)}${g.cause === undefined ? '' : ` : ${GAP_CAUSES[g.cause] ?? g.cause}`}`}
          />
        ))}
        {ticks.map((t) => (
          <span key={t} className="timeline-tick" style={{ left: percent(t) }}>
            {formatParisTime(t).slice(0, 5)}
          </span>
        ))}
        {position !== null && position >= from && position <= to && <span className="timeline-cursor" style={{ left: percent(position) }} />}
      </div>
      <div className="timeline-legend">
        <span className="legend-coverage">Enregistré</span>
        <span className="legend-gap">Lacune</span>
        {unavailable !== null ? (
          <span className="muted">{unavailable}</span>
        ) : (
          timeline !== null && <span className="muted">{Math.round((recorded / span) * 100)} % de la période affichée enregistrée</span>
        )}
      </div>
    </div>
  );
}
