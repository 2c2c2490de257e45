// The wall's state channel for a page: connects, reconnects with backoff (1 s, 2 s, 4 s… up to 15 s) and says
// in which state it is, so that a page shows an explanation and never an endless spinner. Each (re)connection
// starts with the full state, so a page that lost its connection comes back to the current assignment by itself.
import { useEffect, useRef, useState } from 'react';
import { webSocketUrl } from '../api/client.js';

export type ChannelStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'open' }
  | { readonly kind: 'retrying'; readonly inSeconds: number }
  /** The server closed for good (unknown monitor, access withdrawn): `code` says why; the page re-checks later. */
  | { readonly kind: 'refused'; readonly code: string };

const MAX_BACKOFF_MS = 15_000;
/** After a refusal the page asks again now and then: a device token re-issued, a monitor re-created. */
const REFUSED_RETRY_MS = 30_000;

/** `generation`: bump it to reconnect at once (after a login). */
export function useWallChannel(path: string | null, onMessage: (message: Record<string, unknown>) => void, check?: () => Promise<string | null>, generation = 0): ChannelStatus {
  const [status, setStatus] = useState<ChannelStatus>({ kind: 'connecting' });
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const checker = useRef(check);
  checker.current = check;

  useEffect(() => {
    if (path === null) return;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;
    let refusal: string | null = null;

    const retry = (delayMs: number, next: ChannelStatus) => {
      setStatus(next);
      timer = setTimeout(() => void connect(), delayMs);
    };
    const connect = async () => {
      if (stopped) return;
      setStatus({ kind: 'connecting' });
      refusal = null;
      // A WebSocket that fails to open says nothing of why: an HTTP check first tells the page (login, rights, monitor).
      const problem = checker.current === undefined ? null : await checker.current().catch(() => 'NETWORK');
      if (stopped) return;
      if (problem !== null && problem !== 'NETWORK') return retry(REFUSED_RETRY_MS, { kind: 'refused', code: problem });
      if (problem === 'NETWORK') return backoff();
      socket = new WebSocket(webSocketUrl(path));
      socket.onopen = () => {
        attempt = 0;
        setStatus({ kind: 'open' });
      };
      socket.onmessage = (event) => {
        try {
          const message = JSON.parse(String(event.data)) as Record<string, unknown>;
          if (message['type'] === 'error' && typeof message['code'] === 'string') refusal = message['code'];
          else handler.current(message);
        } catch {
          // Not JSON: nothing the wall sends; ignored.
        }
      };
      socket.onclose = (event) => {
        socket = null;
        if (stopped) return;
        if (refusal !== null && (event.code === 4403 || event.code === 4404)) retry(REFUSED_RETRY_MS, { kind: 'refused', code: refusal });
        else backoff();
      };
    };
    const backoff = () => {
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
      attempt += 1;
      retry(delay, { kind: 'retrying', inSeconds: Math.round(delay / 1000) });
    };
    void connect();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      socket?.close();
    };
  }, [path, generation]);
  return status;
}
