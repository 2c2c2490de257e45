// A room lead's answer to a live-watch request: the cameras to watch (any of the request's commune, those asked
// for ticked), the wall monitor to put them on at the start (or none), a note — or a refusal with its reason.
import { useEffect, useMemo, useState } from 'react';
import { apiGet, apiPost } from '../api/client.js';
import type { WatchRequest } from '../api/contracts.js';
import { asRecord, readArray, readString } from '../api/read.js';
import { useInventory } from '../cameras/inventory.js';
import { watchErrorMessage } from './watch-errors.js';

interface MonitorChoice {
  readonly id: string;
  readonly name: string;
}

/** The wall monitors a room lead may choose; null while unknown, with the reason when they cannot be read. */
export function useWallMonitors(enabled: boolean): { readonly monitors: readonly MonitorChoice[] | null; readonly error: string | null } {
  const [monitors, setMonitors] = useState<readonly MonitorChoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return undefined;
    let cancelled = false;
    apiGet('/api/watch-requests/monitors').then(
      (payload) => {
        if (cancelled) return;
        const list = readArray(payload).map((value) => {
          const record = asRecord(value) ?? {};
          const id = readString(record, 'id');
          return id === undefined ? null : { id, name: readString(record, 'name') ?? id };
        });
        setMonitors(list.filter((m): m is MonitorChoice => m !== null));
      },
      (failure: unknown) => {
        if (!cancelled) setError(watchErrorMessage(failure));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [enabled]);
  return { monitors, error };
}

export function WatchReviewForm({ request, monitors, onDone }: { readonly request: WatchRequest; readonly monitors: readonly MonitorChoice[] | null; readonly onDone: () => void }) {
  const inventory = useInventory();
  const cameras = useMemo(
    () => inventory.cameras.filter((camera) => camera.commune === request.communeInsee).sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    [inventory.cameras, request.communeInsee],
  );
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(request.cameraIds));
  const [monitorId, setMonitorId] = useState('');
  const [note, setNote] = useState('');
  const [declineReason, setDeclineReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function toggle(id: string) {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  }

  async function act(path: 'accept' | 'decline', body: unknown) {
    setBusy(true);
    setError(null);
    try {
      await apiPost(`/api/watch-requests/${encodeURIComponent(request.id)}/${path}`, body);
      onDone();
    } catch (failure) {
      setError(watchErrorMessage(failure));
      onDone();
    } finally {
      setBusy(false);
    }
  }

  function accept() {
    if (chosen.size === 0) {
      setError('Choisissez au moins une caméra à regarder.');
      return;
    }
    void act('accept', { cameraIds: [...chosen], ...(monitorId === '' ? {} : { monitorId }), ...(note.trim() === '' ? {} : { note }) });
  }

  function decline() {
    if (declineReason.trim() === '') {
      setError('Indiquez au maire la raison du refus.');
      return;
    }
    void act('decline', { reason: declineReason });
  }

  return (
    <div className="watch-review" aria-label="Réponse à la demande">
      <fieldset className="watch-cameras">
        <legend>Caméras retenues ({chosen.size})</legend>
        {cameras.map((camera) => (
          <label key={camera.id} className="watch-camera-choice">
            <input type="checkbox" checked={chosen.has(camera.id)} onChange={() => toggle(camera.id)} />
            {camera.name}
          </label>
        ))}
      </fieldset>
      <div className="watch-review-row">
        <label>
          Moniteur du mur au début du créneau
          <select value={monitorId} onChange={(e) => setMonitorId(e.target.value)} aria-label="Moniteur du mur">
            <option value="">Aucun (pas d’affichage sur le mur)</option>
            {(monitors ?? []).map((monitor) => (
              <option key={monitor.id} value={monitor.id}>
                {monitor.name}
              </option>
            ))}
          </select>
        </label>
        <label className="watch-grow">
          Note pour le maire (facultative)
          <input type="text" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="button" className="primary" disabled={busy} onClick={accept}>
          Accepter
        </button>
      </div>
      <div className="watch-review-row">
        <label className="watch-grow">
          Raison du refus
          <input type="text" maxLength={1000} value={declineReason} onChange={(e) => setDeclineReason(e.target.value)} />
        </label>
        <button type="button" className="danger" disabled={busy} onClick={decline}>
          Refuser
        </button>
      </div>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
