// « Images fixes »: a JPEG still of one of the cameras at the instant being played (GET /api/cameras/:id/snapshot,
// journaled by the server as video.snapshot), shown here and offered for download under a name that says what it is.
import { useEffect, useState } from 'react';
import type { Camera } from '../api/contracts.js';
import { formatParisTime, parisDateFr } from '../time/paris.js';

interface Still {
  readonly url: string;
  readonly cameraName: string;
  readonly atMs: number;
  readonly fileName: string;
}

interface SnapshotPanelProps {
  readonly cameras: readonly Camera[];
  readonly position: number;
  /** The sentence saying why a refused still is refused (the page's). */
  readonly refusal: string;
}

export function SnapshotPanel({ cameras, position, refusal }: SnapshotPanelProps) {
  const [still, setStill] = useState<Still | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => () => (still === null ? undefined : URL.revokeObjectURL(still.url)), [still]);

  async function take(camera: Camera) {
    const at = Math.round(position);
    setMessage('Image fixe en préparation…');
    try {
      const response = await fetch(`/api/cameras/${encodeURIComponent(camera.id)}/snapshot?at=${at}`, { credentials: 'same-origin' });
      if (!response.ok) {
        setMessage(response.status === 403 ? refusal : response.status === 404 ? 'Pas d’image enregistrée à cet instant sur cette caméra.' : 'L’image fixe n’a pas pu être préparée ; réessayez.');
        return;
      }
      // The picture shown may be the nearest recorded one: its own instant is the one named.
      const shownAt = Date.parse(response.headers.get('x-vigie-picture-at') ?? '');
      const atMs = Number.isFinite(shownAt) ? shownAt : at;
      const stamp = `${parisDateFr(atMs).split('/').reverse().join('-')}_${formatParisTime(atMs).replaceAll(':', 'h')}`;
      setStill({ url: URL.createObjectURL(await response.blob()), cameraName: camera.name, atMs, fileName: `${camera.name}_${stamp}.jpg` });
      setMessage(null);
    } catch {
      setMessage('L’image fixe n’a pas pu être préparée ; réessayez.');
    }
  }

  return (
    <section className="bookmarks-panel snapshot-panel" aria-label="Images fixes">
      <h2>Images fixes</h2>
      <div className="snapshot-buttons">
        {cameras.map((camera) => (
          <button key={camera.id} type="button" onClick={() => void take(camera)}>
            Image fixe — {camera.name}
          </button>
        ))}
      </div>
      {message !== null && <p className="bookmark-message">{message}</p>}
      {still !== null && (
        <figure className="snapshot-still">
          <img src={still.url} alt={`Image fixe de ${still.cameraName}`} />
          <figcaption>
            {still.cameraName}, {parisDateFr(still.atMs)} {formatParisTime(still.atMs)} —{' '}
            <a href={still.url} download={still.fileName}>
              Télécharger l’image
            </a>
          </figcaption>
        </figure>
      )}
    </section>
  );
}
