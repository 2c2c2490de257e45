// Ships checkpoints to an HTTP(S) webhook: one POST per batch, body NDJSON (one checkpoint per line);
// any answer but 2xx is a failure to retry.
import { targetUrl, type ShipTarget } from './ship-queue.js';

const TIMEOUT_MS = 10_000;

export function webhookTarget(url: string): ShipTarget {
  const parsed = targetUrl('webhook', url, ['http:', 'https:']);
  const name = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  return {
    name,
    async send(lines) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: `${lines.join('\n')}\n`, signal: AbortSignal.timeout(TIMEOUT_MS) });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`webhook ${name} answered ${response.status}`);
    },
    close: async () => undefined,
  };
}
