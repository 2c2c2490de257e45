// Live-watch requests kept fresh by polling every few seconds: simple, and it survives a server restart or a
// proxy that drops WebSockets. The list says whether it could be read, so pages explain instead of spinning.
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiGet } from '../api/client.js';
import { readWatchRequests, type WatchRequest } from '../api/contracts.js';
import { watchErrorMessage } from './watch-errors.js';

export const WATCH_POLL_MS = 3000;

export interface WatchRequests {
  readonly status: 'loading' | 'ready' | 'error';
  readonly requests: readonly WatchRequest[];
  readonly error: string | null;
  /** Reads again now (after an action), without waiting for the next poll. */
  reload(): void;
}

/** `query`: the filter of GET /api/watch-requests (e.g. `active=true`); null reads nothing. */
export function useWatchRequests(query: string | null): WatchRequests {
  const [requests, setRequests] = useState<readonly WatchRequest[]>([]);
  const [status, setStatus] = useState<WatchRequests['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  const load = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    if (query === null) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    load.current = async () => {
      try {
        const list = readWatchRequests(await apiGet(`/api/watch-requests${query === '' ? '' : `?${query}`}`));
        if (cancelled) return;
        setRequests(list);
        setStatus('ready');
        setError(null);
      } catch (failure) {
        if (cancelled) return;
        setStatus((previous) => (previous === 'ready' ? 'ready' : 'error'));
        setError(watchErrorMessage(failure));
      }
    };
    const poll = async (): Promise<void> => {
      await load.current();
      if (!cancelled) timer = setTimeout(() => void poll(), WATCH_POLL_MS);
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [query]);

  const reload = useCallback(() => void load.current(), []);
  return { status, requests, error, reload };
}
