// /alertes: the queue (priority first), the chosen alert with its still and boxes, its steps (prise en compte,
// traitement, appels de la liste, clôture avec verdict), the main courante with hand entries and the shift
// handover, and each rule's false-alarm rate. French, Paris time, JJ/MM/AAAA 24 h.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { apiGet, apiPost } from '../api/client.js';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { formatParisDateTime, formatParisTime } from '../time/paris.js';
import { alertErrorMessage, PRIORITY_LABELS, SERVICE_LABELS, STATE_LABELS, type Alert, type OplogEntry, type VerdictStat } from './alert-model.js';
import { AlertStill } from './alert-still.js';
import { useOpenAlerts } from './use-alerts.js';
import './alerts.css';

export function AlertsPage() {
  const user = useUser();
  const inventory = useInventory();
  const queue = useOpenAlerts(can(user, 'alert.read'));
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('alerte') ?? queue.alerts[0]?.id ?? null;
  const [selected, setSelected] = useState<Alert | null>(null);
  const [oplog, setOplog] = useState<readonly OplogEntry[]>([]);
  const [stats, setStats] = useState<readonly VerdictStat[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => {
    try {
      if (selectedId !== null) setSelected((await apiGet(`/api/alerts/${encodeURIComponent(selectedId)}`)) as Alert);
      if (can(user, 'oplog.read')) setOplog((await apiGet('/api/oplog')) as OplogEntry[]);
      setStats(((await apiGet('/api/alerts/stats')) as VerdictStat[]).filter((s) => s.cameraId === null));
    } catch (failure) {
      setError(alertErrorMessage(failure));
    }
  };
  // Read again whenever the queue changes (the push channel) or another alert is chosen.
  useEffect(() => {
    void refresh();
  }, [selectedId, queue.alerts]);

  const act = async (path: string, body?: unknown) => {
    setError(null);
    try {
      await apiPost(path, body);
      queue.reload();
      await refresh();
    } catch (failure) {
      setError(alertErrorMessage(failure));
      queue.reload();
    }
  };
  const cameraName = (id: string) => inventory.camera(id)?.name ?? id;

  return (
    <div className="alerts-page" data-testid="alerts-page">
      <section className="alerts-queue" aria-label="File des alertes">
        <h2>Alertes en cours {queue.live ? '' : '(hors ligne : la liste est relue toutes les 10 s)'}</h2>
        {queue.status === 'loading' && <p>Lecture des alertes…</p>}
        {queue.status === 'error' && <p className="alert-error">{queue.error}</p>}
        {queue.status === 'ready' && queue.alerts.length === 0 && <p>Aucune alerte en cours. Les alertes n’apparaissent que pour les règles d’analyse activées sous une base légale valide.</p>}
        <ul>
          {queue.alerts.map((a) => (
            <li key={a.id}>
              <button type="button" className={`alert-item priority-${a.priority}${a.id === selectedId ? ' selected' : ''}`} onClick={() => setParams({ alerte: a.id })} data-testid="alert-item">
                <strong>{a.ruleLabel}</strong> — {cameraName(a.cameraId)}
                <br />
                <small>
                  {PRIORITY_LABELS[a.priority]} · {STATE_LABELS[a.state]} · {formatParisDateTime(a.firstMs)}
                  {a.eventCount > 1 ? ` · ${a.eventCount} détections` : ''} · {a.handler === null ? 'non prise en charge' : `prise en charge par ${a.handler}`}
                </small>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <div className="alerts-side">
        {error !== null && <p className="alert-error">{error}</p>}
        {selected !== null && <AlertDetail alert={selected} cameraName={cameraName} act={act} mayHandle={can(user, 'alert.handle')} />}
        <section className="alerts-stats" aria-label="Taux de fausses alertes">
          <h2>Taux de fausses alertes par règle</h2>
          {stats.length === 0 ? (
            <p>Aucune alerte clôturée pour l’instant.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Règle</th>
                  <th>Clôturées</th>
                  <th>Fausses alertes</th>
                  <th>Taux</th>
                </tr>
              </thead>
              <tbody>
                {stats.map((s) => (
                  <tr key={s.rule} data-testid="alert-stat">
                    <td>{s.ruleLabel}</td>
                    <td>{s.closed}</td>
                    <td>{s.falseAlarms}</td>
                    <td>{s.falseAlarmRate === null ? '—' : `${Math.round(s.falseAlarmRate * 100)} %`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {can(user, 'oplog.read') && <Oplog entries={oplog} mayWrite={can(user, 'oplog.write')} act={act} />}
      </div>
    </div>
  );
}

function AlertDetail({
  alert,
  cameraName,
  act,
  mayHandle,
}: {
  readonly alert: Alert;
  readonly cameraName: (id: string) => string;
  readonly act: (path: string, body?: unknown) => Promise<void>;
  readonly mayHandle: boolean;
}) {
  const [service, setService] = useState(alert.checklist[0] ?? '17');
  const [answer, setAnswer] = useState('');
  const [verdict, setVerdict] = useState('');
  const [outcome, setOutcome] = useState('');
  useEffect(() => setService(alert.checklist[0] ?? '17'), [alert.id, alert.checklist]);
  const base = `/api/alerts/${encodeURIComponent(alert.id)}`;
  const called = new Set(alert.escalations.map((e) => e.service));
  const open = alert.state !== 'closed';
  return (
    <section className="alert-detail" aria-label="Alerte choisie" data-testid="alert-detail">
      <h2>
        {alert.ruleLabel} — {cameraName(alert.cameraId)}
      </h2>
      <p className="alert-meta">
        {STATE_LABELS[alert.state]} · {PRIORITY_LABELS[alert.priority]} · confiance {Math.round(alert.confidence * 100)} % · du {formatParisDateTime(alert.firstMs)} à {formatParisTime(alert.lastMs)}
        {alert.zoneId === null ? '' : ` · zone ${alert.zoneId}`}
        {alert.reaction === null ? '' : ` · ${alert.reaction}`}
      </p>
      <AlertStill alert={alert} />
      <p>
        <a href={`/relecture?cameras=${encodeURIComponent(alert.cameraId)}&at=${alert.firstMs - 10_000}`}>Revoir la séquence (10 s avant l’alerte)</a>
      </p>
      {mayHandle && open && (
        <div className="alert-actions">
          {alert.state === 'new' && (
            <button type="button" onClick={() => void act(`${base}/acknowledge`)}>
              Prendre en compte
            </button>
          )}
          {alert.state !== 'handling' && (
            <button type="button" onClick={() => void act(`${base}/handle`)}>
              Prendre en charge
            </button>
          )}
        </div>
      )}
      <h3>Appels à passer</h3>
      <ol className="alert-checklist">
        {alert.checklist.map((s) => (
          <li key={s} className={called.has(s) ? 'done' : ''}>
            {SERVICE_LABELS[s] ?? s} {called.has(s) ? '✔' : ''}
          </li>
        ))}
      </ol>
      {alert.escalations.length > 0 && (
        <ul data-testid="alert-escalations">
          {alert.escalations.map((e, i) => (
            <li key={i}>
              {formatParisDateTime(e.calledAt)} — {SERVICE_LABELS[e.service] ?? e.service} appelé par {e.calledBy}
              {e.answer === '' ? '' : ` : ${e.answer}`}
            </li>
          ))}
        </ul>
      )}
      {mayHandle && open && (
        <form
          className="alert-escalate"
          onSubmit={(event) => {
            event.preventDefault();
            void act(`${base}/escalate`, { service, answer }).then(() => setAnswer(''));
          }}
        >
          <label>
            Service appelé
            <select value={service} onChange={(event) => setService(event.target.value)} data-testid="escalate-service">
              {Object.entries(SERVICE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Réponse obtenue
            <input value={answer} onChange={(event) => setAnswer(event.target.value)} data-testid="escalate-answer" />
          </label>
          <button type="submit">Noter l’appel</button>
        </form>
      )}
      {mayHandle && open && (
        <form
          className="alert-close"
          onSubmit={(event) => {
            event.preventDefault();
            void act(`${base}/close`, { verdict: verdict === '' ? undefined : verdict, outcome });
          }}
        >
          <label>
            Verdict
            <select value={verdict} onChange={(event) => setVerdict(event.target.value)} data-testid="close-verdict">
              <option value="">— choisir —</option>
              <option value="true_alarm">Alerte fondée</option>
              <option value="false_alarm">Fausse alerte</option>
            </select>
          </label>
          <label>
            Suite donnée
            <input value={outcome} onChange={(event) => setOutcome(event.target.value)} data-testid="close-outcome" />
          </label>
          <button type="submit">Clôturer</button>
        </form>
      )}
      {!open && (
        <p>
          Clôturée : {alert.verdict === 'true_alarm' ? 'alerte fondée' : 'fausse alerte'} — {alert.outcome}
        </p>
      )}
    </section>
  );
}

function Oplog({ entries, mayWrite, act }: { readonly entries: readonly OplogEntry[]; readonly mayWrite: boolean; readonly act: (path: string, body?: unknown) => Promise<void> }) {
  const [text, setText] = useState('');
  return (
    <section className="alerts-oplog" aria-label="Main courante" data-testid="oplog">
      <h2>
        Main courante{' '}
        <a href="/api/oplog/handover" target="_blank" rel="noreferrer">
          Passation de service (à imprimer)
        </a>
      </h2>
      {mayWrite && (
        <form
          className="alert-actions"
          onSubmit={(event) => {
            event.preventDefault();
            void act('/api/oplog', { text }).then(() => setText(''));
          }}
        >
          <label>
            Nouvelle inscription
            <input value={text} onChange={(event) => setText(event.target.value)} size={60} data-testid="oplog-text" />
          </label>
          <button type="submit">Inscrire</button>
        </form>
      )}
      <ul>
        {entries.slice(0, 50).map((e) => (
          <li key={e.id} data-testid="oplog-entry">
            <span className="alert-meta">{formatParisDateTime(e.at)}</span> — {e.author ?? 'Vigie'} : {e.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
