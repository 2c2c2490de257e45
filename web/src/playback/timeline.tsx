// The day's timeline under the player: recorded coverage (green), gaps with their cause (red), hour
// ticks in Paris time, the play position; a click plays from that instant.
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

const HOUR = 3_600_000;
const GAP_CAUSES: Readonly<Record<string, string>> = { offline: 'caméra hors ligne', camera_offline: 'caméra hors ligne', storage: 'erreur de stockage', storage_error: 'erreur de stockage', disabled: 'enregistrement arrêté' };

export function Timeline({ from, to, timeline, position, unavailable, onSeek }: TimelineProps) {
  const span = to - from;
  const percent = (ms: number): string => `${(((Math.min(Math.max(ms, from), to) - from) / span) * 100).toFixed(3)}%`;
  const width = (a: number, b: number): string => `${((Math.max(0, Math.min(b, to) - Math.max(a, from)) / span) * 100).toFixed(3)}%`;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / HOUR) * HOUR; t < to; t += 2 * HOUR) ticks.push(t);

  function click(event: MouseEvent<HTMLDivElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    onSeek(Math.round(from + ((event.clientX - rect.left) / rect.width) * span));
  }

  const recorded = timeline?.coverage.reduce((sum, r) => sum + Math.max(0, Math.min(r.to, to) - Math.max(r.from, from)), 0) ?? 0;
  return (
    <div className="timeline-block">
      <div className="timeline" onClick={click} role="slider" aria-label="Chronologie de la journée" aria-valuemin={from} aria-valuemax={to} aria-valuenow={position ?? from} tabIndex={-1}>
        {timeline?.coverage.map((r) => <span key={`c${r.from}`} className="timeline-coverage" style={{ left: percent(r.from), width: width(r.from, r.to) }} />)}
        {timeline?.gaps.map((g) => (
          <span key={`g${g.from}`} className="timeline-gap" style={{ left: percent(g.from), width: width(g.from, g.to) }} title={`Lacune ${formatParisTime(g.from)} – ${formatParisTime(g.to)}${g.cause === undefined ? '' : ` : ${GAP_CAUSES[g.cause] ?? g.cause}`}`} />
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
        {unavailable !== null ? <span className="muted">{unavailable}</span> : timeline !== null && <span className="muted">{Math.round((recorded / span) * 100)} % de la journée enregistrée</span>}
      </div>
    </div>
  );
}
