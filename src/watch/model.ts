// A mayor's live-watch request as the rest of Vigie sees it, its states and the limits on what it may say.
//
// submitted ──accept──► accepted ──(its start)──► active ──(its end, or a room lead)──► ended
//     │ └──decline──► declined          │
//     │ └──cancel (the mayor)──► cancelled ◄─ (before its start)
//     └──(its end, never answered)──► expired

export const WATCH_STATES = ['submitted', 'accepted', 'declined', 'cancelled', 'active', 'ended', 'expired'] as const;
export type WatchState = (typeof WATCH_STATES)[number];

export function isWatchState(value: unknown): value is WatchState {
  return typeof value === 'string' && (WATCH_STATES as readonly string[]).includes(value);
}

/** The longest window a mayor may ask for: a weekend festival fits, a standing order does not. */
export const MAX_WATCH_WINDOW_MS = 7 * 24 * 3_600_000;

export const WATCH_LIMITS = {
  event: 200,
  contact: 200,
  reason: 2000,
  note: 1000,
  cameras: 64,
} as const;

export interface WatchRequest {
  readonly id: string;
  readonly communeInsee: string;
  readonly event: string;
  readonly contact: string;
  readonly reason: string;
  readonly cameraIds: readonly string[];
  /** The GeoJSON Polygon the mayor drew, if any. */
  readonly area: unknown;
  readonly fromMs: number;
  readonly toMs: number;
  readonly state: WatchState;
  readonly requestedBy: string;
  readonly requestedById: string;
  readonly createdAt: number;
  readonly reviewedBy: string | null;
  readonly reviewedById: string | null;
  readonly reviewedByRole: string | null;
  readonly reviewedAt: number | null;
  /** The room lead's note (acceptance) or reason (decline). */
  readonly reviewNote: string | null;
  /** The cameras the room lead chose; null until accepted. */
  readonly acceptedCameraIds: readonly string[] | null;
  readonly monitorId: string | null;
  readonly wallOutcome: string | null;
  readonly endedAt: number | null;
  readonly endedBy: string | null;
  readonly endCause: string | null;
}

export interface NewWatchRequest {
  /** Optional when the mayor has one commune. */
  readonly commune?: string | undefined;
  readonly event: string;
  readonly contact: string;
  readonly reason: string;
  readonly cameraIds?: readonly string[] | undefined;
  readonly area?: unknown;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface WatchAcceptance {
  readonly cameraIds: readonly string[];
  readonly monitorId?: string | undefined;
  readonly note?: string | undefined;
}

/** Who acts on a request: the account, as the journal records it, and its communes. */
export interface WatchActor {
  readonly id: string;
  readonly username: string;
  readonly role: string;
  readonly communes: readonly string[];
}

export interface WatchFilter {
  /** Only these communes (a commune-bound caller's); undefined: all. */
  readonly communes?: readonly string[] | undefined;
  readonly state?: WatchState | undefined;
  /** Only requests active now. */
  readonly active?: boolean | undefined;
  /** Requests whose window overlaps [fromMs, toMs). */
  readonly fromMs?: number | undefined;
  readonly toMs?: number | undefined;
}
