// One live tile: a camera's video (shared with the other tiles of the page showing the same stream), and below
// the picture a thin bar with its name, commune, the picture's time (Paris, 24 h), state and recording dot — a
// bar and not an overlay, because cameras burn their own text into the corners of the picture. Sub stream in a
// mosaic, main when alone or maximised; a tile off screen or in a hidden page stops decoding.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { Camera } from '../api/contracts.js';
import { describeStatus } from '../media/use-stream.js';
import { useLiveStream } from '../media/use-live-stream.js';
import { useOnScreen } from '../media/use-on-screen.js';
import { formatParisTime } from '../time/paris.js';
import { StateBadge } from '../ui/state-badge.js';
import './live.css';

export type StreamQuality = 'main' | 'sub';

interface VideoTileProps {
  readonly camera: Camera;
  readonly communeName: string;
  readonly stream: StreamQuality;
  readonly selected: boolean;
  readonly onSelect: () => void;
  readonly onOpen: () => void;
  /** Whether the camera is being recorded now; undefined when unknown (no dot). */
  readonly recording?: boolean | undefined;
  /** False pauses the tile whatever its visibility (a tour's hidden step, for instance). */
  readonly active?: boolean;
  /** A wall's small tile: may get the keyframes alone while the browser cannot decode every picture (« images clés »). */
  readonly reducible?: boolean;
  /** Drag and drop in a mosaic: the tile can be dragged elsewhere, and accepts cameras or tiles dropped on it. */
  readonly onDragStart?: (event: DragEvent<HTMLDivElement>) => void;
  readonly onDrop?: (event: DragEvent<HTMLDivElement>) => void;
}

const decimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function VideoTile({ camera, communeName, stream: wanted, selected, onSelect, onOpen, recording, active = true, reducible = false, onDragStart, onDrop }: VideoTileProps) {
  const tile = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const onScreen = useOnScreen(tile);
  // Many cameras have no sub stream: when it fails before any picture, the tile falls back to the main one.
  const [subUnavailable, setSubUnavailable] = useState(false);
  const played = useRef(false);
  const stream = wanted === 'sub' && subUnavailable ? 'main' : wanted;
  const path = `/api/cameras/${encodeURIComponent(camera.id)}/live?stream=${stream}`;
  const { status, readout } = useLiveStream(video, path, active && onScreen, reducible);
  const message = describeStatus(status);
  const drop = useDropTarget(onDrop);

  useEffect(() => {
    if (status.kind === 'playing') played.current = true;
    else if (stream === 'sub' && !played.current && (status.kind === 'waiting' || status.kind === 'failed')) setSubUnavailable(true);
  }, [status, stream]);

  const pictureTime = readout.age === null ? Date.now() : Date.now() - readout.age * 1000;
  return (
    <div
      ref={tile}
      className={`tile live-tile${selected ? ' selected' : ''}${drop.over ? ' drop-over' : ''}`}
      data-camera-id={camera.id}
      data-status={status.kind}
      onClick={onSelect}
      onDoubleClick={onOpen}
      draggable={onDragStart !== undefined}
      onDragStart={onDragStart}
      {...drop.handlers}
    >
      <div className="tile-picture">
        <video ref={video} className="tile-video" muted autoPlay playsInline disablePictureInPicture data-camera-id={camera.id} data-stream={stream} />
        {message !== '' && <div className={`tile-message ${status.kind}`}>{message}</div>}
        {!(active && onScreen) && status.kind === 'playing' && <div className="tile-message paused">En pause (vignette masquée)</div>}
      </div>
      <div className="tile-bar">
        <StateBadge state={camera.state} compact />
        <span className="tile-name" title={camera.name}>
          {camera.name}
        </span>
        <span className="tile-commune">{communeName}</span>
        <span className="tile-bar-end">
          {recording !== undefined && (
            <span
              className={`rec-dot${recording ? ' on' : ''}`}
              title={recording ? 'Enregistrement en cours' : 'Pas d’enregistrement en cours'}
              aria-label={recording ? 'Enregistrement en cours' : 'Pas d’enregistrement'}
            />
          )}
          <span className="tile-stream" title={subUnavailable ? 'Pas de flux secondaire : flux principal affiché' : stream === 'main' ? 'Flux principal' : 'Flux secondaire'}>
            {stream === 'main' ? 'HD' : 'SD'}
          </span>
          {readout.pictures === 'keyframes' && (
            <span
              className="tile-keyframes"
              title="Ce poste ne peut pas décoder toutes les images de tous ses moniteurs : cette vignette n’affiche que les images clés (environ une toutes les 1 à 2 s). Elle revient à toutes les images dès qu’il le peut."
            >
              images clés
            </span>
          )}
          {status.kind === 'playing' && (
            <span className="tile-readout" title="Images par seconde · âge de l’image (de la caméra à l’écran)">
              {Math.round(readout.fps)} i/s · {decimal.format(readout.age ?? readout.delay)} s
            </span>
          )}
          <span className="tile-clock" title="Heure de l’image (Paris)">
            {formatParisTime(pictureTime)}
          </span>
        </span>
      </div>
    </div>
  );
}

export function EmptyTile({ selected, onSelect, onDrop }: { readonly selected: boolean; readonly onSelect: () => void; readonly onDrop?: (event: DragEvent<HTMLDivElement>) => void }) {
  const drop = useDropTarget(onDrop);
  return (
    <div className={`tile tile-empty${selected ? ' selected' : ''}${drop.over ? ' drop-over' : ''}`} onClick={onSelect} {...drop.handlers}>
      <span>Emplacement libre</span>
      <span className="hint">Choisissez une caméra dans la liste ou glissez-la ici</span>
    </div>
  );
}

/** Highlights a tile while something is dragged over it and hands the drop to `onDrop`. */
function useDropTarget(onDrop: ((event: DragEvent<HTMLDivElement>) => void) | undefined) {
  const [over, setOver] = useState(false);
  if (onDrop === undefined) return { over: false, handlers: {} };
  return {
    over,
    handlers: {
      onDragOver: (event: DragEvent<HTMLDivElement>) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setOver(true);
      },
      onDragLeave: () => setOver(false),
      onDrop: (event: DragEvent<HTMLDivElement>) => {
        event.preventDefault();
        setOver(false);
        onDrop(event);
      },
    },
  };
}
