// « Santé du système » (room leads, administrators): cameras offline or degraded with since when and why, the
// recording gaps of the last 24 hours, the server's load — refreshed by itself — and the way to the storage page.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { apiGet } from '../api/client.js';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { formatParisDateTime } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { readCameraHealth, readRecordingGaps, readServerHealth, type RecordingGap, type ServerHealth } from './health-contracts.js';
import '../registers/registers.css';
import './health.css';

const REFRESH_MS = 5_000;

/** What went wrong with a camera link, for an operator (the server's own text is never shown). */
const LINK_ERRORS: Readonly<Record<string, string>> = {
  'auth-rejected': 'identifiants refusés par la caméra',
  refused: 'connexion refusée par la caméra',
  timeout: 'la caméra ne répond pas',
  garbage: 'flux illisible reçu de la caméra',
  'not-found': 'flux introuvable à l’adresse configurée',
  unsupported: 'format de flux non pris en charge',
  'closed-by-camera': 'connexion fermée par la caméra',
  error: 'erreur de liaison',
};
const STATES: Readonly<Record<string, string>> = { offline: 'Hors ligne', degraded: 'Dégradée' };
const GAP_CAUSES: Readonly<Record<string, string>> = {
  'camera-offline': 'caméra hors ligne',
  'storage-error': 'erreur de stockage',
  restart: 'redémarrage du serveur',
  'recording-stopped': 'enregistrement arrêté',
};

/** Reads `path` now and every `everyMs` (nothing when it is null), keeping the last good answer. */
function usePolled<T>(path: string | null, read: (payload: unknown) => T, everyMs: number): { readonly value: T | null; readonly failed: boolean } {
  const [value, setValue] = useState<T | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (path === null) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const load = async (): Promise<void> => {
      try {
        const payload = await apiGet(path);
        if (!live) return;
        setValue(read(payload));
        setFailed(false);
      } catch {
        if (live) setFailed(true);
      }
      if (live) timer = setTimeout(() => void load(), everyMs);
    };
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [path, read, everyMs]);
  return { value, failed };
}

function bytes(value: number): string {
  return `${(value / 1024 ** 3).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Gio`;
}

function duration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  return days > 0 ? `${days} j ${hours} h` : `${hours} h ${String(minutes).padStart(2, '0')} min`;
}

export function HealthPage() {
  const user = useUser();
  if (!can(user, 'health.read')) {
    return <EmptyState title="Santé du système : accès réservé">La santé du système est réservée aux chefs de salle et aux administrateurs.</EmptyState>;
  }
  return <HealthView readsRecording={can(user, 'recording.read')} />;
}

function HealthView({ readsRecording }: { readonly readsRecording: boolean }) {
  const inventory = useInventory();
  const cameras = usePolled('/api/health/cameras', readCameraHealth, REFRESH_MS);
  const gaps = usePolled(readsRecording ? '/api/recordings/gaps?hours=24' : null, readRecordingGaps, 30_000);
  const server = usePolled('/api/health/server', readServerHealth, REFRESH_MS);
  const name = (cameraId: string): string => {
    const camera = inventory.camera(cameraId);
    return camera === undefined ? cameraId : `${camera.name} — ${inventory.communeName(camera.commune)}`;
  };
  const down = (cameras.value ?? []).filter((line) => line.state === 'offline' || line.state === 'degraded');
  return (
    <div className="registers-page health-page">
      <div className="toolbar">
        <h1>Santé du système</h1>
        <span className="muted">mise à jour toutes les 5 secondes</span>
        <Link className="button" to="/stockage">
          Stockage
        </Link>
      </div>
      <ServerSection health={server.value} failed={server.failed} />
      <section className="register" aria-label="Caméras en défaut">
        <header>
          <h2>Caméras hors ligne ou dégradées</h2>
          <span className="muted">{cameras.value === null ? '' : `${down.length} sur ${cameras.value.length}`}</span>
        </header>
        {cameras.failed && cameras.value === null ? (
          <p className="form-error">L’état des caméras n’a pas pu être lu ; nouvel essai dans quelques secondes.</p>
        ) : cameras.value === null ? (
          <p className="muted">Lecture de l’état des caméras…</p>
        ) : down.length === 0 ? (
          <p className="register-inactive">Toutes les caméras sont en ligne.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Caméra</th>
                <th>État</th>
                <th>Dernière image</th>
                <th>Cause</th>
                <th>Reconnexions</th>
              </tr>
            </thead>
            <tbody>
              {down.map((line) => (
                <tr key={line.cameraId} data-camera-id={line.cameraId}>
                  <td>{name(line.cameraId)}</td>
                  <td className={`health-state ${line.state}`}>{STATES[line.state] ?? line.state}</td>
                  <td>{line.lastFrameAtMs === null ? 'aucune depuis le démarrage' : formatParisDateTime(line.lastFrameAtMs)}</td>
                  <td>{line.errorKind === null ? (line.state === 'degraded' ? 'images perdues ou irrégulières' : 'plus d’images reçues') : (LINK_ERRORS[line.errorKind] ?? LINK_ERRORS['error'])}</td>
                  <td>{line.reconnects}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {readsRecording && (
        <section className="register" aria-label="Interruptions d’enregistrement">
          <header>
            <h2>Interruptions d’enregistrement (24 dernières heures)</h2>
          </header>
          {gaps.value === null ? (
            <p className="muted">{gaps.failed ? 'Les interruptions n’ont pas pu être lues ; nouvel essai dans 30 secondes.' : 'Lecture des interruptions…'}</p>
          ) : gaps.value.length === 0 ? (
            <p className="register-inactive">Aucune interruption d’enregistrement sur les 24 dernières heures.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Caméra</th>
                  <th>Du</th>
                  <th>Au</th>
                  <th>Cause</th>
                </tr>
              </thead>
              <tbody>
                {gaps.value.map((gap: RecordingGap) => (
                  <tr key={`${gap.cameraId}-${gap.startMs}`}>
                    <td>{name(gap.cameraId)}</td>
                    <td>{formatParisDateTime(gap.startMs)}</td>
                    <td>{gap.endMs === null ? 'en cours' : formatParisDateTime(gap.endMs)}</td>
                    <td>{GAP_CAUSES[gap.cause] ?? gap.cause}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}

function ServerSection({ health, failed }: { readonly health: ServerHealth | null; readonly failed: boolean }) {
  if (health === null) return <p className={failed ? 'form-error' : 'muted'}>{failed ? 'Le serveur ne répond pas ; nouvel essai dans quelques secondes.' : 'Lecture de la charge du serveur…'}</p>;
  const [one, five, fifteen] = health.loadAverage;
  const busy = (five ?? 0) / Math.max(1, health.cpus);
  return (
    <section className="register health-server" aria-label="Serveur">
      <header>
        <h2>Serveur</h2>
        <span className={`health-state ${busy > 1.5 ? 'offline' : busy > 0.9 ? 'degraded' : 'online'}`}>{busy > 1.5 ? 'Surchargé' : busy > 0.9 ? 'Très chargé' : 'Normal'}</span>
      </header>
      <dl>
        <dt>Charge (1, 5, 15 min)</dt>
        <dd>
          {[one, five, fifteen].map((value) => (value ?? 0).toLocaleString('fr-FR', { maximumFractionDigits: 2 })).join(' · ')} pour {health.cpus} cœur(s)
        </dd>
        <dt>Mémoire libre</dt>
        <dd>
          {bytes(health.memory.freeBytes)} sur {bytes(health.memory.totalBytes)}
        </dd>
        <dt>Processus Vigie</dt>
        <dd>
          {bytes(health.process.rssBytes)} en mémoire, en service depuis {duration(health.process.uptimeSeconds)}
        </dd>
      </dl>
    </section>
  );
}
