// Retention policy as pure functions: what has expired (per-camera days, hard cap 30 — legal-fr.md, CSI
// L.252-5), what a hold protects (judicial procedure or access request — the only exceptions), and which
// footage goes first when a volume is full (the oldest unheld).

export const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_RETENTION_DAYS = 30;

export interface PolicySegment {
  readonly id: string;
  readonly cameraId: string;
  readonly stream: string;
  readonly volume: string;
  readonly path: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly bytes: number;
}

export interface PolicyHold {
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly expiresAt: number;
  readonly releasedAt: number | null;
}

export function effectiveRetentionDays(days: number | undefined, defaultDays: number): number {
  return Math.max(1, Math.min(MAX_RETENTION_DAYS, days ?? defaultDays));
}

export function isHoldActive(hold: PolicyHold, nowMs: number): boolean {
  return hold.releasedAt === null && hold.expiresAt > nowMs;
}

export function isHeld(segment: PolicySegment, holds: readonly PolicyHold[], nowMs: number): boolean {
  return holds.some((h) => isHoldActive(h, nowMs) && h.cameraIds.includes(segment.cameraId) && segment.startMs < h.toMs && segment.endMs > h.fromMs);
}

/** Whole segments past their camera stream's retention and not held. */
export function expiredSegments(segments: readonly PolicySegment[], retentionDays: (segment: PolicySegment) => number, holds: readonly PolicyHold[], nowMs: number): PolicySegment[] {
  return segments.filter((s) => s.endMs <= nowMs - retentionDays(s) * DAY_MS && !isHeld(s, holds, nowMs));
}

/** The oldest unheld segments of one volume whose bytes add up to at least `bytesToFree`. */
export function diskFullVictims(segments: readonly PolicySegment[], holds: readonly PolicyHold[], nowMs: number, volume: string, bytesToFree: number): PolicySegment[] {
  const victims: PolicySegment[] = [];
  let freed = 0;
  const oldestFirst = segments.filter((s) => s.volume === volume).sort((a, b) => a.startMs - b.startMs);
  for (const segment of oldestFirst) {
    if (freed >= bytesToFree) break;
    if (isHeld(segment, holds, nowMs)) continue;
    victims.push(segment);
    freed += segment.bytes;
  }
  return victims;
}
