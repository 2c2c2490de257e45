// A mayor's new live-watch request: the event, the cameras of his commune (ticked, or proposed by an area drawn
// on its map), the window typed the French way (JJ/MM/AAAA, HH:MM, Paris time), a contact and the reason. Checked
// here first, in French, then by the server.
import { useMemo, useState, type FormEvent } from 'react';
import { apiPost } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { parisDateFr, parisTimeInput, parseFrenchDateTime } from '../time/paris.js';
import { AreaPicker } from './area-picker.js';
import { watchErrorMessage } from './watch-errors.js';

const HOUR_MS = 3_600_000;
const MAX_WINDOW_MS = 7 * 24 * HOUR_MS;

interface DateTimeText {
  readonly date: string;
  readonly time: string;
}

const textOf = (ms: number): DateTimeText => ({ date: parisDateFr(ms), time: parisTimeInput(ms).slice(0, 5) });

function DateTimeInputs({ label, value, onChange }: { readonly label: string; readonly value: DateTimeText; readonly onChange: (value: DateTimeText) => void }) {
  return (
    <fieldset className="watch-when">
      <legend>{label}</legend>
      <input
        type="text"
        inputMode="numeric"
        placeholder="JJ/MM/AAAA"
        aria-label={`${label} : date (JJ/MM/AAAA)`}
        size={10}
        value={value.date}
        onChange={(e) => onChange({ ...value, date: e.target.value })}
      />
      <input
        type="text"
        inputMode="numeric"
        placeholder="HH:MM"
        aria-label={`${label} : heure (HH:MM, 24 h)`}
        size={8}
        value={value.time}
        onChange={(e) => onChange({ ...value, time: e.target.value })}
      />
    </fieldset>
  );
}

export function WatchRequestForm({ onSent }: { readonly onSent: () => void }) {
  const user = useUser();
  const inventory = useInventory();
  const [commune, setCommune] = useState(user.communes[0] ?? '');
  const [event, setEvent] = useState('');
  const [cameraIds, setCameraIds] = useState<ReadonlySet<string>>(new Set());
  const [from, setFrom] = useState(() => textOf(Date.now()));
  const [to, setTo] = useState(() => textOf(Date.now() + 2 * HOUR_MS));
  const [contact, setContact] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const cameras = useMemo(() => inventory.cameras.filter((camera) => camera.commune === commune).sort((a, b) => a.name.localeCompare(b.name, 'fr')), [inventory.cameras, commune]);

  function toggle(id: string) {
    const next = new Set(cameraIds);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCameraIds(next);
  }

  /** The French sentence for the first thing wrong in the form, or the window in ms. */
  function check(): string | { fromMs: number; toMs: number } {
    if (event.trim() === '') return 'Indiquez l’événement.';
    const chosen = cameras.filter((camera) => cameraIds.has(camera.id));
    if (chosen.length === 0) return 'Choisissez au moins une caméra.';
    const fromMs = parseFrenchDateTime(from.date, from.time);
    const toMs = parseFrenchDateTime(to.date, to.time);
    if (Number.isNaN(fromMs)) return 'Début invalide : saisissez la date JJ/MM/AAAA et l’heure HH:MM (24 h).';
    if (Number.isNaN(toMs)) return 'Fin invalide : saisissez la date JJ/MM/AAAA et l’heure HH:MM (24 h).';
    if (toMs <= fromMs) return 'La fin du créneau doit être postérieure à son début.';
    if (toMs <= Date.now()) return 'Le créneau est entièrement passé : choisissez une fin à venir.';
    if (toMs - fromMs > MAX_WINDOW_MS) return 'Un créneau de visionnage dure 7 jours au plus.';
    if (contact.trim() === '') return 'Indiquez un contact joignable pendant le visionnage.';
    if (reason.trim() === '') return 'Indiquez le motif de la demande.';
    return { fromMs, toMs };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const checked = check();
    if (typeof checked === 'string') {
      setError(checked);
      return;
    }
    setError(null);
    setSending(true);
    try {
      await apiPost('/api/watch-requests', { commune, event, contact, reason, cameraIds: [...cameraIds].filter((id) => cameras.some((c) => c.id === id)), ...checked });
      setNotice('Demande envoyée au chef de salle. Sa réponse s’affichera dans « Mes demandes ».');
      setEvent('');
      setCameraIds(new Set());
      setReason('');
      onSent();
    } catch (failure) {
      setError(watchErrorMessage(failure));
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="watch-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Nouvelle demande de visionnage">
      <h2>Nouvelle demande</h2>
      {user.communes.length > 1 && (
        <label>
          Commune
          <select value={commune} onChange={(e) => setCommune(e.target.value)}>
            {user.communes.map((insee) => (
              <option key={insee} value={insee}>
                {inventory.communeName(insee)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Événement
        <input type="text" maxLength={200} value={event} onChange={(e) => setEvent(e.target.value)} placeholder="Ex. : marché de Noël, manifestation, fête de quartier" />
      </label>
      <AreaPicker commune={commune} onPropose={(ids) => setCameraIds(new Set(ids))} />
      <fieldset className="watch-cameras">
        <legend>
          Caméras à regarder ({cameraIds.size} choisie{cameraIds.size > 1 ? 's' : ''})
        </legend>
        {cameras.length === 0 ? (
          <p className="muted">{inventory.status === 'loading' ? 'Chargement des caméras…' : 'Aucune caméra de votre commune n’est disponible.'}</p>
        ) : (
          cameras.map((camera) => (
            <label key={camera.id} className="watch-camera-choice">
              <input type="checkbox" checked={cameraIds.has(camera.id)} onChange={() => toggle(camera.id)} />
              {camera.name}
            </label>
          ))
        )}
      </fieldset>
      <div className="watch-window">
        <DateTimeInputs label="Début" value={from} onChange={setFrom} />
        <DateTimeInputs label="Fin" value={to} onChange={setTo} />
      </div>
      <p className="watch-hint">Heure de Paris, 24 h. Un créneau dure 7 jours au plus.</p>
      <label>
        Contact pendant le visionnage
        <input type="text" maxLength={200} value={contact} onChange={(e) => setContact(e.target.value)} placeholder="Nom et téléphone" />
      </label>
      <label>
        Motif
        <textarea maxLength={2000} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {notice !== null && (
        <p className="watch-sent" role="status">
          {notice}
        </p>
      )}
      <button type="submit" className="primary" disabled={sending}>
        {sending ? 'Envoi…' : 'Envoyer la demande'}
      </button>
    </form>
  );
}
