// "Tester le flux": asks the server to probe a camera's stream (POST /api/cameras/:id/probe) and shows the
// codec, resolution, frame rate and bitrate, checked against the floors of the arrêté of 3 August 2007.
import { useState } from 'react';
import { apiPost } from '../api/client.js';
import { readProbeReport, type ProbeReport } from './estate-api.js';
import { PROBE_FAILURES } from './estate-labels.js';

export function CameraProbe({ cameraId, hasSub }: { readonly cameraId: string; readonly hasSub: boolean }) {
  const [stream, setStream] = useState<'main' | 'sub'>('main');
  const [result, setResult] = useState<ProbeReport | null>(null);
  const [running, setRunning] = useState(false);
  const [failed, setFailed] = useState(false);

  const run = async (): Promise<void> => {
    setRunning(true);
    setResult(null);
    setFailed(false);
    try {
      setResult(readProbeReport(await apiPost(`/api/cameras/${encodeURIComponent(cameraId)}/probe`, { stream })));
    } catch {
      setFailed(true);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="estate-probe" data-testid="probe">
      <div className="estate-row">
        {hasSub && (
          <select value={stream} onChange={(e) => setStream(e.target.value as 'main' | 'sub')} aria-label="Flux à tester">
            <option value="main">Flux principal</option>
            <option value="sub">Flux secondaire</option>
          </select>
        )}
        <button type="button" onClick={() => void run()} disabled={running}>
          {running ? 'Test en cours… (jusqu’à 12 s)' : 'Tester le flux'}
        </button>
      </div>
      {failed && <p className="estate-error">Le test n’a pas pu être lancé (erreur du serveur).</p>}
      {result !== null && !result.ok && (
        <p className="estate-error" data-testid="probe-result">
          {PROBE_FAILURES[result.failure] ?? PROBE_FAILURES['unreachable']}
        </p>
      )}
      {result !== null && result.ok && (
        <div data-testid="probe-result">
          <dl className="estate-probe-facts">
            <dt>Codec</dt>
            <dd>{result.codec.toUpperCase()}</dd>
            <dt>Résolution</dt>
            <dd>{result.width === null || result.height === null ? 'inconnue' : `${result.width} × ${result.height}`}</dd>
            <dt>Images par seconde</dt>
            <dd>{result.frameRate === null ? 'inconnu' : result.frameRate.toLocaleString('fr-FR')}</dd>
            <dt>Débit</dt>
            <dd>{result.bitrateKbps === null ? 'non annoncé' : `${result.bitrateKbps.toLocaleString('fr-FR')} kbit/s`}</dd>
          </dl>
          {result.belowFloor.length === 0 ? (
            <p className="estate-ok">
              Conforme aux seuils de l’arrêté du 3 août 2007 pour une caméra {result.floor.narrow ? 'à champ étroit' : 'à champ large'} ({result.floor.width} × {result.floor.height},{' '}
              {result.floor.fps} images/s au moins).
            </p>
          ) : (
            <p className="estate-warn">
              En dessous des seuils de l’arrêté du 3 août 2007 pour une caméra {result.floor.narrow ? 'à champ étroit' : 'à champ large'} :{' '}
              {result.belowFloor.map((p) => (p === 'resolution' ? `résolution inférieure à ${result.floor.width} × ${result.floor.height}` : `moins de ${result.floor.fps} images/s`)).join(' ; ')}.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
