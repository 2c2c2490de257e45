// Extending a requisition's scope: on an in-force requisition the investigator (or the room lead on his behalf)
// asks for more cameras, a wider range and/or a later end date, with a reason; the room lead grants or refuses the
// pending request (a refusal says why). Until it is granted the scope is unchanged; the server holds the widened
// footage from the request. The card lists every extension and what became of it.
import { useEffect, useState, type FormEvent } from 'react';
import { apiGet, apiPost } from '../api/client.js';
import { type RequisitionExtensionView, type RequisitionView } from '../api/contracts.js';
import { asRecord, readArray, readString } from '../api/read.js';
import { formatParisTime, formRange, parisDateFr, parseFrenchDateTime, RANGE_FORMAT_MESSAGE } from '../time/paris.js';
import { requisitionCameraNames } from './requisition-cameras.js';
import { requisitionErrorMessage } from './requisition-errors.js';

const when = (ms: number): string => `${parisDateFr(ms)} ${formatParisTime(ms).slice(0, 5)}`;
const day = (ms: number): string => parisDateFr(ms);
const minute = (ms: number): string => formatParisTime(ms).slice(0, 5);

const STATE_NAMES: Readonly<Record<RequisitionExtensionView['state'], string>> = { pending: 'en attente de décision', granted: 'accordée', refused: 'refusée' };

/** A camera an extension may add, as GET /api/requisitions/:id/extension-cameras names it. */
interface AddableCamera {
  readonly id: string;
  readonly name: string;
  readonly communeName: string;
}

function readAddable(payload: unknown): AddableCamera[] {
  return readArray(payload, 'cameras').flatMap((value) => {
    const r = asRecord(value);
    const id = r === null ? undefined : readString(r, 'id');
    return r === null || id === undefined ? [] : [{ id, name: readString(r, 'name') ?? id, communeName: readString(r, 'communeName') ?? '' }];
  });
}

/** The cameras by commune (the server sends them sorted by commune, then name). */
function byCommune(cameras: readonly AddableCamera[]): [string, AddableCamera[]][] {
  const groups = new Map<string, AddableCamera[]>();
  for (const camera of cameras) groups.set(camera.communeName, [...(groups.get(camera.communeName) ?? []), camera]);
  return [...groups.entries()];
}

/** What an extension asks, in words (the cameras by name and commune). */
export function extensionAsked(extension: RequisitionExtensionView, requisition: Pick<RequisitionView, 'cameras'>): string {
  const parts = [
    extension.addedCameraIds.length > 0 ? `caméra${extension.addedCameraIds.length > 1 ? 's' : ''} ${requisitionCameraNames(requisition, extension.addedCameraIds)} en plus` : '',
    `images du ${when(extension.fromMs)} au ${when(extension.toMs)}`,
    extension.untilMs === null ? '' : `accès jusqu’au ${when(extension.untilMs)}`,
  ];
  return parts.filter((part) => part !== '').join(', ');
}

/** « Demander une extension »: a form on an in-force requisition. */
export function ExtensionRequest({ requisition, onDone }: { readonly requisition: RequisitionView; readonly onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // The cameras he may ask for: those of the requisition's communes not yet in it (the server's list, by name and
  // commune; an investigator may not list the estate). undefined: loading; null: the list failed.
  const [addable, setAddable] = useState<readonly AddableCamera[] | null | undefined>(undefined);
  useEffect(() => {
    if (!open) return;
    apiGet(`/api/requisitions/${encodeURIComponent(requisition.id)}/extension-cameras`).then(
      (payload) => setAddable(readAddable(payload)),
      () => setAddable(null),
    );
  }, [open, requisition.id]);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Demander une extension
      </button>
    );
  }
  // The range starts as the one granted, to the minute: a bound left as shown is not sent (it asks nothing more).
  const shown = { fromMs: parseFrenchDateTime(day(requisition.fromMs), minute(requisition.fromMs)), toMs: parseFrenchDateTime(day(requisition.toMs), minute(requisition.toMs)) };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const range = formRange(data);
    if (range === null) {
      setMessage(RANGE_FORMAT_MESSAGE);
      return;
    }
    let untilMs: number | undefined;
    if (text('untilDate') !== '') {
      untilMs = parseFrenchDateTime(text('untilDate'), text('untilTime') || '23:59');
      if (Number.isNaN(untilMs)) {
        setMessage('Échéance au format JJ/MM/AAAA et HH:MM (24 h).');
        return;
      }
    }
    apiPost(`/api/requisitions/${requisition.id}/extension`, {
      cameraIds: data.getAll('cameras').map(String),
      ...(range.fromMs !== shown.fromMs ? { fromMs: range.fromMs } : {}),
      ...(range.toMs !== shown.toMs ? { toMs: range.toMs } : {}),
      ...(untilMs === undefined ? {} : { untilMs }),
      reason: text('reason'),
    }).then(
      () => {
        setMessage(null);
        setOpen(false);
        onDone();
      },
      (failure: unknown) => setMessage(requisitionErrorMessage(failure)),
    );
  };
  return (
    <form aria-label="Demande d’extension" className="extension-form" onSubmit={submit}>
      <h3>Demande d’extension du périmètre</h3>
      <p>Rien n’est accordé avant la décision du chef de salle ; les images demandées sont gelées dès l’envoi.</p>
      {addable === undefined ? (
        <p className="muted">Chargement des caméras voisines…</p>
      ) : addable === null ? (
        <p className="muted">Liste des caméras indisponible : la demande peut porter sur la période ou l’échéance.</p>
      ) : addable.length === 0 ? (
        <p className="muted">Aucune autre caméra dans les communes de la réquisition.</p>
      ) : (
        <label>
          Caméras à ajouter (Ctrl + clic pour plusieurs)
          <select name="cameras" multiple size={Math.min(8, Math.max(3, addable.length + byCommune(addable).length))}>
            {byCommune(addable).map(([commune, cameras]) => (
              <optgroup key={commune} label={commune}>
                {cameras.map((camera) => (
                  <option key={camera.id} value={camera.id}>
                    {camera.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      )}
      <fieldset>
        <legend>Période étendue (doit contenir la période accordée)</legend>
        <label>
          Du (JJ/MM/AAAA) <input name="fromDate" defaultValue={day(requisition.fromMs)} />
        </label>
        <label>
          à (HH:MM) <input name="fromTime" defaultValue={minute(requisition.fromMs)} />
        </label>
        <label>
          Au (JJ/MM/AAAA) <input name="toDate" defaultValue={day(requisition.toMs)} />
        </label>
        <label>
          à (HH:MM) <input name="toTime" defaultValue={minute(requisition.toMs)} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Nouvelle échéance de l’accès (facultatif)</legend>
        <label>
          Jusqu’au (JJ/MM/AAAA) <input name="untilDate" />
        </label>
        <label>
          à (HH:MM) <input name="untilTime" defaultValue="23:59" />
        </label>
      </fieldset>
      <label>
        Motif de l’extension <textarea name="reason" required />
      </label>
      <div>
        <button type="submit">Envoyer la demande d’extension</button>{' '}
        <button type="button" onClick={() => setOpen(false)}>
          Annuler
        </button>
      </div>
      {message !== null && <p role="alert">{message}</p>}
    </form>
  );
}

/** The extensions of a requisition: the pending one (the room lead decides it here), then those decided. */
export function Extensions({ requisition, reviewer, onDone }: { readonly requisition: RequisitionView; readonly reviewer: boolean; readonly onDone: () => void }) {
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  if (requisition.extensions.length === 0) return null;
  const decide = (accept: boolean) => {
    apiPost(`/api/requisitions/${requisition.id}/extension/decision`, { accept, note }).then(
      () => {
        setMessage(null);
        setNote('');
        onDone();
      },
      (failure: unknown) => setMessage(requisitionErrorMessage(failure)),
    );
  };
  return (
    <section aria-label="Extensions demandées" className="extensions">
      <h3>Extensions demandées</h3>
      <ul>
        {requisition.extensions.map((extension) => (
          <li key={extension.id} data-state={extension.state}>
            Demandée par {extension.requestedBy} le {when(extension.requestedAt)} : {extensionAsked(extension, requisition)}. Motif : {extension.reason}. —{' '}
            <strong>{STATE_NAMES[extension.state]}</strong>
            {extension.decidedAt !== null && ` par ${extension.decidedBy ?? ''} le ${when(extension.decidedAt)}`}
            {extension.decisionNote !== null && ` (${extension.decisionNote})`}.
          </li>
        ))}
      </ul>
      {reviewer && requisition.extensions.some((extension) => extension.state === 'pending') && (
        <div className="requisition-actions">
          <label>
            Motif de la décision (obligatoire pour un refus) <input value={note} onChange={(event) => setNote(event.target.value)} />
          </label>
          <button type="button" onClick={() => decide(true)}>
            Accorder l’extension
          </button>
          <button type="button" onClick={() => decide(false)}>
            Refuser l’extension
          </button>
        </div>
      )}
      {message !== null && <p role="alert">{message}</p>}
    </section>
  );
}
