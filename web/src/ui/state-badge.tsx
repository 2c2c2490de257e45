// A camera's state as a coloured dot and a French word (online / degraded / offline / unknown).
import { STATE_LABELS, type CameraState } from '../api/contracts.js';

export function StateBadge({ state, compact = false }: { readonly state: CameraState; readonly compact?: boolean }) {
  return (
    <span className={`state state-${state}`} data-state={state} title={STATE_LABELS[state]}>
      <span className="state-dot" aria-hidden="true" />
      {!compact && STATE_LABELS[state]}
    </span>
  );
}
