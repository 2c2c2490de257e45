// What one monitor shows, drawn full screen: one camera (main stream), a grid (sub streams; main when a tile is
// alone), a tour (its current step, from its start time on the server's clock), the alarm monitor, or nothing.
// Tiles are the console's VideoTile: streams shared between tiles of one camera, paused off screen; the small
// tiles share the page's decode budget (keyframes alone while the wall PC cannot decode every picture).
import { useEffect, useState } from 'react';
import type { Camera, WallAssignment, WallGrid } from '../api/contracts.js';
import { formatParisTime } from '../time/paris.js';
import { VideoTile } from '../live/video-tile.js';
import { tourPosition } from './wall-text.js';

export type CameraLookup = (cameraId: string) => Camera | undefined;

interface WallViewProps {
  readonly assignment: WallAssignment;
  readonly camera: CameraLookup;
  /** Server time minus this browser's time, so that every wall page shows a tour's same step. */
  readonly serverOffsetMs: number;
}

export function WallView({ assignment, camera, serverOffsetMs }: WallViewProps) {
  switch (assignment.kind) {
    case 'empty':
      return <div className="wall-idle">Aucune image affectée à ce moniteur</div>;
    case 'camera':
      return <GridView grid={{ cols: 1, rows: 1, tiles: [{ col: 0, row: 0, colSpan: 1, rowSpan: 1, cameraId: assignment.cameraId }] }} camera={camera} />;
    case 'layout':
      return <GridView grid={assignment} camera={camera} />;
    case 'tour':
      return <TourView assignment={assignment} camera={camera} serverOffsetMs={serverOffsetMs} />;
    case 'alarm':
      return <AlarmView assignment={assignment} camera={camera} />;
  }
}

function GridView({ grid, camera }: { readonly grid: WallGrid; readonly camera: CameraLookup }) {
  const alone = grid.tiles.length === 1;
  return (
    <div className="wall-grid" style={{ gridTemplateColumns: `repeat(${grid.cols}, 1fr)`, gridTemplateRows: `repeat(${grid.rows}, 1fr)` }}>
      {grid.tiles.map((tile) => {
        const shown = tile.cameraId === null ? undefined : camera(tile.cameraId);
        // A tile spanning most of the screen deserves the main stream, as a tile alone does.
        const large = alone || tile.colSpan * tile.rowSpan * 2 > grid.cols * grid.rows;
        return (
          <div key={`${tile.col},${tile.row}`} className="wall-cell" style={{ gridColumn: `${tile.col + 1} / span ${tile.colSpan}`, gridRow: `${tile.row + 1} / span ${tile.rowSpan}` }}>
            {shown === undefined ? (
              <div className="wall-cell-empty">{tile.cameraId === null ? '' : 'Caméra indisponible'}</div>
            ) : (
              <VideoTile camera={shown} communeName={shown.communeName ?? ''} stream={large ? 'main' : 'sub'} reducible={!large} selected={false} onSelect={() => undefined} onOpen={() => undefined} />
            )}
          </div>
        );
      })}
    </div>
  );
}

function TourView({ assignment, camera, serverOffsetMs }: { readonly assignment: Extract<WallAssignment, { kind: 'tour' }>; readonly camera: CameraLookup; readonly serverOffsetMs: number }) {
  const [now, setNow] = useState(() => Date.now() + serverOffsetMs);
  const position = tourPosition(assignment.steps, assignment.startedAt, now);
  useEffect(() => {
    const timer = setTimeout(() => setNow(Date.now() + serverOffsetMs), Math.max(50, position.nextAt - (Date.now() + serverOffsetMs)));
    return () => clearTimeout(timer);
  }, [position.nextAt, serverOffsetMs]);
  const step = assignment.steps[position.index];
  if (step === undefined) return <div className="wall-idle">Ronde vide</div>;
  const grid: WallGrid = 'layout' in step ? step.layout : { cols: 1, rows: 1, tiles: [{ col: 0, row: 0, colSpan: 1, rowSpan: 1, cameraId: step.cameraId }] };
  return (
    <div className="wall-stack">
      <GridView key={position.index} grid={grid} camera={camera} />
      <div className="wall-caption" data-tour-step={position.index + 1}>
        Ronde « {assignment.name} » — étape {position.index + 1}/{assignment.steps.length}
      </div>
    </div>
  );
}

function AlarmView({ assignment, camera }: { readonly assignment: Extract<WallAssignment, { kind: 'alarm' }>; readonly camera: CameraLookup }) {
  const ids = assignment.cameraIds;
  if (ids.length === 0) return <div className="wall-idle">Moniteur d’alarme — aucune alarme en cours</div>;
  const side = ids.length === 1 ? 1 : 2;
  const tiles = ids.map((cameraId, i) => ({ col: i % side, row: Math.floor(i / side), colSpan: 1, rowSpan: 1, cameraId }));
  return (
    <div className="wall-stack">
      <GridView grid={{ cols: side, rows: Math.ceil(ids.length / side), tiles }} camera={camera} />
      <div className="wall-alarm-banner">
        ALARME{assignment.reason === null ? '' : ` — ${assignment.reason}`}
        {assignment.since === null ? '' : ` — depuis ${formatParisTime(assignment.since)}`}
      </div>
    </div>
  );
}
