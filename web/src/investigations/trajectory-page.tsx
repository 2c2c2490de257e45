// « Trajectoires » of a requisition: following a vehicle or person from camera to camera. A starting sighting
// (camera, instant, box — given by a forensic search result or playback in the link, or typed) starts a
// trajectory; from its last sighting the server proposes the next cameras, their time windows and the candidate
// detections of the same class and colours; the investigator confirms one, and the chain grows on the map. The
// room lead exports it with its clips as one signed package. Dates JJ/MM/AAAA, 24 h, Paris time.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/api-error.js';
import { apiGet, apiPost, apiRequest } from '../api/client.js';
import { can, type RequisitionView, type TopologyView, type TrajectoryCandidateView, type TrajectoryProposalView, type TrajectoryView } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { TerritoryMap, type MapCamera, type MapLine } from '../map/territory-map.js';
import { useMapData } from '../map/use-map-data.js';
import { formatParisTime, parisDateFr, parseFrenchDateTime } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { SEARCH_CLASSES } from './search-model.js';
import { requisitionErrorMessage } from './requisition-errors.js';
import './trajectory.css';

/** The refusals the trajectory routes write in French (docs/errors.md, section investigations). */
const TRAJECTORY_CODE = /^VIGIE_(TRAJECTORY|TOPOLOGY)_[A-Z_]+$/;

export function trajectoryErrorMessage(error: unknown): string {
  if (error instanceof ApiError && TRAJECTORY_CODE.test(error.code) && error.message !== '') return error.message;
  return requisitionErrorMessage(error);
}

const when = (ms: number): string => `${parisDateFr(ms)} ${formatParisTime(ms)}`;
const classLabel = (name: string): string => SEARCH_CLASSES.find((c) => c.value === name)?.label ?? (name === 'inconnue' ? 'objet non reconnu' : name);
const duration = (s: number): string => (s < 90 ? `${s} s` : `${Math.round(s / 60)} min`);

interface StartSighting {
  readonly cameraId: string;
  readonly date: string;
  readonly time: string;
  /** Box in percent of the picture. */
  readonly box: { x: string; y: string; w: string; h: string };
  readonly detectionId: string;
}

/** A start given in the link (?camera=&at=&x=&y=&w=&h=&detection=, box normalised 0…1), e.g. from a search result. */
function startFromLink(params: URLSearchParams, cameraIds: readonly string[]): StartSighting {
  const at = Number(params.get('at'));
  const pct = (name: string, fallback: number): string => String(Math.round(Number(params.get(name) ?? fallback) * 1000) / 10);
  return {
    cameraId: params.get('camera') ?? cameraIds[0] ?? '',
    date: Number.isFinite(at) && at > 0 ? parisDateFr(at) : '',
    time: Number.isFinite(at) && at > 0 ? formatParisTime(at) : '',
    box: { x: pct('x', 0), y: pct('y', 0), w: pct('w', 1), h: pct('h', 1) },
    detectionId: params.get('detection') ?? '',
  };
}

export function TrajectoryPage() {
  const user = useUser();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const [requisition, setRequisition] = useState<RequisitionView | null>(null);
  const [trajectories, setTrajectories] = useState<readonly TrajectoryView[] | null>(null);
  const [topology, setTopology] = useState<TopologyView | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const map = useMapData(can(user, 'territory.read'));

  const reload = useCallback(() => {
    apiGet(`/api/requisitions/${encodeURIComponent(id)}`).then(
      (answer) => setRequisition(answer as RequisitionView),
      (failure: unknown) => setProblem(trajectoryErrorMessage(failure)),
    );
    apiGet(`/api/requisitions/${encodeURIComponent(id)}/trajectories`).then(
      (answer) => {
        const list = answer as TrajectoryView[];
        setTrajectories(list);
        setSelectedId((current) => current ?? list[0]?.id ?? null);
      },
      (failure: unknown) => setProblem(trajectoryErrorMessage(failure)),
    );
    if (can(user, 'topology.read')) {
      apiGet('/api/topology').then(
        (answer) => setTopology(answer as TopologyView),
        () => setTopology({ cameras: [], links: [] }),
      );
    }
  }, [id, user]);
  useEffect(reload, [reload]);

  if (!can(user, 'requisition.read')) {
    return <EmptyState title="Trajectoires : accès réservé">Cette page est réservée aux enquêteurs (leurs réquisitions), aux chefs de salle et aux auditeurs.</EmptyState>;
  }
  const selected = trajectories?.find((t) => t.id === selectedId) ?? null;
  const follows = can(user, 'trajectory.follow');
  const inForce = requisition !== null && ['validated', 'extracted', 'handed-over'].includes(requisition.state) && requisition.scopeUntilMs !== null && requisition.scopeUntilMs > Date.now();
  return (
    <div className="trajectory-page">
      <p>
        <Link to="/requisitions">← Réquisitions</Link>
      </p>
      <h1>Trajectoires — réquisition {requisition?.reference ?? '…'}</h1>
      {problem !== null && <p role="alert">{problem}</p>}
      {requisition === null && problem === null && <p>Lecture de la réquisition…</p>}
      {requisition !== null && !inForce && (
        <p className="trajectory-note">Cette réquisition n’accorde aucun accès en ce moment (pas encore validée, clôturée ou échue) : les trajectoires se consultent, sans nouvelle observation.</p>
      )}
      {requisition !== null && (
        <div className="trajectory-layout">
          <section className="trajectory-side" aria-label="Trajectoires de la réquisition">
            {trajectories !== null && trajectories.length > 0 && (
              <label>
                Trajectoire{' '}
                <select value={selectedId ?? ''} onChange={(e) => setSelectedId(e.target.value)}>
                  {trajectories.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.title} ({t.sightings.length} observation{t.sightings.length > 1 ? 's' : ''})
                    </option>
                  ))}
                </select>
              </label>
            )}
            {trajectories !== null && trajectories.length === 0 && <p>Aucune trajectoire pour cette réquisition.</p>}
            {selected !== null && <Chain trajectory={selected} reviewer={can(user, 'requisition.review')} follows={follows && inForce} onChanged={reload} />}
            {follows && inForce && (
              <StartForm
                requisition={requisition}
                names={new Map((topology?.cameras ?? []).map((c) => [c.id, c.name]))}
                initial={startFromLink(params, requisition.cameraIds)}
                onCreated={(created) => {
                  setSelectedId(created.id);
                  reload();
                }}
              />
            )}
          </section>
          <section className="trajectory-main" aria-label="Carte et suite proposée">
            <TrajectoryMap requisition={requisition} trajectory={selected} topology={topology} outlines={map.outlines} settings={map.settings} />
            {selected !== null && follows && inForce && selected.sightings.length > 0 && <Proposals requisitionId={requisition.id} trajectory={selected} onChanged={reload} />}
          </section>
        </div>
      )}
    </div>
  );
}

function TrajectoryMap({
  requisition,
  trajectory,
  topology,
  outlines,
  settings,
}: {
  readonly requisition: RequisitionView;
  readonly trajectory: TrajectoryView | null;
  readonly topology: TopologyView | null;
  readonly outlines: Parameters<typeof TerritoryMap>[0]['outlines'];
  readonly settings: Parameters<typeof TerritoryMap>[0]['settings'];
}) {
  const known = useMemo(() => new Map((topology?.cameras ?? []).map((c) => [c.id, c])), [topology]);
  const cameras: MapCamera[] = useMemo(() => {
    const placed = new Map<string, MapCamera>();
    const put = (id: string, name: string, commune: string, lat: number, lon: number, fieldOfView: MapCamera['fieldOfView']) =>
      placed.set(id, { id, name, commune, communeName: commune, state: 'unknown', recording: null, lat, lon, fieldOfView, sensitive: false, watched: false });
    for (const id of requisition.cameraIds) {
      const camera = known.get(id);
      if (camera !== undefined) put(id, camera.name, camera.communeInsee, camera.position.lat, camera.position.lon, camera.fieldOfView);
    }
    for (const s of trajectory?.sightings ?? []) if (!placed.has(s.cameraId)) put(s.cameraId, s.cameraName, '', s.position.lat, s.position.lon, null);
    return [...placed.values()];
  }, [requisition, trajectory, known]);
  const lines: MapLine[] = useMemo(() => {
    const inRequisition = new Set(requisition.cameraIds);
    const links: MapLine[] = (topology?.links ?? [])
      .filter((link) => inRequisition.has(link.fromCameraId) && inRequisition.has(link.toCameraId))
      .flatMap((link) => {
        const from = known.get(link.fromCameraId);
        const to = known.get(link.toCameraId);
        if (from === undefined || to === undefined) return [];
        return [{ id: `${link.fromCameraId}>${link.toCameraId}`, kind: 'link' as const, points: [from.position, to.position], title: `${from.name} → ${to.name}` }];
      });
    const chain: MapLine[] =
      trajectory === null || trajectory.sightings.length === 0 ? [] : [{ id: trajectory.id, kind: 'trajectory', points: trajectory.sightings.map((s) => s.position), title: trajectory.title }];
    return [...links, ...chain];
  }, [requisition, trajectory, topology, known]);
  return (
    <div className="trajectory-map" data-testid="trajectory-chain" data-sightings={trajectory?.sightings.length ?? 0}>
      <TerritoryMap outlines={outlines} lines={lines} cameras={cameras} settings={settings} selectedId={null} focusCommune={null} mayOpen={false} onOpen={() => undefined} />
      <p className="trajectory-legend">
        <span className="legend-chain" /> trajectoire, numérotée dans l’ordre des observations <span className="legend-link" /> caméras voisines (topologie)
      </p>
    </div>
  );
}

function Chain({ trajectory, reviewer, follows, onChanged }: { readonly trajectory: TrajectoryView; readonly reviewer: boolean; readonly follows: boolean; readonly onChanged: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = (method: 'POST' | 'DELETE', path: string, done: string) => {
    setBusy(true);
    setMessage(null);
    apiRequest(method, path).then(
      () => {
        setBusy(false);
        setMessage(done);
        onChanged();
      },
      (failure: unknown) => {
        setBusy(false);
        setMessage(trajectoryErrorMessage(failure));
      },
    );
  };
  const count = trajectory.sightings.length;
  return (
    <div className="trajectory-chain">
      <h2>{trajectory.title}</h2>
      <p>
        {classLabel(trajectory.className)}
        {trajectory.colours.length > 0 ? `, ${trajectory.colours.join(', ')}` : ''} — {count} observation{count > 1 ? 's' : ''}, suivie par {trajectory.createdBy}.
      </p>
      <ol aria-label="Observations de la trajectoire">
        {trajectory.sightings.map((s) => (
          <li key={s.seq}>
            <strong>{s.seq}.</strong> {s.cameraName} — {when(s.atMs)} <a href={`/relecture?cameras=${encodeURIComponent(s.cameraId)}&at=${s.atMs - 4000}`}>revoir</a>
          </li>
        ))}
      </ol>
      {trajectory.exportId !== null && (
        <p className="trajectory-exported">
          Exportée le {when(trajectory.exportedAt ?? 0)} par {trajectory.exportedBy} : paquet signé <code>{trajectory.exportId}</code>, un extrait autour de chaque observation ; il se vérifie avec{' '}
          <code>vigie export verify</code>. <Link to={`/exports?export=${trajectory.exportId}`}>Vérifier le paquet</Link>
        </p>
      )}
      <div className="trajectory-actions">
        {follows && count > 0 && (
          <button type="button" className="ghost" disabled={busy} onClick={() => act('DELETE', `/api/trajectories/${trajectory.id}/sightings/last`, 'Dernière observation retirée.')}>
            Retirer la dernière observation
          </button>
        )}
        {reviewer && (
          <button type="button" disabled={busy} onClick={() => act('POST', `/api/trajectories/${trajectory.id}/export`, 'Paquet signé construit.')}>
            {busy ? 'Construction du paquet…' : 'Exporter la trajectoire (paquet signé)'}
          </button>
        )}
      </div>
      {message !== null && <p role="status">{message}</p>}
    </div>
  );
}

function Proposals({ requisitionId, trajectory, onChanged }: { readonly requisitionId: string; readonly trajectory: TrajectoryView; readonly onChanged: () => void }) {
  const last = trajectory.sightings[trajectory.sightings.length - 1];
  const [proposal, setProposal] = useState<TrajectoryProposalView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (last === undefined) return;
    let cancelled = false;
    setProposal(null);
    setProblem(null);
    const sighting = { cameraId: last.cameraId, atMs: last.atMs, box: last.box, ...(last.detectionId === undefined ? {} : { detectionId: last.detectionId }) };
    apiPost(`/api/requisitions/${encodeURIComponent(requisitionId)}/trajectory-proposals`, { sighting }).then(
      (answer) => !cancelled && setProposal(answer as TrajectoryProposalView),
      (failure: unknown) => !cancelled && setProblem(trajectoryErrorMessage(failure)),
    );
    return () => {
      cancelled = true;
    };
  }, [requisitionId, last]);
  const confirm = (candidate: TrajectoryCandidateView) => {
    setBusy(true);
    apiPost(`/api/trajectories/${trajectory.id}/sightings`, { cameraId: candidate.cameraId, atMs: candidate.atMs, box: candidate.box, detectionId: candidate.detectionId }).then(
      () => {
        setBusy(false);
        onChanged();
      },
      (failure: unknown) => {
        setBusy(false);
        setProblem(trajectoryErrorMessage(failure));
      },
    );
  };
  if (last === undefined) return null;
  return (
    <section className="trajectory-proposals" aria-label="Suite proposée">
      <h2>Suite proposée depuis l’observation {last.seq}</h2>
      {problem !== null && <p role="alert">{problem}</p>}
      {proposal === null && problem === null && <p>Recherche des caméras voisines et des détections candidates…</p>}
      {proposal !== null && proposal.next.length === 0 && <p>Aucune caméra voisine n’est connue pour {last.cameraName} : la topologie se complète sur la page « Topologie ».</p>}
      {proposal?.next.map((next) => (
        <article key={`${next.cameraId}-${next.direction}`} className={`trajectory-next${next.matchesExit ? ' towards' : ''}`} aria-label={`Caméra suivante ${next.cameraName}`}>
          <h3>
            {next.cameraName} — sortie vers {/^[eo]/.test(next.directionName) ? 'l’' : 'le '}
            {next.directionName}
            {next.matchesExit ? ' (direction prise)' : ''}
          </h3>
          <p>
            Trajet {next.travel.mode === 'drive' ? 'en véhicule' : 'à pied'} : {duration(next.travel.minS)} à {duration(next.travel.maxS)}.{' '}
            {next.outside === 'camera'
              ? 'Caméra hors de la réquisition : aucune image à consulter (une nouvelle réquisition peut la demander).'
              : next.window === null
                ? 'Le passage attendu tombe hors de la période de la réquisition : aucune image à consulter.'
                : `Fenêtre : ${when(next.window.fromMs)} – ${formatParisTime(next.window.toMs)}.`}
          </p>
          {next.inScope && next.candidates.length === 0 && <p>Aucune détection de même classe et de mêmes couleurs dans cette fenêtre.</p>}
          {next.candidates.length > 0 && (
            <ul className="trajectory-candidates">
              {next.candidates.map((c) => (
                <li key={c.detectionId}>
                  {classLabel(c.className)}
                  {c.colours.length > 0 ? ` ${c.colours.join(', ')}` : ''} à {formatParisTime(c.atMs)} — confiance {Math.round(c.confidence * 100)} %, couleurs {Math.round(c.colourMatch * 100)} %{' '}
                  <a href={`/relecture?cameras=${encodeURIComponent(c.cameraId)}&at=${c.atMs - 3000}`}>voir</a>{' '}
                  <button type="button" className="small" disabled={busy} onClick={() => confirm(c)}>
                    Confirmer
                  </button>
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </section>
  );
}

function StartForm({
  requisition,
  names,
  initial,
  onCreated,
}: {
  readonly requisition: RequisitionView;
  readonly names: ReadonlyMap<string, string>;
  readonly initial: StartSighting;
  readonly onCreated: (created: TrajectoryView) => void;
}) {
  const [start, setStart] = useState<StartSighting>(initial);
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const atMs = parseFrenchDateTime(start.date, start.time);
    if (Number.isNaN(atMs)) {
      setMessage('Instant au format JJ/MM/AAAA et HH:MM:SS (24 h, heure de Paris).');
      return;
    }
    const box = { x: Number(start.box.x) / 100, y: Number(start.box.y) / 100, w: Number(start.box.w) / 100, h: Number(start.box.h) / 100 };
    const detectionId = start.detectionId.trim() === '' ? undefined : Number(start.detectionId);
    apiPost(`/api/requisitions/${encodeURIComponent(requisition.id)}/trajectories`, {
      ...(title.trim() === '' ? {} : { title }),
      sightings: [{ cameraId: start.cameraId, atMs, box, ...(detectionId === undefined ? {} : { detectionId }) }],
    }).then(
      (created) => {
        setMessage(null);
        onCreated(created as TrajectoryView);
      },
      (failure: unknown) => setMessage(trajectoryErrorMessage(failure)),
    );
  };
  const setBox = (key: keyof StartSighting['box'], value: string) => setStart({ ...start, box: { ...start.box, [key]: value } });
  return (
    <form className="trajectory-start" aria-label="Nouvelle trajectoire" onSubmit={submit}>
      <h2>Nouvelle trajectoire</h2>
      <p className="trajectory-note">Point de départ : une observation (résultat de recherche, détection repérée en relecture) — caméra, instant, cadre sur l’image en %.</p>
      <label>
        Titre <input value={title} maxLength={200} placeholder="Ex. : véhicule blanc, suspect au blouson bleu" onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        Caméra{' '}
        <select value={start.cameraId} onChange={(e) => setStart({ ...start, cameraId: e.target.value })}>
          {requisition.cameraIds.map((cameraId) => (
            <option key={cameraId} value={cameraId}>
              {names.get(cameraId) ?? cameraId}
            </option>
          ))}
        </select>
      </label>
      <label>
        Le (JJ/MM/AAAA) <input value={start.date} onChange={(e) => setStart({ ...start, date: e.target.value })} />
      </label>
      <label>
        à (HH:MM:SS) <input value={start.time} onChange={(e) => setStart({ ...start, time: e.target.value })} />
      </label>
      <fieldset>
        <legend>Cadre (% de l’image)</legend>
        {(['x', 'y', 'w', 'h'] as const).map((key) => (
          <label key={key}>
            {{ x: 'gauche', y: 'haut', w: 'largeur', h: 'hauteur' }[key]} <input inputMode="decimal" size={5} value={start.box[key]} onChange={(e) => setBox(key, e.target.value)} />
          </label>
        ))}
      </fieldset>
      <button type="submit">Commencer la trajectoire</button>
      {message !== null && <p role="alert">{message}</p>}
    </form>
  );
}
