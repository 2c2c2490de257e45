// The open alerts, pushed: the WebSocket /api/alerts/events says something changed and the list is read again
// (a poll every 10 s covers a dropped channel). A sound on each new alert; the push latency is kept for tests.
import { useEffect, useRef, useState } from 'react';
import { apiGet, webSocketUrl } from '../api/client.js';
import { alertErrorMessage, readAlerts, type Alert } from './alert-model.js';

const POLL_MS = 10_000;

export interface OpenAlerts {
  readonly status: 'loading' | 'ready' | 'error';
  readonly alerts: readonly Alert[];
  readonly error: string | null;
  readonly live: boolean;
  reload(): void;
}

/** A short two-tone chime (no file to load); silently nothing where audio is not allowed yet. */
function chime(): void {
  try {
    const context = new AudioContext();
    const tone = (frequency: number, at: number) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.15;
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(context.currentTime + at);
      oscillator.stop(context.currentTime + at + 0.18);
    };
    tone(880, 0);
    tone(660, 0.22);
    setTimeout(() => void context.close(), 800);
  } catch {
    // no audio: the badge and the list still show the alert
  }
}

export function useOpenAlerts(enabled: boolean): OpenAlerts {
  const [alerts, setAlerts] = useState<readonly Alert[]>([]);
  const [status, setStatus] = useState<OpenAlerts['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const load = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (!enabled) return undefined;
    let cancelled = false;
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const list = readAlerts(await apiGet('/api/alerts?open=true'));
        if (cancelled) return;
        setAlerts(list);
        setStatus('ready');
        setError(null);
      } catch (failure) {
        if (cancelled) return;
        setStatus((previous) => (previous === 'ready' ? 'ready' : 'error'));
        setError(alertErrorMessage(failure));
      }
    };
    load.current = () => void read();
    const connect = () => {
      socket = new WebSocket(webSocketUrl('/api/alerts/events'));
      socket.onopen = () => setLive(true);
      socket.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as { kind?: string; sentAt?: number; alert?: Alert };
        if (data.kind === 'created') chime();
        if (data.kind !== 'hello') {
          // For the latency measure (bench/alert-latency.ts): when the console learnt of each alert.
          const seen = ((window as unknown as { __vigieAlertsSeen?: Record<string, number> }).__vigieAlertsSeen ??= {});
          const pushed = data.alert;
          if (pushed?.id !== undefined) {
            seen[pushed.id] ??= Date.now();
            // Shown at once from the push; the read that follows puts the queue back in the server's order.
            setAlerts((list) => {
              const others = list.filter((a) => a.id !== pushed.id);
              return pushed.state === 'closed' ? others : [...others, pushed].sort((a, b) => a.priority - b.priority || a.firstMs - b.firstMs);
            });
            setStatus('ready');
          }
          void read();
        }
      };
      socket.onclose = (event) => {
        setLive(false);
        // 4403: the server withdrew the channel (session ended, rights changed): say so, and try again slowly.
        const withdrawn = event.code === 4403;
        if (withdrawn) {
          setStatus('error');
          setError('Votre session a pris fin ou vos droits ont changé : les nouvelles alertes ne sont plus reçues. Reconnectez-vous.');
        }
        if (!cancelled) retry = setTimeout(connect, withdrawn ? 30_000 : 3000);
      };
    };
    void read();
    connect();
    const poll = setInterval(() => void read(), POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(poll);
      if (retry !== undefined) clearTimeout(retry);
      socket?.close();
    };
  }, [enabled]);

  return { alerts, status, error, live, reload: () => load.current() };
}
