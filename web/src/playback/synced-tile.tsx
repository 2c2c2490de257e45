// One camera of the synchronized grid: its picture on the master's instant, or a French sentence saying why
// there is none (nothing recorded then, with a button to the next footage; footage out of the role's reach).
import { useRef } from 'react';
import type { Camera } from '../api/contracts.js';
import { formatParisDateTime } from '../time/paris.js';
import type { MasterClock } from './master-clock.js';
import { useSyncedCamera, type Availability, type TileState } from './use-synced-camera.js';

interface SyncedTileProps {
  readonly camera: Camera;
  readonly communeName: string;
  readonly master: MasterClock;
  readonly syncId: string;
  readonly availability: Availability | undefined;
  readonly refusal: string;
  readonly onGoTo: (at: number) => void;
  /** Absent where the page's cameras are fixed (a requisition's viewing room). */
  readonly onRemove?: () => void;
}

export function SyncedTile({ camera, communeName, master, syncId, availability, refusal, onGoTo, onRemove }: SyncedTileProps) {
  const video = useRef<HTMLVideoElement>(null);
  const { tile } = useSyncedCamera(video, camera.id, master, syncId, availability);
  return (
    <div className={`sync-tile ${tile.kind}`} data-camera-id={camera.id} data-state={tile.kind}>
      <div className="tile-picture">
        <video ref={video} className="sync-video" muted autoPlay playsInline disablePictureInPicture data-camera-id={camera.id} />
        <TileMessage tile={tile} refusal={refusal} onGoTo={onGoTo} />
      </div>
      {/* Below the picture, as on the mosaic's tiles: never over the camera's own burned-in name and clock. */}
      <div className="tile-bar">
        <span className="tile-name" title={camera.name}>
          {camera.name}
        </span>
        <span className="tile-commune">{communeName}</span>
        {onRemove !== undefined && (
          <button type="button" className="sync-remove" onClick={onRemove} title="Retirer cette caméra de la relecture" aria-label={`Retirer ${camera.name}`}>
            ✕
          </button>
        )}
      </div>
    </div>
  );
}

function TileMessage({ tile, refusal, onGoTo }: { readonly tile: TileState; readonly refusal: string; readonly onGoTo: (at: number) => void }) {
  switch (tile.kind) {
    case 'video':
      return null;
    case 'connecting':
      return <div className="tile-message">Chargement des images…</div>;
    case 'refused':
      return <div className="tile-message failed">{refusal}</div>;
    case 'unavailable':
      return <div className="tile-message waiting">Images momentanément indisponibles — nouvel essai dans {tile.retryInS} s</div>;
    case 'no-footage':
      return (
        <div className="tile-message no-footage" role="status">
          <p>Pas d’enregistrement à cet instant.</p>
          {tile.next === null ? (
            <p className="muted">Aucun enregistrement après cet instant.</p>
          ) : (
            <button type="button" className="primary next-footage" onClick={() => onGoTo(tile.next ?? 0)}>
              Images suivantes : {formatParisDateTime(tile.next)}
            </button>
          )}
        </div>
      );
  }
}
