// « Analyse algorithmique »: the legal bases recorded for algorithmic analysis (décret 2023-828), the rules in
// service on each camera with their French description, limits, zone, thresholds, basis, state (and why it does
// not run) and false-alarm rate from the operators' verdicts; for analytics.manage, recording a basis, activating a
// rule with its zone or line drawn on the camera's picture, and stopping one after a confirmation.
import { useCallback, useEffect, useState } from 'react';
import { apiGet, apiPost } from '../api/client.js';
import { can, readCameras, type Camera } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { parisDateFr, parseFrenchDateTime } from '../time/paris.js';
import {
  analyticsErrorMessage,
  basisValidAt,
  lastDay,
  falseAlarmText,
  frenchDateTime,
  readGovernance,
  activationState,
  stoppedReason,
  type Governance,
  type LegalBasis,
  type VerdictStat,
} from './analytics-model.js';
import { ActivationForm } from './activation-form.js';
import './analytics.css';

export function AnalyticsPage() {
  const user = useUser();
  const manage = can(user, 'analytics.manage');
  const [bases, setBases] = useState<readonly LegalBasis[]>([]);
  const [governance, setGovernance] = useState<Governance | null>(null);
  const [cameras, setCameras] = useState<readonly Camera[]>([]);
  const [stats, setStats] = useState<readonly VerdictStat[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [b, g, c] = await Promise.all([apiGet('/api/analytics/legal-bases'), apiGet('/api/analytics/activations'), apiGet('/api/cameras')]);
      setBases(b as LegalBasis[]);
      setGovernance(readGovernance(g));
      setCameras(readCameras(c));
      setProblem(null);
    } catch (error) {
      setProblem(analyticsErrorMessage(error));
    }
    // Verdicts need alert.read, which a configuration-only role lacks: then the rates are said to be out of reach.
    apiGet('/api/alerts/stats').then(
      (s) => setStats(s as VerdictStat[]),
      () => setStats(null),
    );
  }, []);
  // The state of each analysis changes on its own (a camera going offline, a basis expiring): read it again now and then.
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 15_000);
    return () => clearInterval(timer);
  }, [load]);

  const now = Date.now();
  const cameraName = (id: string): string => cameras.find((c) => c.id === id)?.name ?? id;
  const active = governance?.activations.filter((a) => a.state === 'active') ?? [];
  const byCamera = [...new Set(active.map((a) => a.cameraId))];
  return (
    <main className="analytics-page" data-testid="analytics-page">
      <h1>Analyse algorithmique</h1>
      <p className="estate-hint">
        L’analyse est arrêtée par défaut. Chaque règle ne fonctionne que sur une caméra, sous une base légale en vigueur (arrêté préfectoral, décret 2023-828) ; elle s’arrête d’elle-même à
        l’expiration de la base. Aucune reconnaissance faciale, biométrie ou lecture de plaques.
      </p>
      {problem !== null && (
        <p className="estate-error" role="alert">
          {problem}
        </p>
      )}
      <section className="estate-panel" aria-label="Bases légales" data-testid="legal-bases">
        <h2>Bases légales</h2>
        {bases.length === 0 ? (
          <p className="estate-note">Aucune base légale enregistrée : aucune règle ne peut être mise en service.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Autorité</th>
                <th>Référence</th>
                <th>Validité</th>
                <th>État</th>
              </tr>
            </thead>
            <tbody>
              {bases.map((basis) => (
                <tr key={basis.id}>
                  <td>{basis.authority}</td>
                  <td>{basis.reference}</td>
                  <td>
                    du {parisDateFr(basis.validFrom)} au {lastDay(basis)} inclus
                  </td>
                  <td>{basisValidAt(basis, now) ? 'En vigueur' : basis.validTo <= now ? 'Expirée' : 'Pas encore en vigueur'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {manage && <BasisForm onSaved={load} />}
      </section>
      <section className="estate-panel" aria-label="Règles en service" data-testid="activations">
        <h2>Règles par caméra</h2>
        {governance !== null && byCamera.length === 0 && <p className="estate-note">Aucune règle en service : l’analyse algorithmique est arrêtée sur toutes les caméras.</p>}
        {stats === null && governance !== null && byCamera.length > 0 && (
          <p className="estate-note">Votre rôle ne permet pas de lire les verdicts des opérateurs : les taux de fausses alertes ne sont pas affichés.</p>
        )}
        {byCamera.map((cameraId) => (
          <div key={cameraId} className="analytics-camera">
            <h3>{cameraName(cameraId)}</h3>
            {active
              .filter((a) => a.cameraId === cameraId)
              .map((activation) => {
                const rule = governance?.catalogue.find((r) => r.rule === activation.rule);
                const basis = bases.find((b) => b.id === activation.legalBasisId);
                const state = activationState(activation.analysis);
                const stat = stats?.find((s) => s.rule === activation.rule && s.cameraId === cameraId);
                return (
                  <article key={activation.id} className="analytics-rule" data-testid="activation">
                    <h4>{rule?.label ?? activation.rule}</h4>
                    <p className={state.tone === 'ok' ? 'estate-ok' : state.tone === 'pending' ? 'estate-note' : 'estate-warn'} data-testid="activation-state">
                      {state.text}
                    </p>
                    {rule !== undefined && (
                      <>
                        <p>{rule.description}</p>
                        <p className="estate-note">Limites : {rule.limits}</p>
                      </>
                    )}
                    <p>
                      {activation.settings.zone !== undefined
                        ? `Zone dessinée (${activation.settings.zone.length} points).`
                        : activation.settings.line !== undefined
                          ? 'Ligne dessinée.'
                          : 'Toute l’image.'}
                      {activation.settings.ptzPreset !== undefined ? ` Préposition PTZ : ${activation.settings.ptzPreset}.` : ''}
                    </p>
                    {activation.settings.thresholds !== undefined && (
                      <ul className="analytics-thresholds">
                        {Object.entries(activation.settings.thresholds).map(([name, value]) => (
                          <li key={name}>
                            {rule?.thresholds[name]?.description ?? name} : {value.toLocaleString('fr-FR')}
                          </li>
                        ))}
                      </ul>
                    )}
                    <p>
                      Base légale : {basis === undefined ? 'inconnue' : `${basis.authority}, ${basis.reference} — valable jusqu’au ${lastDay(basis)} inclus`}. Mise en service le{' '}
                      {frenchDateTime(activation.createdAt)}.
                    </p>
                    {stats !== null && <p data-testid="false-alarm-rate">{falseAlarmText(stat)}</p>}
                    {manage && <StopButton id={activation.id} label={rule?.label ?? activation.rule} camera={cameraName(cameraId)} onStopped={load} />}
                  </article>
                );
              })}
          </div>
        ))}
        <StoppedList governance={governance} bases={bases} cameraName={cameraName} />
      </section>
      {manage && governance !== null && (
        <ActivationForm
          cameras={cameras}
          catalogue={governance.catalogue}
          extendedProfile={governance.extendedProfile}
          bases={bases.filter((b) => basisValidAt(b, now))}
          masksStill={can(user, 'mask.manage')}
          onSaved={load}
        />
      )}
    </main>
  );
}

function StoppedList(props: { readonly governance: Governance | null; readonly bases: readonly LegalBasis[]; readonly cameraName: (id: string) => string }) {
  const stopped = props.governance?.activations.filter((a) => a.state === 'stopped') ?? [];
  if (stopped.length === 0) return null;
  return (
    <details className="analytics-stopped">
      <summary>Règles arrêtées ({stopped.length})</summary>
      <ul>
        {stopped.map((a) => (
          <li key={a.id} data-testid="stopped-activation">
            {props.governance?.catalogue.find((r) => r.rule === a.rule)?.label ?? a.rule} — {props.cameraName(a.cameraId)} — À l’arrêt :{' '}
            {stoppedReason(
              a,
              props.bases.find((b) => b.id === a.legalBasisId),
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

function StopButton(props: { readonly id: string; readonly label: string; readonly camera: string; readonly onStopped: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stop = async (): Promise<void> => {
    try {
      await apiPost(`/api/analytics/activations/${encodeURIComponent(props.id)}/stop`);
      await props.onStopped();
    } catch (e) {
      setError(analyticsErrorMessage(e));
    }
  };
  return (
    <div className="estate-row">
      {confirming ? (
        <>
          <span>
            Arrêter « {props.label} » sur {props.camera} ? Aucune alerte ne sera plus levée par cette règle.
          </span>
          <button type="button" className="danger" onClick={() => void stop()}>
            Confirmer l’arrêt
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Annuler
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Arrêter la règle
        </button>
      )}
      {error !== null && (
        <p className="estate-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function BasisForm({ onSaved }: { readonly onSaved: () => Promise<void> }) {
  const [message, setMessage] = useState<{ readonly ok: boolean; readonly text: string } | null>(null);
  const submit = async (event: React.FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const validFrom = parseFrenchDateTime(text('validFrom'), '00:00');
    // The basis is valid through its last day.
    const validTo = parseFrenchDateTime(text('validTo'), '23:59:59');
    if (Number.isNaN(validFrom) || Number.isNaN(validTo)) return setMessage({ ok: false, text: 'Dates au format JJ/MM/AAAA.' });
    try {
      await apiPost('/api/analytics/legal-bases', {
        authority: text('authority'),
        reference: text('reference'),
        ...(text('note') === '' ? {} : { note: text('note') }),
        validFrom,
        validTo: validTo + 1000,
      });
      form.reset();
      setMessage({ ok: true, text: 'Base légale enregistrée.' });
      await onSaved();
    } catch (error) {
      setMessage({ ok: false, text: analyticsErrorMessage(error) });
    }
  };
  return (
    <form className="analytics-form" onSubmit={(e) => void submit(e)} data-testid="basis-form">
      <h3>Enregistrer une base légale</h3>
      <label>
        Autorité
        <input name="authority" required placeholder="Préfet des Bouches-du-Rhône" />
      </label>
      <label>
        Référence de l’acte
        <input name="reference" required placeholder="Arrêté n° 2026-123" />
      </label>
      <label>
        Valable du (JJ/MM/AAAA)
        <input name="validFrom" required inputMode="numeric" />
      </label>
      <label>
        au (JJ/MM/AAAA, inclus)
        <input name="validTo" required inputMode="numeric" />
      </label>
      <label>
        Note
        <input name="note" />
      </label>
      <button type="submit" className="primary">
        Enregistrer la base légale
      </button>
      {message !== null && (
        <p className={message.ok ? 'estate-ok' : 'estate-error'} role={message.ok ? 'status' : 'alert'} data-testid="basis-message">
          {message.text}
        </p>
      )}
    </form>
  );
}
