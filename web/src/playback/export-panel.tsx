// « Exporter cette période » (room lead, video.export) under the playback timeline: the cameras shown, a range
// taken from the play position or typed JJ/MM/AAAA HH:MM:SS, the reason and the requisition reference when there
// is one. One export per camera; each one's progress is followed here and opens on the « Exports » page.
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { apiGet, apiPost } from '../api/client.js';
import type { Camera } from '../api/contracts.js';
import { EXPORT_STATES, frenchInstant, parseFrenchInstant, retentionErrorText } from '../retention/retention-format.js';

interface Started {
  readonly id: string;
  readonly cameraName: string;
  readonly status: string;
}

export function ExportPanel({ cameras, position }: { readonly cameras: readonly Camera[]; readonly position: number }) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<readonly string[]>(() => cameras.map((c) => c.id));
  const [from, setFrom] = useState(() => frenchInstant(position - 60_000));
  const [to, setTo] = useState(() => frenchInstant(position));
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<readonly Started[]>([]);
  const running = started.some((s) => s.status === 'running');

  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => {
      void Promise.all(
        started.map(async (s) => (s.status !== 'running' ? s : { ...s, status: String(((await apiGet(`/api/exports/${s.id}`).catch(() => ({ status: s.status }))) as { status: string }).status) })),
      ).then(setStarted);
    }, 2000);
    return () => clearInterval(timer);
  }, [running, started]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fromMs = parseFrenchInstant(from);
    const toMs = parseFrenchInstant(to);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return setError('Date ou heure invalide : saisissez JJ/MM/AAAA HH:MM:SS (24 h).');
    if (!(toMs > fromMs)) return setError('La fin de la période doit suivre son début.');
    if (chosen.length === 0) return setError('Choisissez au moins une caméra.');
    if (reason.trim() === '') return setError('Indiquez le motif de l’export.');
    setError(null);
    const made: Started[] = [];
    for (const cameraId of chosen) {
      const name = cameras.find((c) => c.id === cameraId)?.name ?? cameraId;
      try {
        const view = (await apiPost('/api/exports', {
          cameraId,
          from: fromMs,
          to: toMs,
          reason: reason.trim(),
          reference: reference.trim() === '' ? 'sans réquisition' : reference.trim(),
          caption: false,
        })) as {
          id: string;
          status: string;
        };
        made.push({ id: view.id, cameraName: name, status: view.status });
      } catch (failure) {
        setError(`${name} : ${retentionErrorText(failure, 'Export refusé')}`);
      }
    }
    setStarted((current) => [...made, ...current]);
    return undefined;
  }

  if (!open)
    return (
      <div className="export-panel">
        <button
          type="button"
          onClick={() => {
            setFrom(frenchInstant(Math.round(position / 1000) * 1000 - 60_000));
            setTo(frenchInstant(Math.round(position / 1000) * 1000));
            setOpen(true);
          }}
          style={{ alignSelf: 'flex-start' }}
        >
          Exporter cette période…
        </button>
      </div>
    );
  return (
    <section className="export-panel" aria-label="Export">
      <form onSubmit={(event) => void submit(event)}>
        <strong>Exporter</strong>
        {cameras.map((camera) => (
          <label key={camera.id} className="inline">
            <input type="checkbox" checked={chosen.includes(camera.id)} onChange={(event) => setChosen(event.target.checked ? [...chosen, camera.id] : chosen.filter((id) => id !== camera.id))} />
            {camera.name}
          </label>
        ))}
        <label>
          Du (JJ/MM/AAAA HH:MM:SS)
          <input aria-label="Début de l’export" value={from} onChange={(event) => setFrom(event.target.value)} size={19} />
        </label>
        <button type="button" className="small" onClick={() => setFrom(frenchInstant(Math.round(position / 1000) * 1000))} title="Prendre l’instant de lecture">
          ← début ici
        </button>
        <label>
          Au (JJ/MM/AAAA HH:MM:SS)
          <input aria-label="Fin de l’export" value={to} onChange={(event) => setTo(event.target.value)} size={19} />
        </label>
        <button type="button" className="small" onClick={() => setTo(frenchInstant(Math.round(position / 1000) * 1000))} title="Prendre l’instant de lecture">
          ← fin ici
        </button>
        <label>
          Motif
          <input aria-label="Motif de l’export" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
        </label>
        <label>
          Réquisition (référence, s’il y en a une)
          <input aria-label="Référence de la réquisition" value={reference} onChange={(event) => setReference(event.target.value)} maxLength={200} />
        </label>
        <button type="submit" className="primary">
          Demander l’export
        </button>
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          Fermer
        </button>
      </form>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {started.length > 0 && (
        <ul aria-label="Exports demandés">
          {started.map((s) => (
            <li key={s.id} data-export-id={s.id} data-state={s.status}>
              {s.cameraName} : <strong>{EXPORT_STATES[s.status] ?? s.status}</strong>
              {s.status === 'running' && <span className="muted"> — copie et signature des images, suivi automatique</span>}{' '}
              <Link to={`/exports?export=${encodeURIComponent(s.id)}`}>{s.status === 'done' ? 'Télécharger et vérifier' : 'Suivre'}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
