// A wall monitor: a browser in kiosk mode at /wall/<monitor>, full screen on black, showing what the wall
// assigns to this monitor and following every change live. It opens with a person's account or with a device
// token given once in the address (/wall/3?jeton=…), turned into a cookie and taken out of the address. When the
// connection drops it says so and comes back to the current assignment by itself.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, apiGet, apiPost } from '../api/client.js';
import { readWallMonitor, type Camera, type WallCamera, type WallMonitor } from '../api/contracts.js';
import { formatParisTime } from '../time/paris.js';
import { useWallChannel } from './use-wall-channel.js';
import { WallView } from './wall-view.js';
import { wallErrorMessage } from './wall-text.js';
import './wall.css';

const REFUSALS: Readonly<Record<string, string>> = {
  VIGIE_AUTH_REQUIRED: 'Cet écran n’est pas connecté. Connectez-vous avec un compte autorisé à afficher le mur, ou ouvrez l’adresse fournie avec son jeton d’affichage.',
  VIGIE_FORBIDDEN: 'Ce compte n’est pas autorisé à afficher le mur d’images.',
  VIGIE_TOKEN_INVALID: 'Le jeton d’affichage de cet écran a été révoqué ou a expiré. Demandez-en un nouveau au chef de salle.',
  VIGIE_ACCESS_REVOKED: 'L’accès de cet écran au mur a été retiré (jeton révoqué ou session terminée).',
};

function refusalMessage(code: string, monitorId: string): string {
  if (code === 'VIGIE_WALL_MONITOR_NOT_FOUND') return `Le moniteur « ${monitorId} » n’existe pas sur le mur d’images. Vérifiez l’adresse de cet écran.`;
  return REFUSALS[code] ?? wallErrorMessage(code);
}

export function WallMonitorPage() {
  const monitorId = useParams()['monitor'] ?? '';
  const [monitor, setMonitor] = useState<WallMonitor | null>(null);
  const cameras = useRef(new Map<string, WallCamera>());
  const [serverOffsetMs, setServerOffsetMs] = useState(0);
  const [generation, setGeneration] = useState(0);
  const [deviceProblem, setDeviceProblem] = useState<string | null>(null);
  const [ready, setReady] = useState(() => !new URLSearchParams(location.search).has('jeton'));

  // A device token in the address: exchanged once for a cookie, then removed from the address bar and history.
  useEffect(() => {
    const token = new URLSearchParams(location.search).get('jeton');
    if (token === null) return;
    history.replaceState(null, '', location.pathname);
    apiPost('/api/wall/device-session', { token })
      .catch((error: unknown) => setDeviceProblem(error instanceof ApiError ? error.code : 'NETWORK'))
      .finally(() => setReady(true));
  }, []);

  const receive = useCallback((message: Record<string, unknown>) => {
    const found = readWallMonitor(message['monitor']);
    if (found === null) return;
    const described = message['cameras'];
    if (typeof described === 'object' && described !== null) for (const [id, camera] of Object.entries(described as Record<string, WallCamera>)) cameras.current.set(id, camera);
    if (typeof message['serverTime'] === 'number') setServerOffsetMs(message['serverTime'] - Date.now());
    setMonitor(found);
  }, []);

  const check = useCallback(async (): Promise<string | null> => {
    try {
      receive((await apiGet(`/api/wall/monitors/${encodeURIComponent(monitorId)}`)) as Record<string, unknown>);
      return null;
    } catch (error) {
      if (!(error instanceof ApiError)) return 'NETWORK';
      if (error.status === 0) return 'NETWORK';
      if (error.status === 401) return 'VIGIE_AUTH_REQUIRED';
      return error.code;
    }
  }, [monitorId, receive]);

  const path = ready ? `/api/wall/monitors/${encodeURIComponent(monitorId)}/events` : null;
  const status = useWallChannel(path, receive, check, generation);
  const camera = useCallback((id: string): Camera | undefined => {
    const known = cameras.current.get(id);
    return known === undefined ? undefined : { ...known, state: 'unknown' };
  }, []);

  const refused = status.kind === 'refused' ? status.code : null;
  return (
    <div className="wall-page" data-monitor={monitorId} data-status={status.kind} data-assignment={monitor?.assignment.kind ?? 'none'}>
      {refused === null && monitor !== null && <WallView assignment={monitor.assignment} camera={camera} serverOffsetMs={serverOffsetMs} />}
      {refused !== null && (
        <div className="wall-notice" role="alert">
          <p>{refusalMessage(refused, monitorId)}</p>
          {deviceProblem !== null && <p>{wallErrorMessage(deviceProblem)}</p>}
          {refused === 'VIGIE_AUTH_REQUIRED' && <WallLogin onDone={() => setGeneration((g) => g + 1)} />}
        </div>
      )}
      {status.kind === 'retrying' && (
        <div className="wall-connection" role="status">
          Connexion au serveur perdue — nouvelle tentative dans {status.inSeconds} s
        </div>
      )}
      {status.kind === 'connecting' && monitor === null && refused === null && <div className="wall-connection">Connexion au mur d’images…</div>}
      <WallCorner label={monitor?.name ?? `Moniteur ${monitorId}`} shownFor={JSON.stringify(monitor?.assignment ?? null)} />
    </div>
  );
}

/** How long the corner stays on screen after the page opens, its assignment changes or the pointer moves. */
const CORNER_SHOWN_MS = 15_000;

/**
 * The monitor's name and the time, small, in a corner, to tell monitors apart when setting a wall up. It fades out
 * after a while: on a running wall it would cover the picture's own text, and each tile already shows its time.
 */
function WallCorner({ label, shownFor }: { readonly label: string; readonly shownFor: string }) {
  const [now, setNow] = useState(() => Date.now());
  const [shownUntil, setShownUntil] = useState(() => Date.now() + CORNER_SHOWN_MS);
  // The clock stops while hidden: showing again restarts it from the current time, not the one it stopped at.
  const show = useCallback(() => {
    const at = Date.now();
    setNow(at);
    setShownUntil(at + CORNER_SHOWN_MS);
  }, []);
  useEffect(show, [show, label, shownFor]);
  useEffect(() => {
    window.addEventListener('pointermove', show);
    return () => window.removeEventListener('pointermove', show);
  }, [show]);
  const shown = now < shownUntil;
  useEffect(() => {
    if (!shown) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [shown]);
  return (
    <div className="wall-corner" data-shown={shown}>
      <span className="wall-corner-name">{label}</span>
      <span className="wall-corner-clock">{formatParisTime(now)}</span>
    </div>
  );
}

function WallLogin({ onDone }: { readonly onDone: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await apiPost('/api/auth/login', { username, password });
      setProblem(null);
      onDone();
    } catch (error) {
      setProblem(error instanceof ApiError && error.status === 401 ? 'Identifiant ou mot de passe incorrect.' : 'Connexion impossible pour le moment.');
    }
  };
  const ids = useMemo(() => ({ user: 'wall-login-user', password: 'wall-login-password' }), []);
  return (
    <form className="wall-login" onSubmit={(event) => void submit(event)}>
      <label htmlFor={ids.user}>Identifiant</label>
      <input id={ids.user} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" />
      <label htmlFor={ids.password}>Mot de passe</label>
      <input id={ids.password} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      <button type="submit">Se connecter</button>
      {problem !== null && <p className="wall-login-problem">{problem}</p>}
    </form>
  );
}
