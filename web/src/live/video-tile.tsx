// One tile of the mosaic: a camera's live video over WebSocket + MSE, with its name, commune and state
// overlaid, and a readout of frame rate and buffered delay. Sub stream in a mosaic, main when maximised.
import { useEffect, useRef, useState } from 'react';
import type { Camera } from '../api/contracts.js';
import { webSocketUrl } from '../api/client.js';
import { describeStatus, useStream } from '../media/use-stream.js';
import { StateBadge } from '../ui/state-badge.js';

export type StreamQuality = 'main' | 'sub';

interface VideoTileProps {
  readonly camera: Camera;
  readonly communeName: string;
  readonly stream: StreamQuality;
  readonly selected: boolean;
  readonly onSelect: () => void;
  readonly onOpen: () => void;
}

const decimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function VideoTile({ camera, communeName, stream: wanted, selected, onSelect, onOpen }: VideoTileProps) {
  const video = useRef<HTMLVideoElement>(null);
  // Many cameras have no sub stream: when it fails before any picture, the tile falls back to the main one.
  const [subUnavailable, setSubUnavailable] = useState(false);
  const played = useRef(false);
  const stream = wanted === 'sub' && subUnavailable ? 'main' : wanted;
  const path = `/api/cameras/${encodeURIComponent(camera.id)}/live?stream=${stream}`;
  const { status, readout } = useStream(video, { streamKey: path, url: () => webSocketUrl(path), mode: 'live' });
  const message = describeStatus(status);

  useEffect(() => {
    if (status.kind === 'playing') played.current = true;
    else if (stream === 'sub' && !played.current && (status.kind === 'waiting' || status.kind === 'failed')) setSubUnavailable(true);
  }, [status, stream]);

  return (
    <div className={`tile${selected ? ' selected' : ''}`} data-camera-id={camera.id} data-status={status.kind} onClick={onSelect} onDoubleClick={onOpen}>
      <video ref={video} className="tile-video" muted autoPlay playsInline disablePictureInPicture data-camera-id={camera.id} data-stream={stream} />
      <div className="tile-top">
        <span className="tile-name">{camera.name}</span>
        <span className="tile-commune">{communeName}</span>
        <StateBadge state={camera.state} compact />
      </div>
      {message !== '' && <div className={`tile-message ${status.kind}`}>{message}</div>}
      <div className="tile-bottom">
        <span className="tile-stream" title={subUnavailable ? 'Pas de flux secondaire : flux principal affiché' : undefined}>
          {stream === 'main' ? 'HD' : 'SD'}
        </span>
        {status.kind === 'playing' && (
          <span className="tile-readout" title="Images par seconde · retard dû au tampon du navigateur">
            {Math.round(readout.fps)} i/s · {decimal.format(readout.delay)} s
          </span>
        )}
      </div>
    </div>
  );
}

export function EmptyTile({ selected, onSelect }: { readonly selected: boolean; readonly onSelect: () => void }) {
  return (
    <div className={`tile tile-empty${selected ? ' selected' : ''}`} onClick={onSelect}>
      <span>Emplacement libre</span>
      <span className="hint">Choisissez une caméra dans la liste</span>
    </div>
  );
}
