// Reads one API path for a page, again every `refreshMs` when given, and says failures in French.
import { useCallback, useEffect, useState } from 'react';
import { apiGet } from '../api/client.js';
import { retentionErrorText } from './retention-format.js';

export interface ApiData<T> {
  readonly data: T | null;
  readonly error: string | null;
  reload(): void;
}

export function useApiData<T>(path: string | null, doing: string, refreshMs?: number): ApiData<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    if (path === null) return undefined;
    let cancelled = false;
    const read = () =>
      apiGet(path).then(
        (value) => {
          if (cancelled) return;
          setData(value as T);
          setError(null);
        },
        (failure: unknown) => !cancelled && setError(retentionErrorText(failure, doing)),
      );
    void read();
    const timer = refreshMs === undefined ? undefined : setInterval(() => void read(), refreshMs);
    return () => {
      cancelled = true;
      if (timer !== undefined) clearInterval(timer);
    };
  }, [path, doing, refreshMs, generation]);
  return { data, error, reload };
}
