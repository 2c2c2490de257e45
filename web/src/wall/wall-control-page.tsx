// "Mur d'images" in the console: a small picture of the wall (each monitor with what it shows, its mini grid and
// whether its page is connected), cameras, saved layouts and tours to drag onto a monitor, the presets, and a
// command line. The state comes from the wall's channel, so every console sees the same wall at once.
import { useCallback, useEffect, useMemo, useState, type DragEvent, type FormEvent } from 'react';
import { ApiError, apiGet, apiPost, apiRequest } from '../api/client.js';
import {
  can,
  readCameras,
  readWallMonitor,
  readWallMonitors,
  type Camera,
  type SavedLayout,
  type SavedTour,
  type WallAssignment,
  type WallGrid,
  type WallMonitor,
  type WallPresetSummary,
} from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { EmptyState } from '../ui/empty-state.js';
import { formatParisTime, parisDateFr } from '../time/paris.js';
import { useWallChannel } from './use-wall-channel.js';
import { useWallThumbnails, type ThumbnailPicture } from './use-wall-thumbnails.js';
import { WallEditor } from './wall-editor.js';
import { describeAssignment, parseWallCommand, stepGrid, tourPosition, wallErrorMessage, type AssignmentInput } from './wall-text.js';
import './wall.css';

const DRAG_TYPE = 'application/x-vigie-wall';

export function WallControlPage() {
  const user = useUser();
  if (!can(user, 'wall.read')) {
    return (
      <EmptyState title="Mur d’images non accessible">
        Votre rôle ne permet pas de voir le mur d’images de la salle : il est réservé aux opérateurs, aux chefs de salle et aux administrateurs.
      </EmptyState>
    );
  }
  return <WallControl mayControl={can(user, 'wall.control')} maySave={can(user, 'mosaic.save')} mayManage={can(user, 'wall.manage')} />;
}

function WallControl({ mayControl, maySave, mayManage }: { readonly mayControl: boolean; readonly maySave: boolean; readonly mayManage: boolean }) {
  const [monitors, setMonitors] = useState<WallMonitor[]>([]);
  const [presets, setPresets] = useState<WallPresetSummary[]>([]);
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [layouts, setLayouts] = useState<SavedLayout[]>([]);
  const [tours, setTours] = useState<SavedTour[]>([]);
  const [feedback, setFeedback] = useState<{ text: string; problem: boolean } | null>(null);
  const [command, setCommand] = useState('');
  const [filter, setFilter] = useState('');
  const [serverOffsetMs, setServerOffsetMs] = useState(0);

  useEffect(() => {
    apiGet('/api/cameras')
      .then((payload) => setCameras(readCameras(payload)))
      .catch(() => setFeedback({ text: 'Liste des caméras indisponible pour le moment.', problem: true }));
    if (!maySave) return;
    apiGet('/api/layouts')
      .then((payload) => setLayouts(Array.isArray(payload) ? (payload as SavedLayout[]) : []))
      .catch(() => undefined);
    apiGet('/api/tours')
      .then((payload) => setTours(Array.isArray(payload) ? (payload as SavedTour[]) : []))
      .catch(() => undefined);
  }, [maySave]);

  const receive = useCallback((message: Record<string, unknown>) => {
    if (typeof message['serverTime'] === 'number') setServerOffsetMs(message['serverTime'] - Date.now());
    if (message['type'] === 'state') {
      setMonitors(readWallMonitors(message['monitors']));
      setPresets(Array.isArray(message['presets']) ? (message['presets'] as WallPresetSummary[]) : []);
    } else if (message['type'] === 'monitor') {
      const changed = readWallMonitor(message['monitor']);
      if (changed !== null) setMonitors((current) => current.map((m) => (m.id === changed.id ? changed : m)));
    }
  }, []);
  const status = useWallChannel('/api/wall/events', receive);

  const byId = useMemo(() => new Map(cameras.map((c) => [c.id, c])), [cameras]);
  const cameraName = useCallback((id: string) => byId.get(id)?.name ?? 'Caméra', [byId]);
  const now = useTourClock(monitors, serverOffsetMs);
  const thumbnails = useWallThumbnails(useMemo(() => monitors.flatMap((m) => pictured(m.assignment, now)), [monitors, now]));

  const push = async (monitor: WallMonitor, input: AssignmentInput, label: string) => {
    try {
      await apiRequest('PUT', `/api/wall/monitors/${encodeURIComponent(monitor.id)}/assignment`, input);
      setFeedback({ text: `${label} → ${monitor.name}`, problem: false });
    } catch (error) {
      setFeedback({ text: wallErrorMessage(error instanceof ApiError ? error.code : 'NETWORK'), problem: true });
    }
  };
  const applyPreset = async (preset: WallPresetSummary) => {
    try {
      await apiPost(`/api/wall/presets/${encodeURIComponent(preset.id)}/apply`);
      setFeedback({ text: `Préréglage « ${preset.name} » appliqué`, problem: false });
    } catch (error) {
      setFeedback({ text: wallErrorMessage(error instanceof ApiError ? error.code : 'NETWORK'), problem: true });
    }
  };

  const runCommand = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseWallCommand(command);
    if (parsed === undefined) {
      setFeedback({ text: `Commande non comprise : « ${command} ». Exemples : 12 > 3, caméra 12 sur moniteur 3.`, problem: true });
      return;
    }
    if (parsed.kind === 'preset') {
      const preset = presets.find((p) => p.name.toLowerCase() === parsed.name.toLowerCase());
      if (preset === undefined) setFeedback({ text: `Aucun préréglage « ${parsed.name} ».`, problem: true });
      else await applyPreset(preset);
      setCommand('');
      return;
    }
    const monitor = monitors.find((m) => m.id.toLowerCase() === parsed.monitor);
    if (monitor === undefined) {
      setFeedback({ text: `Le moniteur ${parsed.monitor} n’existe pas sur le mur.`, problem: true });
      return;
    }
    if (parsed.kind === 'camera') {
      const camera = cameras[parsed.camera - 1];
      if (camera === undefined) {
        setFeedback({ text: `Pas de caméra numéro ${parsed.camera} dans votre liste.`, problem: true });
        return;
      }
      await push(monitor, { kind: 'camera', cameraId: camera.id }, camera.name);
    } else {
      await push(monitor, { kind: parsed.kind }, parsed.kind === 'alarm' ? 'Moniteur d’alarme' : 'Aucune image');
    }
    setCommand('');
  };

  const rows = Math.max(1, ...monitors.map((m) => m.row + 1));
  const cols = Math.max(1, ...monitors.map((m) => m.col + 1));
  return (
    <div className="wall-control" data-channel={status.kind}>
      <aside className="wall-sources">
        <h3>Caméras</h3>
        <input className="wall-filter" aria-label="Filtrer les caméras" placeholder="Filtrer (nom, commune)" value={filter} onChange={(e) => setFilter(e.target.value)} />
        {/* The number stays the camera's place in the whole list, the one the command line uses. */}
        {cameras.map((camera, index) =>
          matches(camera, filter) ? <Source key={camera.id} input={{ kind: 'camera', cameraId: camera.id }} label={camera.name} number={index + 1} draggable={mayControl} /> : null,
        )}
        {layouts.length > 0 && <h3>Dispositions</h3>}
        {layouts.map((layout) => (
          <Source
            key={layout.id}
            input={{ kind: 'layout', layoutId: layout.id }}
            label={`${layout.name} (${layout.cols}×${layout.rows})${layout.shared ? ' — partagée' : ''}`}
            draggable={mayControl}
          />
        ))}
        {tours.length > 0 && <h3>Rondes</h3>}
        {tours.map((tour) => (
          <Source key={tour.id} input={{ kind: 'tour', tourId: tour.id }} label={`${tour.name} (${tour.steps.length} étapes)`} draggable={mayControl} />
        ))}
        <h3>Autres</h3>
        <Source input={{ kind: 'alarm' }} label="Moniteur d’alarme" draggable={mayControl} />
        <Source input={{ kind: 'empty' }} label="Aucune image" draggable={mayControl} />
      </aside>
      <section className="wall-main">
        <div className="wall-presets">
          <strong>Préréglages :</strong>
          {presets.map((preset) => (
            <button key={preset.id} type="button" disabled={!mayControl} onClick={() => void applyPreset(preset)}>
              {preset.name}
            </button>
          ))}
          {status.kind === 'retrying' && <span className="wall-feedback problem">Connexion au mur perdue — nouvelle tentative dans {status.inSeconds} s</span>}
          {status.kind === 'refused' && <span className="wall-feedback problem">{wallErrorMessage(status.code)}</span>}
        </div>
        <div className="wall-map" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, auto)` }}>
          {monitors.map((monitor) => (
            <MonitorBox
              key={monitor.id}
              monitor={monitor}
              now={now}
              cameraName={cameraName}
              thumbnails={thumbnails}
              onDrop={mayControl ? (input, label) => void push(monitor, input, label) : undefined}
            />
          ))}
        </div>
        {mayControl && (
          <form className="wall-command" onSubmit={(event) => void runCommand(event)}>
            <label htmlFor="wall-command">Commande</label>
            <input id="wall-command" value={command} onChange={(e) => setCommand(e.target.value)} placeholder="12 > 3" autoComplete="off" />
            <button type="submit">Envoyer</button>
          </form>
        )}
        <p className="wall-help">
          Glissez une caméra, une disposition ou une ronde sur un moniteur. Au clavier : « 12 &gt; 3 » ou « caméra 12 sur moniteur 3 » (le numéro est celui de la liste des caméras), « vide &gt; 3 », «
          alarme &gt; 1 », « préréglage Nuit ».
        </p>
        {feedback !== null && (
          <div className={`wall-feedback${feedback.problem ? ' problem' : ''}`} role="status">
            {feedback.text}
          </div>
        )}
        {mayManage && <WallEditor monitors={monitors} presets={presets} onFeedback={(text, problem) => setFeedback({ text, problem })} />}
      </section>
    </div>
  );
}

const fold = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');

function matches(camera: Camera, filter: string): boolean {
  const wanted = fold(filter.trim());
  return wanted === '' || fold(`${camera.name} ${camera.communeName ?? ''}`).includes(wanted);
}

function Source({ input, label, number, draggable }: { readonly input: AssignmentInput; readonly label: string; readonly number?: number; readonly draggable: boolean }) {
  const start = (event: DragEvent<HTMLDivElement>) => {
    event.dataTransfer.setData(DRAG_TYPE, JSON.stringify({ input, label }));
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <div className="wall-source" draggable={draggable} onDragStart={start} data-source={input.kind}>
      {number !== undefined && <span className="wall-source-number">{number}</span>}
      <span>{label}</span>
    </div>
  );
}

function MonitorBox({
  monitor,
  now,
  cameraName,
  thumbnails,
  onDrop,
}: {
  readonly monitor: WallMonitor;
  readonly now: number;
  readonly cameraName: (id: string) => string;
  readonly thumbnails: ReadonlyMap<string, ThumbnailPicture>;
  readonly onDrop: ((input: AssignmentInput, label: string) => void) | undefined;
}) {
  const [over, setOver] = useState(false);
  const handlers =
    onDrop === undefined
      ? {}
      : {
          onDragOver: (event: DragEvent<HTMLDivElement>) => {
            if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
            event.preventDefault();
            setOver(true);
          },
          onDragLeave: () => setOver(false),
          onDrop: (event: DragEvent<HTMLDivElement>) => {
            event.preventDefault();
            setOver(false);
            const dropped = JSON.parse(event.dataTransfer.getData(DRAG_TYPE) || 'null') as { input: AssignmentInput; label: string } | null;
            if (dropped !== null) onDrop(dropped.input, dropped.label);
          },
        };
  return (
    <div
      className={`wall-monitor${over ? ' drop-over' : ''}`}
      data-monitor={monitor.id}
      data-assignment={monitor.assignment.kind}
      data-online={monitor.online}
      style={{ gridColumn: monitor.col + 1, gridRow: monitor.row + 1 }}
      {...handlers}
    >
      <div className="wall-monitor-head">
        <span className="wall-monitor-name">{monitor.name}</span>
        <span className={monitor.online ? 'wall-online' : 'wall-offline'}>{monitor.online ? '● écran connecté' : '○ écran hors ligne'}</span>
      </div>
      <div className="wall-monitor-what" title={describeAssignment(monitor.assignment, cameraName, now)}>
        {describeAssignment(monitor.assignment, cameraName, now)}
      </div>
      <MiniGrid assignment={monitor.assignment} now={now} cameraName={cameraName} thumbnails={thumbnails} />
      {monitor.updatedBy !== null && (
        <div className="wall-monitor-by">
          par {monitor.updatedBy}, le {parisDateFr(monitor.updatedAt)} à {formatParisTime(monitor.updatedAt)}
        </div>
      )}
    </div>
  );
}

/**
 * The server's clock (ms), moved on when a tour of the wall changes step, so that the small picture shows the step
 * the monitor shows (the same computation as the wall's page).
 */
function useTourClock(monitors: readonly WallMonitor[], serverOffsetMs: number): number {
  const [now, setNow] = useState(() => Date.now() + serverOffsetMs);
  const nextAt = Math.min(...monitors.map((m) => (m.assignment.kind === 'tour' ? tourPosition(m.assignment.steps, m.assignment.startedAt, now).nextAt : Number.POSITIVE_INFINITY)));
  useEffect(() => {
    if (!Number.isFinite(nextAt)) return;
    const timer = setTimeout(() => setNow(Date.now() + serverOffsetMs), Math.max(50, nextAt - (Date.now() + serverOffsetMs)));
    return () => clearTimeout(timer);
  }, [nextAt, serverOffsetMs]);
  return now;
}

/** The monitor's grid in small: a camera alone, a layout's tiles, a tour's current step, the alarm monitor's cameras. */
function miniGrid(assignment: WallAssignment, now: number): WallGrid | null {
  const single = (id: string | null): WallGrid => ({ cols: 1, rows: 1, tiles: [{ col: 0, row: 0, colSpan: 1, rowSpan: 1, cameraId: id }] });
  if (assignment.kind === 'camera') return single(assignment.cameraId);
  if (assignment.kind === 'layout') return assignment;
  if (assignment.kind === 'tour') {
    const step = assignment.steps[tourPosition(assignment.steps, assignment.startedAt, now).index];
    return step === undefined ? null : stepGrid(step);
  }
  if (assignment.kind === 'alarm' && assignment.cameraIds.length > 0) {
    return {
      cols: assignment.cameraIds.length > 1 ? 2 : 1,
      rows: assignment.cameraIds.length > 2 ? 2 : 1,
      tiles: assignment.cameraIds.map((id, i) => ({ col: i % 2, row: Math.floor(i / 2), colSpan: 1, rowSpan: 1, cameraId: id })),
    };
  }
  return null;
}

/** The cameras a monitor's small picture shows. */
function pictured(assignment: WallAssignment, now: number): string[] {
  return (miniGrid(assignment, now)?.tiles ?? []).flatMap((tile) => (tile.cameraId === null ? [] : [tile.cameraId]));
}

/** The monitor's picture in small: its grid, each tile with its camera's live thumbnail and name. */
function MiniGrid({
  assignment,
  now,
  cameraName,
  thumbnails,
}: {
  readonly assignment: WallAssignment;
  readonly now: number;
  readonly cameraName: (id: string) => string;
  readonly thumbnails: ReadonlyMap<string, ThumbnailPicture>;
}) {
  const grid = miniGrid(assignment, now);
  if (grid === null) return <div className="wall-mini" />;
  return (
    <div className="wall-mini" style={{ gridTemplateColumns: `repeat(${grid.cols}, 1fr)`, gridTemplateRows: `repeat(${grid.rows}, 1fr)` }}>
      {grid.tiles.map((tile) => {
        const picture = tile.cameraId === null ? undefined : thumbnails.get(tile.cameraId);
        return (
          <div
            key={`${tile.col},${tile.row}`}
            className={`wall-mini-cell${assignment.kind === 'alarm' ? ' alarm' : ''}`}
            style={{ gridColumn: `${tile.col + 1} / span ${tile.colSpan}`, gridRow: `${tile.row + 1} / span ${tile.rowSpan}` }}
          >
            {picture !== undefined && tile.cameraId !== null && <img className="wall-mini-picture" src={picture.url} alt="" draggable={false} data-camera={tile.cameraId} data-at={picture.atMs} />}
            {tile.cameraId !== null && <span className="wall-mini-name">{cameraName(tile.cameraId)}</span>}
          </div>
        );
      })}
    </div>
  );
}
