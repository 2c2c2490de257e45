// Bookmarks of the cameras being played back: add one at the current instant with a note, see them listed
// (newest first, JJ/MM/AAAA HH:MM:SS), click one to play every camera from its instant, take back one's own where the
// source allows it. Where they come from is a BookmarkSource: a camera's own bookmarks (« Relecture »), or those of
// a requisition (its viewing room, web/src/investigations/requisition-bookmarks.ts).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, apiGet, apiRequest } from '../api/client.js';
import { asRecord, readArray, readNumber, readString } from '../api/read.js';
import type { Camera } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { formatParisTime, parisDateFr } from '../time/paris.js';

export interface Bookmark {
  readonly id: string;
  readonly cameraId: string;
  readonly atMs: number;
  readonly note: string;
  readonly createdBy: string;
}

/** Where bookmarks are read and written. `key` changes when another set is meant (the list is read again). */
export interface BookmarkSource {
  readonly key: string;
  list(): Promise<Bookmark[]>;
  create(cameraId: string, atMs: number, note: string): Promise<void>;
  /** Taking back one's own bookmark, where the source allows it. */
  remove?(id: string): Promise<void>;
  /** The French sentence for a refused creation or removal. */
  refusal(error: unknown): string;
}

/** Bookmarks are listed over the longest legal retention (30 days), so none still playable is hidden. */
const LIST_BACK_MS = 31 * 24 * 3_600_000;

export function readBookmarks(payload: unknown): Bookmark[] {
  return readArray(payload, 'bookmarks')
    .map((value): Bookmark | null => {
      const r = asRecord(value);
      const id = r === null ? undefined : readString(r, 'id');
      const cameraId = r === null ? undefined : readString(r, 'cameraId');
      const atMs = r === null ? undefined : readNumber(r, 'atMs');
      if (r === null || id === undefined || cameraId === undefined || atMs === undefined) return null;
      return { id, cameraId, atMs, note: readString(r, 'note') ?? '', createdBy: readString(r, 'createdBy') ?? '' };
    })
    .filter((b): b is Bookmark => b !== null);
}

/** The cameras' own bookmarks (within `range` when given), as « Relecture » lists them; `refusal` says a 403. */
export function cameraBookmarks(cameraIds: readonly string[], refusal: string, range?: { readonly fromMs: number; readonly toMs: number }): BookmarkSource {
  return {
    key: `${cameraIds.join(',')}|${range?.fromMs ?? ''}|${range?.toMs ?? ''}`,
    async list() {
      const now = Date.now();
      const from = range?.fromMs ?? now - LIST_BACK_MS;
      const to = range?.toMs ?? now + 60_000;
      const lists = await Promise.all(cameraIds.map(async (id) => readBookmarks(await apiGet(`/api/cameras/${encodeURIComponent(id)}/bookmarks?from=${from}&to=${to}`))));
      return lists.flat();
    },
    async create(cameraId, atMs, note) {
      await apiRequest('POST', `/api/cameras/${encodeURIComponent(cameraId)}/bookmarks`, { at: atMs, note });
    },
    refusal(error) {
      const status = error instanceof ApiError ? error.status : 0;
      return status === 403 ? refusal : status === 400 ? 'Note trop longue (500 caractères au plus) ou instant invalide.' : 'Le signet n’a pas pu être enregistré ; réessayez.';
    },
  };
}

/** The source's bookmarks, newest first, and a way to reload them after a change. */
export function useBookmarks(source: BookmarkSource) {
  const [bookmarks, setBookmarks] = useState<Bookmark[]>([]);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(source);
  latest.current = source;
  const reload = useCallback(async () => {
    try {
      setBookmarks((await latest.current.list()).sort((a, b) => b.atMs - a.atMs));
      setError(null);
    } catch {
      setError('Signets indisponibles pour le moment.');
    }
    // The key says which set is meant; the source object itself is new at every render.
  }, [source.key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { bookmarks, error, reload };
}

interface BookmarksPanelProps {
  readonly cameras: readonly Camera[];
  readonly source: BookmarkSource;
  readonly bookmarks: readonly Bookmark[];
  readonly error: string | null;
  readonly position: number;
  readonly onChanged: () => void;
  readonly onGoTo: (at: number) => void;
}

const instant = (ms: number): string => `${parisDateFr(ms)} ${formatParisTime(ms)}`;

export function BookmarksPanel({ cameras, source, bookmarks, error, position, onChanged, onGoTo }: BookmarksPanelProps) {
  const user = useUser();
  const [note, setNote] = useState('');
  const [cameraId, setCameraId] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const chosen = cameras.find((c) => c.id === cameraId) ?? cameras[0];
  const nameOf = (id: string): string => cameras.find((c) => c.id === id)?.name ?? id;

  async function create(event: FormEvent) {
    event.preventDefault();
    if (chosen === undefined) return;
    if (note.trim() === '') {
      setMessage('Écrivez une note pour ce signet.');
      return;
    }
    const at = Math.round(position);
    try {
      await source.create(chosen.id, at, note.trim());
      setNote('');
      setMessage(`Signet ajouté : ${chosen.name}, ${instant(at)}.`);
      onChanged();
    } catch (failure) {
      setMessage(source.refusal(failure));
    }
  }

  async function remove(bookmark: Bookmark) {
    try {
      await source.remove?.(bookmark.id);
      setMessage(`Signet retiré : ${nameOf(bookmark.cameraId)}, ${instant(bookmark.atMs)}.`);
      onChanged();
    } catch (failure) {
      setMessage(source.refusal(failure));
    }
  }

  return (
    <section className="bookmarks-panel" aria-label="Signets">
      <h2>Signets</h2>
      <form className="bookmark-form" onSubmit={create}>
        <select value={chosen?.id ?? ''} onChange={(e) => setCameraId(e.target.value)} aria-label="Caméra du signet">
          {cameras.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <input type="text" value={note} maxLength={500} placeholder="Note (ex. véhicule suspect)" aria-label="Note du signet" onChange={(e) => setNote(e.target.value)} />
        <button type="submit" disabled={chosen === undefined}>
          Marquer l’instant
        </button>
      </form>
      {message !== null && <p className="bookmark-message">{message}</p>}
      {error !== null && <p className="bookmark-message">{error}</p>}
      <ul className="bookmark-list">
        {bookmarks.length === 0 && <li className="muted">Aucun signet sur ces caméras.</li>}
        {bookmarks.map((b) => (
          <li key={b.id}>
            <button type="button" className="bookmark-item" onClick={() => onGoTo(b.atMs)} title="Relire toutes les caméras à cet instant">
              <span className="bookmark-when">{instant(b.atMs)}</span>
              <span className="bookmark-camera">{nameOf(b.cameraId)}</span>
              <span className="bookmark-note">{b.note}</span>
              <span className="bookmark-author muted">{b.createdBy}</span>
            </button>
            {source.remove !== undefined && b.createdBy === user.username && (
              <button type="button" className="ghost bookmark-remove" onClick={() => void remove(b)} aria-label={`Retirer le signet « ${b.note} »`}>
                Retirer
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
