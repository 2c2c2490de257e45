// The chain's state above the journal: intact and when it was last anchored by a signed checkpoint, or broken
// and where (the detail is for `vigie journal verify`, not for a banner).
import { useEffect, useState } from 'react';
import { apiGet } from '../api/client.js';
import type { JournalStatus } from '../api/contracts.js';
import { formatParisTime, parisDateFr } from '../time/paris.js';

export function ChainBanner() {
  const [status, setStatus] = useState<JournalStatus | 'loading' | 'error'>('loading');
  useEffect(() => {
    apiGet('/api/journal/status').then(
      (answer) => setStatus(answer as JournalStatus),
      () => setStatus('error'),
    );
  }, []);
  if (status === 'loading') return <p className="chain-banner muted">Vérification de la chaîne…</p>;
  if (status === 'error') return <p className="chain-banner chain-unknown">Vérification de la chaîne impossible pour le moment.</p>;
  if (!status.intact)
    return (
      <p className="chain-banner chain-broken" role="alert" data-testid="chain-banner">
        Chaîne rompue à l’entrée n° {status.firstBadSequence} — lancez « vigie journal verify » et prévenez le délégué à la protection des données.
      </p>
    );
  const anchor = status.lastCheckpointTime === null ? null : Date.parse(status.lastCheckpointTime);
  return (
    <p className="chain-banner chain-ok" data-testid="chain-banner">
      {anchor === null
        ? `Chaîne intègre (${status.entries} entrées) — aucun point d’ancrage signé`
        : `Chaîne intègre — dernier point d’ancrage le ${parisDateFr(anchor)} à ${formatParisTime(anchor).slice(0, 5)}`}
    </p>
  );
}
