// « Exports » (room lead): every export with who asked, when, for whom (reference and reason), its state while
// the package is built, the package's files to download, its manifest and the server's signature check
// (GET /api/exports/:id/verification: the manifest's Ed25519 signature and every SHA-256).
import { useSearchParams } from 'react-router-dom';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { EmptyState } from '../ui/empty-state.js';
import { EXPORT_STATES, frenchBytes, frenchInstant } from './retention-format.js';
import { RetentionTabs } from './retention-tabs.js';
import { useApiData } from './use-api-data.js';

export interface ExportView {
  readonly id: string;
  readonly camera_id: string;
  readonly from_ms: number;
  readonly to_ms: number;
  readonly requested_by: string;
  readonly reason: string;
  readonly reference: string;
  readonly status: string;
  readonly bytes: number | null;
  readonly created_at: number;
  readonly finished_at: number | null;
}

interface Verification {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly manifest: {
    readonly exportId: string;
    readonly createdAt: string;
    readonly vigieVersion: string;
    readonly camera: { readonly id: string; readonly name: string; readonly commune: string; readonly communeInsee: string; readonly lat: number; readonly lon: number };
    readonly video: { readonly startMs: number; readonly endMs: number; readonly frames: number };
    readonly requester: string;
    readonly reason: string;
    readonly reference: string;
    readonly files: ReadonlyArray<{ readonly name: string; readonly bytes: number; readonly sha256: string }>;
  } | null;
}

const FILE_LABELS: Readonly<Record<string, string>> = {
  'video.mp4': 'Vidéo (MP4, sans ré-encodage)',
  'player.html': 'Lecteur hors ligne',
  'README.txt': 'Notice de vérification',
  'manifest.json': 'Manifeste',
  'manifest.sig': 'Signature du manifeste',
  'signing-key.pem': 'Clé publique de Vigie',
  SHA256SUMS: 'Empreintes SHA-256',
};

export function ExportsPage() {
  const user = useUser();
  if (!can(user, 'video.export')) return <EmptyState title="Exports : accès réservé">Les exports d’images sont faits par le chef de salle. Votre rôle n’y donne pas accès.</EmptyState>;
  return <ExportsView />;
}

function ExportsView() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('export');
  const list = useApiData<ExportView[]>('/api/exports', 'Lecture des exports', 3000);
  const inventory = useInventory();
  return (
    <div className="rl-page" data-testid="exports-page">
      <RetentionTabs />
      <div className="rl-head">
        <h1>Exports</h1>
        <span className="muted">Un export se demande depuis la relecture (bouton « Exporter cette période »).</span>
      </div>
      {list.error !== null && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      <div className="rl-body">
        <div style={{ flex: 1, minWidth: 0 }}>
          {list.data === null ? (
            <p className="muted">Lecture des exports…</p>
          ) : list.data.length === 0 ? (
            <p className="muted">Aucun export pour l’instant.</p>
          ) : (
            <table className="rl-table" aria-label="Exports">
              <thead>
                <tr>
                  <th>Caméra</th>
                  <th>Période</th>
                  <th>Demandé par</th>
                  <th>Pour (référence, motif)</th>
                  <th>État</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((view) => (
                  <tr key={view.id} data-export-id={view.id} className={view.id === selected ? 'selected' : ''} onClick={() => setParams({ export: view.id })} style={{ cursor: 'pointer' }}>
                    <td>{inventory.camera(view.camera_id)?.name ?? view.camera_id}</td>
                    <td>
                      du {frenchInstant(view.from_ms)}
                      <br />
                      au {frenchInstant(view.to_ms)}
                    </td>
                    <td>
                      {view.requested_by}
                      <br />
                      <span className="muted">le {frenchInstant(view.created_at)}</span>
                    </td>
                    <td>
                      {view.reference}
                      <br />
                      <span className="muted">{view.reason}</span>
                    </td>
                    <td>
                      <StateBadge status={view.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {selected !== null && <ExportDetail id={selected} />}
      </div>
    </div>
  );
}

function StateBadge({ status }: { readonly status: string }) {
  return (
    <span className={`rl-badge ${status === 'done' ? 'ok' : status === 'failed' ? 'bad' : 'warn'}`} data-state={status}>
      {EXPORT_STATES[status] ?? status}
    </span>
  );
}

function ExportDetail({ id }: { readonly id: string }) {
  const one = useApiData<ExportView & { files: readonly string[] }>(`/api/exports/${encodeURIComponent(id)}`, 'Lecture de l’export', 2000);
  const view = one.data;
  const done = view?.status === 'done';
  return (
    <section className="rl-detail" aria-label="Export" data-testid="export-detail">
      <h2>Export {view === null ? '' : `du ${frenchInstant(view.from_ms)}`}</h2>
      {one.error !== null && (
        <p className="form-error" role="alert">
          {one.error}
        </p>
      )}
      {view !== null && (
        <>
          <p>
            <StateBadge status={view.status} />{' '}
            {view.status === 'running' && <span className="muted">Le paquet est en préparation (copie des images, signature). Cette page se met à jour seule.</span>}
            {view.status === 'failed' && <span>La préparation a échoué : demandez un nouvel export ; si cela se répète, prévenez l’administrateur.</span>}
            {done && (
              <span className="muted">
                Prêt le {frenchInstant(view.finished_at ?? view.created_at)} — {frenchBytes(view.bytes ?? 0)}
              </span>
            )}
          </p>
          {done && (
            <ul className="rl-actions" aria-label="Fichiers du paquet" style={{ flexDirection: 'column', listStyle: 'none', padding: 0, margin: 0 }}>
              {Object.entries(FILE_LABELS).map(([name, label]) => (
                <li key={name}>
                  <a className="button" href={`/api/exports/${encodeURIComponent(view.id)}/files/${name}`} download={name}>
                    Télécharger {label}
                  </a>
                </li>
              ))}
            </ul>
          )}
          {done && <ManifestCheck id={view.id} />}
        </>
      )}
    </section>
  );
}

function ManifestCheck({ id }: { readonly id: string }) {
  const check = useApiData<Verification>(`/api/exports/${encodeURIComponent(id)}/verification`, 'Vérification du paquet');
  if (check.error !== null)
    return (
      <p className="form-error" role="alert">
        {check.error}
      </p>
    );
  if (check.data === null) return <p className="muted">Vérification de la signature et des empreintes…</p>;
  const { ok, problems, manifest } = check.data;
  // The server's problems are technical lines naming a file first: the room lead sees which files are at fault.
  const faulty = [...new Set(problems.map((line) => line.replace(/^SHA256SUMS: /, '').split(' ')[0] ?? ''))].filter((name) => name !== '');
  return (
    <div data-testid="manifest">
      {ok ? (
        <p className="rl-ok" data-testid="signature" data-valid="true">
          Signature valide : le manifeste est signé par la clé de cette installation et chaque fichier correspond à son empreinte SHA-256.
        </p>
      ) : (
        <p className="form-error" data-testid="signature" data-valid="false" role="alert">
          Paquet altéré : la signature ou les empreintes ne correspondent plus ({faulty.join(', ')}). Ne le remettez pas ; refaites l’export.
        </p>
      )}
      {manifest !== null && (
        <dl className="rl-manifest">
          <dt>Identifiant</dt>
          <dd>{manifest.exportId}</dd>
          <dt>Caméra</dt>
          <dd>
            {manifest.camera.name} — {manifest.camera.commune} ({manifest.camera.communeInsee})
          </dd>
          <dt>Images</dt>
          <dd>
            du {frenchInstant(manifest.video.startMs)} au {frenchInstant(manifest.video.endMs)} ({manifest.video.frames.toLocaleString('fr-FR')} images)
          </dd>
          <dt>Demandé par</dt>
          <dd>{manifest.requester}</dd>
          <dt>Référence</dt>
          <dd>{manifest.reference}</dd>
          <dt>Motif</dt>
          <dd>{manifest.reason}</dd>
          <dt>Créé le</dt>
          <dd>{frenchInstant(Date.parse(manifest.createdAt))}</dd>
          {manifest.files.map((file) => (
            <FileLine key={file.name} name={file.name} bytes={file.bytes} sha256={file.sha256} />
          ))}
        </dl>
      )}
    </div>
  );
}

function FileLine({ name, bytes, sha256 }: { readonly name: string; readonly bytes: number; readonly sha256: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>
        {frenchBytes(bytes)} — SHA-256 <code>{sha256}</code>
      </dd>
    </>
  );
}
