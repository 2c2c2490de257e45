// « Stockage » (room lead, administrator, auditor): disk use per volume and per commune, the days of footage
// each camera actually keeps against its retention, when each volume fills at today's rate, and the cameras
// recording less than their retention (GET /api/storage, refreshed every minute).
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { EmptyState } from '../ui/empty-state.js';
import { frenchBytes, frenchDays, frenchInstant, noticeText, type StorageNoticeShape } from './retention-format.js';
import { RetentionTabs } from './retention-tabs.js';
import { useApiData } from './use-api-data.js';

interface StorageReport {
  readonly atMs: number;
  readonly volumes: ReadonlyArray<{
    readonly root: string;
    readonly capacityBytes: number;
    readonly freeBytes: number;
    readonly footageBytes: number;
    readonly bytesPerDay: number;
    readonly bytesAtFullRetention: number;
    readonly fullInDays: number | null;
    readonly fullAtMs: number | null;
    readonly nearFull: boolean;
  }>;
  readonly communes: ReadonlyArray<{ readonly insee: string; readonly name: string; readonly cameras: number; readonly bytes: number; readonly bytesPerDay: number }>;
  readonly cameras: ReadonlyArray<{
    readonly cameraId: string;
    readonly name: string;
    readonly communeName: string;
    readonly retentionDays: number;
    readonly daysAvailable: number;
    readonly bytes: number;
    readonly bytesPerDay: number;
    readonly underRetention: string | null;
  }>;
  readonly notices: readonly StorageNoticeShape[];
}

const UNDER: Readonly<Record<string, string>> = { 'disk-full': 'Images détruites faute de place', forecast: 'Disque plein avant la fin de la durée' };

export function StoragePage() {
  const user = useUser();
  if (!can(user, 'retention.read')) return <EmptyState title="Stockage : accès réservé">L’état du stockage est réservé aux chefs de salle, administrateurs et auditeurs.</EmptyState>;
  return <StorageView />;
}

function StorageView() {
  const report = useApiData<StorageReport>('/api/storage', 'Lecture de l’état du stockage', 60_000);
  const data = report.data;
  const under = data?.cameras.filter((camera) => camera.underRetention !== null) ?? [];
  return (
    <div className="rl-page" data-testid="storage-page">
      <RetentionTabs />
      <div className="rl-head">
        <h1>Stockage</h1>
        {data !== null && <span className="muted">État au {frenchInstant(data.atMs)} (mis à jour chaque minute)</span>}
      </div>
      {report.error !== null && (
        <p className="form-error" role="alert">
          {report.error}
        </p>
      )}
      {data === null ? (
        <p className="muted">Lecture de l’état du stockage…</p>
      ) : (
        <>
          {data.notices.length > 0 && (
            <div role="alert" data-testid="storage-alerts">
              {data.notices.map((notice) => (
                <p key={`${notice.kind}${notice.volume ?? notice.cameraName ?? ''}`} className="form-error" style={{ marginBottom: 4 }}>
                  {noticeText(notice)}
                </p>
              ))}
            </div>
          )}
          {data.volumes.length > 0 && (
            <>
              <h2>Volumes</h2>
              <div className="rl-cards">
                {data.volumes.map((volume) => {
                  const used = volume.capacityBytes > 0 ? 1 - volume.freeBytes / volume.capacityBytes : 0;
                  return (
                    <div key={volume.root} className={`rl-card${volume.nearFull ? ' bad' : ''}`} data-volume={volume.root}>
                      <strong>{volume.root}</strong>
                      <div className={`rl-bar${volume.nearFull ? ' bad' : ''}`} title={`${Math.round(used * 100)} % occupé`}>
                        <span style={{ width: `${Math.min(100, used * 100).toFixed(1)}%` }} />
                      </div>
                      <span>
                        {frenchBytes(volume.freeBytes)} libres sur {frenchBytes(volume.capacityBytes)} — images : {frenchBytes(volume.footageBytes)}
                      </span>
                      <span className="muted">Écriture actuelle : {frenchBytes(volume.bytesPerDay)} par jour</span>
                      <span data-testid="forecast">
                        {volume.fullAtMs === null || volume.fullInDays === null
                          ? 'Aucune écriture en cours : pas de remplissage prévu.'
                          : `Au rythme d’aujourd’hui, plein dans ${frenchDays(volume.fullInDays)} (vers le ${frenchInstant(volume.fullAtMs)}), purges mises à part.`}
                      </span>
                      <span className="muted">
                        À durée de conservation complète : {frenchBytes(volume.bytesAtFullRetention)} nécessaires
                        {volume.bytesAtFullRetention > volume.footageBytes + volume.freeBytes ? ' — plus que le disque ne peut contenir.' : '.'}
                      </span>
                    </div>
                  );
                })}
              </div>
            </>
          )}
          <h2>Par commune</h2>
          <table className="rl-table" aria-label="Stockage par commune">
            <thead>
              <tr>
                <th>Commune</th>
                <th className="num">Caméras</th>
                <th className="num">Images conservées</th>
                <th className="num">Par jour</th>
              </tr>
            </thead>
            <tbody>
              {data.communes.map((commune) => (
                <tr key={commune.insee} data-commune={commune.insee}>
                  <td>
                    {commune.name} <span className="muted">({commune.insee})</span>
                  </td>
                  <td className="num">{commune.cameras}</td>
                  <td className="num">{frenchBytes(commune.bytes)}</td>
                  <td className="num">{frenchBytes(commune.bytesPerDay)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Conservation par caméra — {under.length === 0 ? 'aucune sous sa durée' : `${under.length} sous leur durée, en tête de liste`}</h2>
          {under.length === 0 ? <p className="muted">Toutes les caméras conservent leur durée prévue (ou enregistrent depuis moins longtemps).</p> : null}
          <table className="rl-table" aria-label="Conservation par caméra">
            <thead>
              <tr>
                <th>Caméra</th>
                <th>Commune</th>
                <th className="num">Images disponibles</th>
                <th className="num">Durée prévue</th>
                <th className="num">Volume</th>
                <th>État</th>
              </tr>
            </thead>
            <tbody>
              {data.cameras.map((camera) => (
                <tr key={camera.cameraId} data-camera-id={camera.cameraId} className={camera.underRetention !== null ? 'alert' : ''}>
                  <td>{camera.name}</td>
                  <td>{camera.communeName}</td>
                  <td className="num">{frenchDays(camera.daysAvailable)}</td>
                  <td className="num">{camera.retentionDays} jours</td>
                  <td className="num">{frenchBytes(camera.bytes)}</td>
                  <td>
                    {camera.underRetention !== null ? (
                      <span className="rl-badge bad">{UNDER[camera.underRetention] ?? 'Sous sa durée de conservation'}</span>
                    ) : camera.daysAvailable + 1 / 24 >= camera.retentionDays ? (
                      <span className="rl-badge ok">Durée tenue</span>
                    ) : (
                      <span className="rl-badge">En cours de constitution</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
