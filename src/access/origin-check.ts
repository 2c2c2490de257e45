// Cross-site WebSocket hijacking guard: browsers send cookies with a WebSocket upgrade whatever page opened it,
// and SameSite does not cover every case (same-site sibling hosts), so an upgrade that carries an Origin must
// come from one of Vigie's public origins (`http.publicOrigins`; empty: the Host the request was sent to). An
// upgrade without Origin is not from a browser page (ffmpeg, scripts with a bearer token) and passes. Refusals
// are journaled, naming the person whose session cookie came along.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VigieError } from '../core/errors.js';
import type { Journal } from '../journal/index.js';
import type { Access } from './access.js';
import { journalActor } from './actor.js';
import { SESSION_COOKIE } from './auth-hook.js';

export function registerOriginCheck(app: FastifyInstance, access: Access, journal: Journal): void {
  const publicOrigins = new Set(access.config.http.publicOrigins.map(normalizeOrigin));
  app.addHook('onRequest', async (request) => {
    const origin = request.headers.origin;
    if (request.is404 || request.headers.upgrade?.toLowerCase() !== 'websocket' || origin === undefined) return;
    if (publicOrigins.size > 0 ? publicOrigins.has(normalizeOrigin(origin)) : sameHost(origin, request)) return;
    const cookie = request.cookies[SESSION_COOKIE];
    const session = cookie === undefined || cookie === '' ? undefined : await access.actorForSession(cookie);
    const declared = request.routeOptions.config.access;
    await journal.append({
      actor: journalActor(session?.actor ?? null),
      action: declared === undefined || declared.kind === 'public' ? 'http.websocket' : declared.action,
      outcome: 'denied',
      ip: request.ip,
      target: { type: 'route' },
      details: { method: request.method, route: request.routeOptions.url, origin, reason: 'WebSocket upgrade from a foreign origin', sessionCookie: session !== undefined },
    });
    throw new VigieError('VIGIE_ORIGIN_REFUSED', `WebSocket refused: origin ${origin} is not a public origin of this Vigie (http.publicOrigins)`, { status: 403, context: { origin } });
  });
}

function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/** No public origin configured: the page must come from the host the upgrade was sent to (any scheme). */
function sameHost(origin: string, request: FastifyRequest): boolean {
  const host = request.headers.host;
  if (host === undefined) return false;
  try {
    const page = new URL(origin);
    // Read the Host as the page's scheme would (so that "vigie.fr:443" equals "https://vigie.fr").
    return page.host === new URL(`${page.protocol}//${host}`).host;
  } catch {
    return false;
  }
}
