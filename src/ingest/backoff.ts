// Reconnection delays: exponential with "equal jitter" (half fixed, half random), capped, so that a hundred
// cameras behind one failed switch do not all knock again in the same millisecond.

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };

/** Delay before attempt `failures` (1 for the first retry); `random` in [0, 1). */
export function backoffDelayMs(failures: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
