// PTZ panel of the single-camera live view: joystick (drag to move, speed with the distance), keyboard (arrows,
// + and −) when the panel has the focus, zoom, click-to-centre on the picture, presets (go to, save, rename,
// delete), home, guard tours, and who holds the camera when it is someone else.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { apiRequest } from '../api/client.js';
import { centreMove, ptzErrorText, readPtzPresets, readPtzTours, readPtzView, roleLabel, type PtzPresetView, type PtzTourView, type PtzView } from './ptz-model.js';

const POLL_MS = 2000;
/** A continuous move lasts this long unless renewed, so a lost "stop" never leaves the head turning. */
const MOVE_TIMEOUT_MS = 1500;

export function PtzPanel({ cameraId, canControl }: { readonly cameraId: string; readonly canControl: boolean }) {
  const base = `/api/cameras/${encodeURIComponent(cameraId)}/ptz`;
  const [view, setView] = useState<PtzView | null>(null);
  const [presets, setPresets] = useState<PtzPresetView[]>([]);
  const [tours, setTours] = useState<PtzTourView[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [aiming, setAiming] = useState(false);
  const [newPreset, setNewPreset] = useState('');
  const moving = useRef(false);

  const refresh = useCallback(async () => {
    try {
      setView(readPtzView(await apiRequest('GET', base)));
      setProblem(null);
    } catch (error) {
      setProblem(ptzErrorText(error));
    }
  }, [base]);
  const refreshLists = useCallback(async () => {
    try {
      setPresets(readPtzPresets(await apiRequest('GET', `${base}/presets`)));
      setTours(readPtzTours(await apiRequest('GET', `${base}/tours`)));
    } catch (error) {
      setProblem(ptzErrorText(error));
    }
  }, [base]);

  useEffect(() => {
    void refresh();
    void refreshLists();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh, refreshLists]);

  // Commands go one after the other, so a "stop" never overtakes the move it ends.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const command = useCallback(
    async (method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<boolean> => {
      try {
        const sent = queue.current.catch(() => undefined).then(() => apiRequest(method, `${base}${path}`, body));
        queue.current = sent;
        await sent;
        setProblem(null);
        void refresh();
        return true;
      } catch (error) {
        setProblem(ptzErrorText(error));
        return false;
      }
    },
    [base, refresh],
  );
  const move = useCallback((pan: number, tilt: number, zoom: number) => void command('POST', '/move', { mode: 'continuous', pan, tilt, zoom, timeoutMs: MOVE_TIMEOUT_MS }), [command]);
  const stop = useCallback(() => void command('POST', '/stop'), [command]);

  // Joystick: the knob's offset from the centre is the velocity; sent when it changes by a step, at most every 150 ms.
  const pad = useRef<HTMLDivElement>(null);
  const [knob, setKnob] = useState({ x: 0, y: 0 });
  const lastSent = useRef({ x: 0, y: 0, at: 0 });
  const onPadMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!moving.current || pad.current === null) return;
    const box = pad.current.getBoundingClientRect();
    const x = Math.max(-1, Math.min(1, ((event.clientX - box.left) / box.width) * 2 - 1));
    const y = Math.max(-1, Math.min(1, ((event.clientY - box.top) / box.height) * 2 - 1));
    setKnob({ x, y });
    const now = Date.now();
    const step = Math.abs(x - lastSent.current.x) + Math.abs(y - lastSent.current.y);
    if (step > 0.15 && now - lastSent.current.at > 150) {
      lastSent.current = { x, y, at: now };
      move(Math.round(x * 100) / 100, Math.round(-y * 100) / 100, 0);
    }
  };
  const onPadDown = (event: PointerEvent<HTMLDivElement>) => {
    moving.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    lastSent.current = { x: 0, y: 0, at: 0 };
    onPadMove(event);
  };
  const onPadUp = () => {
    if (!moving.current) return;
    moving.current = false;
    setKnob({ x: 0, y: 0 });
    stop();
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement).tagName === 'INPUT') return;
    const velocity: Record<string, [number, number, number]> = { ArrowLeft: [-0.5, 0, 0], ArrowRight: [0.5, 0, 0], ArrowUp: [0, 0.5, 0], ArrowDown: [0, -0.5, 0], '+': [0, 0, 0.5], '-': [0, 0, -0.5] };
    const v = velocity[event.key];
    if (v === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    if (!event.repeat) move(...v);
  };
  const onKeyUp = (event: KeyboardEvent<HTMLDivElement>) => {
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', '+', '-'].includes(event.key)) {
      event.stopPropagation();
      stop();
    }
  };

  const onAim = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const dx = (event.clientX - box.left) / box.width - 0.5;
    const dy = (event.clientY - box.top) / box.height - 0.5;
    void command('POST', '/move', { mode: 'relative', ...centreMove(dx, dy, view?.zoom ?? 0) });
  };

  const heldByOther = view?.holder !== null && view?.holder !== undefined && !view.youHold;
  return (
    <>
      {aiming && canControl && <div className="ptz-aim" title="Cliquez un point de l’image pour le centrer" onClick={onAim} data-testid="ptz-aim" />}
      <div className="ptz-panel" tabIndex={0} onKeyDown={onKey} onKeyUp={onKeyUp} aria-label="Commande de la caméra orientable" data-testid="ptz-panel">
        {heldByOther && view?.holder !== null && view?.holder !== undefined && (
          <p className="ptz-banner" role="status">
            Caméra pilotée par {view.holder.name} ({roleLabel(view.holder.role)})
          </p>
        )}
        {view?.takenBy !== null && view?.takenBy !== undefined && (
          <p className="ptz-banner warn" role="status">
            {view.takenBy.name} ({roleLabel(view.takenBy.role)}) a repris la main sur cette caméra.
          </p>
        )}
        {problem !== null && (
          <p className="ptz-error" role="alert">
            {problem}
          </p>
        )}
        {canControl ? (
          <div className="ptz-controls">
            <div
              ref={pad}
              className="ptz-pad"
              onPointerDown={onPadDown}
              onPointerMove={onPadMove}
              onPointerUp={onPadUp}
              onPointerCancel={onPadUp}
              title="Glissez pour orienter la caméra ; plus loin du centre, plus vite"
              data-testid="ptz-pad"
            >
              <span className="ptz-knob" style={{ left: `${50 + knob.x * 40}%`, top: `${50 + knob.y * 40}%` }} />
            </div>
            <div className="ptz-buttons">
              <button type="button" className="small" onPointerDown={() => move(0, 0, 0.5)} onPointerUp={stop} title="Zoom avant (touche +)">
                Zoom +
              </button>
              <button type="button" className="small" onPointerDown={() => move(0, 0, -0.5)} onPointerUp={stop} title="Zoom arrière (touche −)">
                Zoom −
              </button>
              <button type="button" className="small" onClick={() => void command('POST', '/home')}>
                Position d’origine
              </button>
              <button type="button" className={`small${aiming ? ' on' : ''}`} onClick={() => setAiming((a) => !a)} aria-pressed={aiming}>
                {aiming ? 'Clic pour centrer : actif' : 'Clic pour centrer'}
              </button>
              {view?.youHold === true && (
                <button type="button" className="small ghost" onClick={() => void command('POST', '/release')}>
                  Rendre la main
                </button>
              )}
            </div>
            <p className="ptz-hint">
              Cliquez ici puis <kbd>←↑↓→</kbd> orienter, <kbd>+</kbd>/<kbd>−</kbd> zoomer.
              {view !== null && ` Position : ${view.pan.toFixed(2)} / ${view.tilt.toFixed(2)}, zoom ${Math.round(view.zoom * 100)} %${view.moving ? ' (en mouvement)' : ''}.`}
            </p>
          </div>
        ) : (
          <p className="ptz-hint">Votre rôle permet de voir les préréglages mais pas de piloter la caméra.</p>
        )}
        <div className="ptz-presets">
          <h3>Préréglages</h3>
          {presets.length === 0 && <p className="ptz-hint">Aucun préréglage : orientez la caméra puis enregistrez la position.</p>}
          <ul>
            {presets.map((preset) => (
              <li key={preset.token}>
                <span>{preset.name}</span>
                {canControl && (
                  <>
                    <button type="button" className="small" onClick={() => void command('POST', `/presets/${encodeURIComponent(preset.token)}/goto`)}>
                      Aller
                    </button>
                    <button
                      type="button"
                      className="small ghost"
                      onClick={() => {
                        const name = window.prompt('Nouveau nom du préréglage', preset.name);
                        if (name !== null && name.trim() !== '') void command('PUT', `/presets/${encodeURIComponent(preset.token)}`, { name }).then(() => refreshLists());
                      }}
                    >
                      Renommer
                    </button>
                    <button
                      type="button"
                      className="small ghost"
                      onClick={() => {
                        if (window.confirm(`Supprimer le préréglage « ${preset.name} » ?`)) void command('DELETE', `/presets/${encodeURIComponent(preset.token)}`).then(() => refreshLists());
                      }}
                    >
                      Supprimer
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
          {canControl && (
            <form
              className="ptz-save"
              onSubmit={(event) => {
                event.preventDefault();
                if (newPreset.trim() === '') return;
                void command('POST', '/presets', { name: newPreset }).then((ok) => {
                  if (ok) setNewPreset('');
                  void refreshLists();
                });
              }}
            >
              <input value={newPreset} onChange={(event) => setNewPreset(event.target.value)} placeholder="Nom du préréglage" aria-label="Nom du nouveau préréglage" maxLength={100} />
              <button type="submit" className="small">
                Enregistrer la position
              </button>
            </form>
          )}
        </div>
        <div className="ptz-tours">
          <h3>Rondes</h3>
          {view?.tour !== null && view?.tour !== undefined ? (
            <p>
              Ronde « {view.tour.name} » {view.tour.paused ? 'en pause (caméra pilotée)' : 'en cours'}{' '}
              {canControl && (
                <button type="button" className="small" onClick={() => void command('POST', '/tour/stop')}>
                  Arrêter la ronde
                </button>
              )}
            </p>
          ) : tours.length === 0 ? (
            <p className="ptz-hint">Aucune ronde pour cette caméra.</p>
          ) : (
            <ul>
              {tours.map((tour) => (
                <li key={tour.id}>
                  <span>
                    {tour.name} ({tour.steps} étape{tour.steps > 1 ? 's' : ''})
                  </span>
                  {canControl && (
                    <button type="button" className="small" onClick={() => void command('POST', `/tours/${encodeURIComponent(tour.id)}/start`)}>
                      Lancer
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </>
  );
}
