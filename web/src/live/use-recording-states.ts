// Which cameras are being recorded now, for the tiles' recording dot: GET /api/recordings/status, read again
// every 30 s. Undefined for everyone when the role may not read it or the server does not answer.
import { useEffect, useState } from 'react';
import { apiGet } from '../api/client.js';
import { asRecord, readArray } from '../api/read.js';

const REFRESH_MS = 30_000;

export function useRecordingStates(enabled: boolean): (cameraId: string) => boolean | undefined {
  const [recording, setRecording] = useState<ReadonlySet<string> | null>(null);

  useEffect(() => {
    if (!enabled) return undefined;
    let cancelled = false;
    const load = async (): Promise<void> => {
      try {
        const answer = await apiGet('/api/recordings/status');
        const ids = readArray(answer, 'cameras')
          .map(asRecord)
          .filter((c) => c !== null && c['state'] === 'recording')
          .map((c) => String(c?.['cameraId']));
        if (!cancelled) setRecording(new Set(ids));
      } catch {
        if (!cancelled) setRecording(null);
      }
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [enabled]);

  return (cameraId) => (recording === null ? undefined : recording.has(cameraId));
}
