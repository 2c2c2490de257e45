// Where a camera's masks are applied, for an administrator, on a camera whose ONVIF device can hide areas itself:
// « incrustation par Vigie » (the default) or « masques poussés à la caméra », with the last check of its picture.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiGet, apiRequest } from '../api/client.js';
import { parisDateFr, parisTimeInput } from '../time/paris.js';
import { maskErrorMessage } from './messages.js';

interface ModeStatus {
  readonly mode: 'vigie' | 'camera';
  readonly state: 'pending' | 'verified' | 'failed' | null;
  readonly checkedAtMs: number | null;
  readonly capability: { readonly supported: boolean; readonly reason: string | null };
}

const when = (ms: number): string => `${parisDateFr(ms)} à ${parisTimeInput(ms).slice(0, 5)}`;

function verdict(status: ModeStatus): { readonly kind: 'ok' | 'error' | 'warn'; readonly text: string } | null {
  if (status.mode !== 'camera' || status.state === null) return null;
  if (status.state === 'verified') return { kind: 'ok', text: status.checkedAtMs === null ? 'Vérifié' : `Vérifié le ${when(status.checkedAtMs)}` };
  if (status.state === 'failed') return { kind: 'error', text: 'Échec : la caméra n’applique pas les masques — incrustation par Vigie rétablie' };
  return { kind: 'warn', text: 'Vérification en attente : Vigie incruste les masques jusqu’à ce que l’image de la caméra ait été contrôlée.' };
}

export function MaskMode({ cameraId, hasMasks }: { readonly cameraId: string; readonly hasMasks: boolean }) {
  const [status, setStatus] = useState<ModeStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    void apiGet(`/api/cameras/${cameraId}/masks/mode`)
      .then((answer) => setStatus(answer as ModeStatus))
      .catch(() => setStatus(null));
  }, [cameraId]);
  useEffect(load, [load]);
  // Vigie re-checks a camera applying its masks periodically: the verdict shown follows.
  const pushed = status?.mode === 'camera';
  useEffect(() => {
    if (!pushed) return undefined;
    const timer = setInterval(load, 15_000);
    return () => clearInterval(timer);
  }, [pushed, load]);

  if (status === null || (!status.capability.supported && status.mode === 'vigie')) return null;

  const choose = async (mode: 'vigie' | 'camera'): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setStatus((await apiRequest('PUT', `/api/cameras/${cameraId}/masks/mode`, { mode })) as ModeStatus);
    } catch (caught) {
      setError(maskErrorMessage(caught instanceof ApiError ? caught.code : undefined));
    } finally {
      setBusy(false);
    }
  };
  const shown = verdict(status);

  return (
    <fieldset className="mask-mode" data-testid="mask-mode">
      <legend>Où les masques sont appliqués</legend>
      <label>
        <input type="radio" name={`mask-mode-${cameraId}`} checked={status.mode === 'vigie'} disabled={busy} onChange={() => void choose('vigie')} />
        <strong>Incrustation par Vigie</strong>
        <span className="mask-mode-help">Vigie décode l’image, noircit les zones masquées et la réencode avant tout enregistrement ou affichage. Sûr, mais coûte du calcul au serveur.</span>
      </label>
      <label>
        <input type="radio" name={`mask-mode-${cameraId}`} checked={status.mode === 'camera'} disabled={busy || !hasMasks} onChange={() => void choose('camera')} />
        <strong>Masques poussés à la caméra</strong>
        <span className="mask-mode-help">
          La caméra noircit elle-même les zones ; Vigie n’a plus à réencoder son image. Vigie vérifie sur l’image que chaque zone est bien couverte, à l’envoi puis régulièrement ; au moindre échec, il
          reprend aussitôt l’incrustation.
        </span>
      </label>
      {!hasMasks && <p className="mask-mode-help">Enregistrez d’abord des masques pour pouvoir les pousser à la caméra.</p>}
      {busy && (
        <p className="estate-warn" role="status">
          Envoi des masques à la caméra et vérification de son image…
        </p>
      )}
      {shown !== null && !busy && (
        <p className={shown.kind === 'ok' ? 'estate-ok' : shown.kind === 'error' ? 'estate-error' : 'estate-warn'} role={shown.kind === 'error' ? 'alert' : 'status'} data-testid="mask-mode-verdict">
          {shown.text}
        </p>
      )}
      {error !== null && (
        <p className="estate-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
