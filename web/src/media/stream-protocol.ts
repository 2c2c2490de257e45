// What every video WebSocket of the console shares (live and playback): the server's TEXT messages, the close
// codes after which retrying cannot help, the reconnection backoff and the operator's wording of errors.

/** A TEXT message from the server: `type` plus whatever fields it carries. */
export type ServerMessage = Readonly<Record<string, unknown>> & { readonly type: string };

export type ConnectionStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'playing' }
  | { readonly kind: 'waiting'; readonly retryInMs: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;
/** Close codes after which retrying cannot help: policy violation, forbidden. */
const FINAL_CLOSE_CODES = new Set([1008, 4401, 4403, 4404]);

/** Exponential backoff with jitter, so that a wall of tiles does not reconnect all at the same instant. */
export function retryDelayMs(attempt: number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export function parseServerMessage(text: string): ServerMessage | null {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null || typeof (message as { type?: unknown }).type !== 'string') return null;
  return message as ServerMessage;
}

/** Why the server ended a live stream (its `reason` field), in the operator's words. */
const LIVE_END_REASONS: Readonly<Record<string, string>> = {
  'not-received': 'Flux non reçu par le serveur (caméra désactivée ou sans ce flux)',
  'no-video': 'Aucune image de la caméra (hors ligne ou muette)',
  ended: 'Le flux de la caméra s’est arrêté',
  stopped: 'Le flux en direct s’est interrompu',
};

/** The operator's words for a server "error" message; the server's own (English) text is never shown. */
export function errorReason(message: ServerMessage): string {
  if (message['code'] === 'VIGIE_ACCESS_REVOKED') return 'votre session a pris fin ou vos droits sur cette caméra ont changé';
  const reason = message['reason'];
  if (typeof reason === 'string' && LIVE_END_REASONS[reason] !== undefined) return LIVE_END_REASONS[reason];
  return typeof message['message'] === 'string' ? message['message'] : 'Erreur du serveur';
}

/** The status after the socket closed: final (refused) or a retry in `retryInMs`. */
export function closedStatus(code: number, reason: string, retryInMs: number): ConnectionStatus {
  if (FINAL_CLOSE_CODES.has(code)) return { kind: 'failed', reason: code === 1008 || code === 4403 ? `Accès refusé : ${reason}` : reason };
  return { kind: 'waiting', retryInMs, reason };
}

export function isFinalClose(code: number): boolean {
  return FINAL_CLOSE_CODES.has(code);
}
