// « Demandes d'accès » (RGPD art. 15, room leads): a person asks to see footage of himself. The room lead
// registers the request (date, place, description, requester: the footage is held at once and the one-month
// deadline starts), answers it by a supervised viewing or by an export in which everything but the requester's
// box — drawn on a still of the camera — is blurred, then closes it (the hold is released). Late requests stand
// out. Dates JJ/MM/AAAA, 24 h, Paris.
import { useCallback, useEffect, useRef, useState, type FormEvent, type PointerEvent } from 'react';
import { apiGet, apiPost } from '../api/client.js';
import { can, readCameras, type AccessRequestView, type Camera } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { formatParisTime, formRange, parisDateFr, RANGE_FORMAT_MESSAGE } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { requisitionErrorMessage } from './requisition-errors.js';
import './requisitions.css';

const STATE_NAMES: Readonly<Record<AccessRequestView['state'], string>> = { registered: 'À traiter', answered: 'Répondue', closed: 'Clôturée' };
const DAY_MS = 86_400_000;
const when = (ms: number): string => `${parisDateFr(ms)} ${formatParisTime(ms).slice(0, 5)}`;

export function AccessRequestsPage() {
  const user = useUser();
  const [list, setList] = useState<readonly AccessRequestView[] | null>(null);
  const [cameras, setCameras] = useState<readonly Camera[]>([]);
  const [error, setError] = useState<string | null>(null);
  const allowed = can(user, 'access-request.manage');
  const reload = useCallback(() => {
    apiGet('/api/access-requests').then(
      (answer) => {
        setList(answer as AccessRequestView[]);
        setError(null);
      },
      (failure: unknown) => setError(requisitionErrorMessage(failure)),
    );
  }, []);
  useEffect(() => {
    if (!allowed) return;
    reload();
    apiGet('/api/cameras').then(
      (payload) => setCameras(readCameras(payload)),
      () => setCameras([]),
    );
  }, [allowed, reload]);
  if (!allowed) {
    return (
      <EmptyState title="Demandes d’accès : accès réservé">
        Les demandes d’accès des personnes à leurs images (RGPD art. 15) sont traitées par les chefs de salle. Votre rôle n’y donne pas accès.
      </EmptyState>
    );
  }
  const now = Date.now();
  const open = list?.filter((item) => item.state !== 'closed').sort((a, b) => a.deadlineMs - b.deadlineMs) ?? [];
  const closed = list?.filter((item) => item.state === 'closed') ?? [];
  const late = open.filter((item) => item.state === 'registered' && item.deadlineMs < now).length;
  return (
    <div className="requisitions-page access-requests-page">
      <h1>Demandes d’accès aux images (RGPD art. 15)</h1>
      <RegisterForm cameras={cameras} onDone={reload} />
      {error !== null && <p role="alert">{error}</p>}
      {list === null && error === null && <p>Lecture des demandes…</p>}
      {list !== null && (
        <p className="muted" data-testid="access-summary">
          {open.length === 0
            ? 'Aucune demande en cours.'
            : `${open.length} demande${open.length > 1 ? 's' : ''} en cours${late > 0 ? `, dont ${late} en retard` : ''} — la réponse est due dans le mois.`}
        </p>
      )}
      {[...open, ...closed].map((item) => (
        <AccessRequestCard key={item.id} item={item} cameras={cameras} nowMs={now} onDone={reload} />
      ))}
    </div>
  );
}

function RegisterForm({ cameras, onDone }: { readonly cameras: readonly Camera[]; readonly onDone: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    const range = formRange(data);
    if (range === null) {
      setMessage(RANGE_FORMAT_MESSAGE);
      return;
    }
    const cameraIds = data.getAll('cameras').map(String);
    if (cameraIds.length === 0) {
      setMessage('Choisissez la ou les caméras du lieu indiqué.');
      return;
    }
    const place = text('place').trim();
    apiPost('/api/access-requests', {
      requesterName: text('requesterName'),
      requesterContact: text('requesterContact'),
      description: place === '' ? text('description') : `${place} — ${text('description')}`,
      cameraIds,
      ...range,
    }).then(
      () => {
        setMessage('Demande enregistrée : les images sont gelées, la réponse est due dans un mois.');
        form.reset();
        onDone();
      },
      (failure: unknown) => setMessage(requisitionErrorMessage(failure)),
    );
  };
  return (
    <form aria-label="Nouvelle demande d’accès" onSubmit={submit} className="requisition-form">
      <h2>Nouvelle demande</h2>
      <label>
        Nom du demandeur <input name="requesterName" required />
      </label>
      <label>
        Contact (adresse, téléphone, courriel) <input name="requesterContact" required />
      </label>
      <fieldset>
        <legend>Quand</legend>
        <label>
          Le (JJ/MM/AAAA) <input name="fromDate" required />
        </label>
        <span />
        <label>
          De (HH:MM) <input name="fromTime" required />
        </label>
        <label>
          à (HH:MM) <input name="toTime" required />
        </label>
      </fieldset>
      <label>
        Lieu <input name="place" placeholder="place du Marché, devant la mairie" />
      </label>
      <label>
        Caméras du lieu
        <select name="cameras" multiple size={Math.min(6, Math.max(2, cameras.length))}>
          {cameras.map((camera) => (
            <option key={camera.id} value={camera.id}>
              {camera.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Description (tenue, ce qu’il faisait) <textarea name="description" required />
      </label>
      <button type="submit">Enregistrer la demande</button>
      {message !== null && <p role="status">{message}</p>}
    </form>
  );
}

function AccessRequestCard({ item, cameras, nowMs, onDone }: { readonly item: AccessRequestView; readonly cameras: readonly Camera[]; readonly nowMs: number; readonly onDone: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const name = (id: string) => cameras.find((camera) => camera.id === id)?.name ?? id;
  const act = (path: string, body?: unknown) => {
    setBusy(true);
    setMessage(path === 'answer' ? 'Préparation de l’export flouté…' : null);
    apiPost(`/api/access-requests/${item.id}/${path}`, body).then(
      () => {
        setBusy(false);
        setMessage(null);
        onDone();
      },
      (failure: unknown) => {
        setBusy(false);
        setMessage(requisitionErrorMessage(failure));
      },
    );
  };
  const late = item.state === 'registered' && item.deadlineMs < nowMs;
  const daysLeft = Math.ceil((item.deadlineMs - nowMs) / DAY_MS);
  return (
    <article aria-label={`Demande de ${item.requesterName}`} className={`requisition-card access-request-card${late ? ' late' : ''}`} data-state={item.state}>
      <h2>
        {item.requesterName} — <span data-testid="access-state">{STATE_NAMES[item.state]}</span>
      </h2>
      <p className={late ? 'deadline late' : 'deadline'} data-testid="access-deadline">
        Réponse due le {parisDateFr(item.deadlineMs)}
        {item.state === 'registered' ? (late ? ' — EN RETARD' : ` (${daysLeft} jour${daysLeft > 1 ? 's' : ''} restant${daysLeft > 1 ? 's' : ''})`) : ''}
      </p>
      <p>
        {item.description} — contact : {item.requesterContact}
      </p>
      <p>
        Caméras : {item.cameraIds.map(name).join(', ')}. Images du {when(item.fromMs)} au {when(item.toMs)}. Enregistrée par {item.registeredBy} le {when(item.registeredAt)}.
      </p>
      {item.answeredAt !== null && (
        <p>
          {item.answer === 'export' ? 'Réponse par export flouté' : 'Réponse par visionnage accompagné'} ({item.answeredBy ?? ''}, le {when(item.answeredAt)})
          {item.answerNote === null ? '' : ` : ${item.answerNote}`}
        </p>
      )}
      {item.answer === 'export' && item.exportSha256 !== null && (
        <p>
          <a href={`/api/access-requests/${item.id}/video.mp4`} download>
            Télécharger l’export flouté
          </a>{' '}
          <span className="muted">SHA-256 {item.exportSha256}</span>
        </p>
      )}
      {item.state === 'registered' && (
        <div className="requisition-actions">
          <label>
            Visionnage accompagné : quand, par qui <input value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="button" disabled={busy} onClick={() => act('answer', { answer: 'viewing', note })}>
            Enregistrer le visionnage accompagné
          </button>
          <BoxPicker item={item} name={name} disabled={busy} onPick={(box) => act('answer', { answer: 'export', box })} />
        </div>
      )}
      {item.state !== 'closed' && (
        <div className="requisition-actions">
          <button type="button" disabled={busy} onClick={() => act('close')}>
            Clôturer (lève le gel)
          </button>
        </div>
      )}
      {message !== null && <p role={busy ? 'status' : 'alert'}>{message}</p>}
    </article>
  );
}

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A still of one of the request's cameras at an instant of its range, on which the room lead draws the requester's box. */
function BoxPicker({
  item,
  name,
  disabled,
  onPick,
}: {
  readonly item: AccessRequestView;
  readonly name: (id: string) => string;
  readonly disabled: boolean;
  readonly onPick: (box: Rect & { cameraId: string }) => void;
}) {
  const [open, setOpen] = useState(false);
  const [cameraId, setCameraId] = useState(item.cameraIds[0] ?? '');
  const [at, setAt] = useState(Math.round((item.fromMs + item.toMs) / 2));
  const [rect, setRect] = useState<Rect | null>(null);
  const [still, setStill] = useState<'loading' | 'shown' | 'failed'>('loading');
  const start = useRef<{ x: number; y: number } | null>(null);
  if (!open) {
    return (
      <button type="button" disabled={disabled} onClick={() => setOpen(true)}>
        Répondre par un export flouté…
      </button>
    );
  }
  const point = (event: PointerEvent<HTMLDivElement>) => {
    const bounds = event.currentTarget.getBoundingClientRect();
    return { x: Math.min(1, Math.max(0, (event.clientX - bounds.left) / bounds.width)), y: Math.min(1, Math.max(0, (event.clientY - bounds.top) / bounds.height)) };
  };
  const drag = (event: PointerEvent<HTMLDivElement>) => {
    if (start.current === null) return;
    const p = point(event);
    setRect({ x: Math.min(p.x, start.current.x), y: Math.min(p.y, start.current.y), w: Math.abs(p.x - start.current.x), h: Math.abs(p.y - start.current.y) });
  };
  const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
  return (
    <div className="box-picker" aria-label="Cadre du demandeur">
      <p>Tracez le cadre du demandeur sur l’image : tout ce qui est hors du cadre (les tiers) sera flouté dans l’export.</p>
      <div className="box-picker-controls">
        <label>
          Caméra
          <select
            value={cameraId}
            onChange={(e) => {
              setCameraId(e.target.value);
              setStill('loading');
            }}
          >
            {item.cameraIds.map((id) => (
              <option key={id} value={id}>
                {name(id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Instant : {when(at)}
          <input
            type="range"
            min={item.fromMs}
            max={item.toMs - 1}
            step={1000}
            value={at}
            onChange={(e) => {
              setAt(Number(e.target.value));
              setStill('loading');
            }}
          />
        </label>
      </div>
      <div
        className="box-picker-frame"
        data-testid="box-frame"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          start.current = point(event);
          setRect(null);
        }}
        onPointerMove={drag}
        onPointerUp={(event) => {
          drag(event);
          start.current = null;
        }}
      >
        <img
          src={`/api/cameras/${encodeURIComponent(cameraId)}/snapshot?at=${at}`}
          alt={`Image de ${name(cameraId)} le ${when(at)}`}
          draggable={false}
          onLoad={() => setStill('shown')}
          onError={() => setStill('failed')}
        />
        {rect !== null && <div className="box-picker-rect" style={{ left: pct(rect.x), top: pct(rect.y), width: pct(rect.w), height: pct(rect.h) }} />}
      </div>
      {still === 'loading' && <p className="muted">Lecture de l’image enregistrée…</p>}
      {still === 'failed' && <p role="alert">Aucune image enregistrée à cet instant sur cette caméra : choisissez un autre instant.</p>}
      <button type="button" className="primary" disabled={disabled || rect === null || rect.w < 0.01 || rect.h < 0.01} onClick={() => rect !== null && onPick({ cameraId, ...rect })}>
        Exporter en floutant les tiers
      </button>
    </div>
  );
}
