// « Réquisitions judiciaires »: an investigator registers his requisitions and follows them — once validated, he
// opens the synchronized playback limited to their cameras and range, asks for an extension of their scope
// (requisition-extension.tsx), acknowledges the handover; a room lead registers one on an investigator's behalf
// (naming him: investigator-chooser.tsx), validates or refuses, extracts, hands over and closes, and grants or
// refuses extensions. Each card says who registered it, and for whom. Dates JJ/MM/AAAA, 24 h, Paris.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { apiGet, apiPost } from '../api/client.js';
import { can, type RequisitionView } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { parisDateFr, formatParisTime, formRange, parseFrenchDateTime, RANGE_FORMAT_MESSAGE } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { requisitionErrorMessage } from './requisition-errors.js';
import { requisitionInForce } from './viewing-room-page.js';
import { ExtensionRequest, Extensions } from './requisition-extension.js';
import { RequisitionBookmarkList } from './requisition-bookmark-list.js';
import { requisitionCameraNames } from './requisition-cameras.js';
import { RegistrationPlaces, type Places } from './registration-places.js';
import { choiceLabel, InvestigatorChooser, type InvestigatorChoice } from './investigator-chooser.js';
import './requisitions.css';

const STATE_NAMES: Readonly<Record<RequisitionView['state'], string>> = {
  registered: 'Enregistrée — en attente de validation',
  validated: 'Validée',
  refused: 'Refusée',
  extracted: 'Extraite',
  'handed-over': 'Remise',
  closed: 'Clôturée',
};

const when = (ms: number): string => `${parisDateFr(ms)} ${formatParisTime(ms).slice(0, 5)}`;

export function RequisitionsPage() {
  const user = useUser();
  const [list, setList] = useState<readonly RequisitionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);
  const reload = useCallback(() => {
    apiGet('/api/requisitions').then(
      (answer) => {
        setList(answer as RequisitionView[]);
        setError(null);
      },
      (failure: unknown) => setError(requisitionErrorMessage(failure)),
    );
  }, []);
  useEffect(reload, [reload]);
  if (!can(user, 'requisition.read')) {
    return (
      <EmptyState title="Réquisitions : accès réservé">Cette page est réservée aux enquêteurs (leurs réquisitions), aux chefs de salle et aux auditeurs. Votre rôle n’y donne pas accès.</EmptyState>
    );
  }
  const investigator = user.role === 'investigator';
  const delegate = can(user, 'requisition.delegate');
  return (
    <div className="requisitions-page">
      <h1>Réquisitions judiciaires</h1>
      {can(user, 'topology.read') && !investigator && (
        <p>
          <Link to="/topologie">Topologie des caméras (voisines et temps de trajet, pour suivre un véhicule ou une personne)</Link>
        </p>
      )}
      {investigator && <RegisterForm onDone={reload} onBehalf={false} />}
      {delegate && !registering && (
        <p>
          <button type="button" onClick={() => setRegistering(true)}>
            Enregistrer une réquisition pour le compte d’un enquêteur
          </button>
        </p>
      )}
      {delegate && registering && <RegisterForm onDone={reload} onBehalf onClose={() => setRegistering(false)} />}
      {error !== null && <p role="alert">{error}</p>}
      {list === null && error === null && <p>Lecture des réquisitions…</p>}
      {list !== null && list.length === 0 && <p>Aucune réquisition enregistrée.</p>}
      {list?.map((requisition) => (
        <RequisitionCard key={requisition.id} requisition={requisition} reviewer={can(user, 'requisition.review')} investigator={investigator} onDone={reload} />
      ))}
    </div>
  );
}

/**
 * The registration form: an investigator's for himself, or (`onBehalf`) a room lead's, who names the investigator
 * the requisition is for and may close the form.
 */
function RegisterForm({ onDone, onBehalf, onClose }: { readonly onDone: () => void; readonly onBehalf: boolean; readonly onClose?: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const places = useRef<Places>({ cameraIds: [], area: null });
  const recipient = useRef<InvestigatorChoice | null>(null);
  const [resetKey, setResetKey] = useState(0);
  const onPlaces = useCallback((next: Places) => {
    places.current = next;
  }, []);
  const onRecipient = useCallback((next: InvestigatorChoice | null) => {
    recipient.current = next;
  }, []);
  // A room lead with no active investigator account to register for: the rest of the form would be filled in vain.
  const [noInvestigator, setNoInvestigator] = useState(false);
  const onListed = useCallback((count: number) => setNoInvestigator(count === 0), []);
  const fillable = !(onBehalf && noInvestigator);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '');
    const forWhom = recipient.current;
    if (onBehalf && forWhom === null) {
      setMessage('Choisissez l’enquêteur destinataire : la réquisition est enregistrée à son nom.');
      return;
    }
    const range = formRange(data);
    if (range === null) {
      setMessage(RANGE_FORMAT_MESSAGE);
      return;
    }
    const form = event.currentTarget;
    apiPost('/api/requisitions', {
      reference: text('reference'),
      officer: { name: text('officerName'), quality: text('officerQuality'), service: text('officerService'), contact: text('officerContact') },
      legalBasis: text('legalBasis'),
      reason: text('reason'),
      cameraIds: places.current.cameraIds,
      area: places.current.area,
      ...range,
      live: data.get('live') === 'on',
      ...(forWhom === null ? {} : { investigatorId: forWhom.id }),
    }).then(
      () => {
        setMessage(
          forWhom === null
            ? 'Réquisition enregistrée : les images sont gelées, le chef de salle va la valider.'
            : `Réquisition enregistrée pour le compte de ${choiceLabel(forWhom)} : les images sont gelées, elle attend sa validation.`,
        );
        form.reset();
        setResetKey((key) => key + 1);
        onDone();
      },
      (failure: unknown) => setMessage(requisitionErrorMessage(failure)),
    );
  };
  return (
    <form aria-label="Nouvelle réquisition" onSubmit={submit} className="requisition-form">
      <h2>{onBehalf ? 'Nouvelle réquisition pour le compte d’un enquêteur' : 'Nouvelle réquisition'}</h2>
      {onBehalf && <InvestigatorChooser onChange={onRecipient} onListed={onListed} resetKey={resetKey} />}
      {fillable && <RegistrationFields onPlaces={onPlaces} resetKey={resetKey} />}
      {fillable && <button type="submit">Enregistrer la réquisition</button>}
      {onClose !== undefined && (
        <button type="button" onClick={onClose}>
          Fermer le formulaire
        </button>
      )}
      {message !== null && <p role="status">{message}</p>}
    </form>
  );
}

/** What a requisition states: procedure, requesting officer, legal basis, reason, places, period, live view. */
function RegistrationFields({ onPlaces, resetKey }: { readonly onPlaces: (next: Places) => void; readonly resetKey: number }) {
  return (
    <>
      <label>
        Référence de procédure <input name="reference" placeholder="2026/004512" required />
      </label>
      <label>
        Officier requérant <input name="officerName" required />
      </label>
      <label>
        Qualité
        <select name="officerQuality" defaultValue="OPJ">
          <option value="OPJ">OPJ</option>
          <option value="APJ">APJ</option>
        </select>
      </label>
      <label>
        Service <input name="officerService" required />
      </label>
      <label>
        Contact <input name="officerContact" required />
      </label>
      <label>
        Fondement juridique <input name="legalBasis" placeholder="art. 77-1-1 du code de procédure pénale" required />
      </label>
      <label>
        Motif <textarea name="reason" required />
      </label>
      <RegistrationPlaces onChange={onPlaces} resetKey={resetKey} />
      <fieldset>
        <legend>Période demandée</legend>
        <label>
          Du (JJ/MM/AAAA) <input name="fromDate" required />
        </label>
        <label>
          à (HH:MM) <input name="fromTime" required />
        </label>
        <label>
          Au (JJ/MM/AAAA) <input name="toDate" required />
        </label>
        <label>
          à (HH:MM) <input name="toTime" required />
        </label>
      </fieldset>
      <label>
        <input type="checkbox" name="live" /> Inclut le direct
      </label>
    </>
  );
}

function RequisitionCard({
  requisition,
  reviewer,
  investigator,
  onDone,
}: {
  readonly requisition: RequisitionView;
  readonly reviewer: boolean;
  readonly investigator: boolean;
  readonly onDone: () => void;
}) {
  const [message, setMessage] = useState<string | null>(null);
  const [untilDate, setUntilDate] = useState('');
  const [untilTime, setUntilTime] = useState('23:59');
  const [note, setNote] = useState('');
  const act = (path: string, body?: unknown) => {
    apiPost(`/api/requisitions/${requisition.id}/${path}`, body).then(
      () => {
        setMessage(null);
        onDone();
      },
      (failure: unknown) => setMessage(requisitionErrorMessage(failure)),
    );
  };
  const until = () => parseFrenchDateTime(untilDate, untilTime);
  const inForce = requisitionInForce(requisition, Date.now());
  return (
    <article aria-label={`Réquisition ${requisition.reference}`} className="requisition-card">
      <h2>
        {requisition.reference} — <span data-testid="requisition-state">{STATE_NAMES[requisition.state]}</span>
      </h2>
      <p>
        {requisition.officer.quality} {requisition.officer.name}, {requisition.officer.service} ({requisition.officer.contact}) — {requisition.legalBasis}
      </p>
      <p>
        Enquêteur : {requisition.investigator}. Caméras : {requisitionCameraNames(requisition, requisition.cameraIds)}. Images du {when(requisition.fromMs)} au {when(requisition.toMs)}
        {requisition.live ? ', direct inclus' : ''}.
      </p>
      <p data-testid="requisition-registration">
        Enregistrée le {when(requisition.registeredAt)}
        {requisition.registeredBy === requisition.investigator ? ' par l’enquêteur' : ` par ${requisition.registeredBy}, pour le compte de l’enquêteur`}.
      </p>
      {requisition.scopeUntilMs !== null && <p>Accès jusqu’au {when(requisition.scopeUntilMs)}.</p>}
      {requisition.reviewNote !== null && <p>Décision : {requisition.reviewNote}</p>}
      {requisition.handover !== null && (
        <p>
          Remis par {requisition.handover.handedBy} à {requisition.handover.receivedBy} le {when(requisition.handover.handedAt)} —{' '}
          {requisition.handover.ackAt === null ? 'en attente de l’accusé de réception' : `réception acquittée le ${when(requisition.handover.ackAt)}`}.
        </p>
      )}
      {investigator && inForce && <a href={`/relecture?cameras=${requisition.cameraIds.join(',')}&at=${requisition.fromMs}`}>Ouvrir la relecture (périmètre de la réquisition)</a>}
      {investigator && inForce && <Link to={`/requisitions/${requisition.id}/visionnage`}>Ouvrir la salle de visionnage</Link>}
      {['validated', 'extracted', 'handed-over', 'closed'].includes(requisition.state) && (
        <Link to={`/requisitions/${requisition.id}/trajectoire`}>Suivre un véhicule ou une personne (trajectoire)</Link>
      )}
      {requisition.exportIds.length > 0 && (
        <a href={`/api/requisitions/${requisition.id}/receipt.html`} target="_blank" rel="noreferrer">
          Procès-verbal de remise (imprimable)
        </a>
      )}
      {(reviewer || investigator) && requisition.state !== 'closed' && requisition.state !== 'refused' && (
        <div className="requisition-actions">
          {reviewer && requisition.state === 'registered' && (
            <>
              <label>
                Accès jusqu’au (JJ/MM/AAAA) <input value={untilDate} onChange={(e) => setUntilDate(e.target.value)} />
              </label>
              <label>
                à (HH:MM) <input value={untilTime} onChange={(e) => setUntilTime(e.target.value)} />
              </label>
              <label>
                Motif / note <input value={note} onChange={(e) => setNote(e.target.value)} />
              </label>
            </>
          )}
          {reviewer && requisition.state === 'registered' && (
            <>
              <button type="button" onClick={() => (Number.isNaN(until()) ? setMessage('Échéance au format JJ/MM/AAAA et HH:MM (24 h).') : act('validate', { untilMs: until(), note }))}>
                Valider
              </button>
              <button type="button" onClick={() => act('refuse', { reason: note })}>
                Refuser
              </button>
            </>
          )}
          {reviewer && requisition.state === 'validated' && (
            <button type="button" onClick={() => act('extract')}>
              Extraire les images (paquets signés)
            </button>
          )}
          {reviewer && requisition.state === 'extracted' && (
            <>
              <label>
                Remis à <input value={note} onChange={(e) => setNote(e.target.value)} />
              </label>
              <button type="button" onClick={() => act('handover', { receivedBy: note })}>
                Enregistrer la remise
              </button>
            </>
          )}
          {investigator && requisition.state === 'handed-over' && requisition.handover?.ackAt === null && (
            <button type="button" onClick={() => act('acknowledge')}>
              Accuser réception
            </button>
          )}
          {reviewer && requisition.state !== 'registered' && (
            <button type="button" onClick={() => act('close')}>
              Clôturer (lève le gel)
            </button>
          )}
        </div>
      )}
      {requisition.state !== 'registered' && requisition.state !== 'refused' && <RequisitionBookmarkList requisition={requisition} />}
      <Extensions requisition={requisition} reviewer={reviewer} onDone={onDone} />
      {(investigator || reviewer) && inForce && !requisition.extensions.some((extension) => extension.state === 'pending') && <ExtensionRequest requisition={requisition} onDone={onDone} />}
      {message !== null && <p role="alert">{message}</p>}
    </article>
  );
}
