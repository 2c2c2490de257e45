// The one gate every route passes: who is asking (session cookie or bearer token), whether the route declared
// its access (an undeclared route is refused, so none can slip past), CSRF for cookie-authenticated mutations,
// the policy's decision, and the journal (every denial, every mutation, every use of video).
// Hooks also run on WebSocket upgrade requests (@fastify/websocket routes them like any GET).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigieError } from '../core/errors.js';
import type { Journal, JournalTarget } from '../journal/index.js';
import type { RouteAccess } from '../api/route-access.js';
import { VIDEO_ACTIONS, type Action } from './actions.js';
import type { Access } from './access.js';
import { journalActor, type Actor } from './actor.js';
import { sameSecret } from './secrets.js';

export const SESSION_COOKIE = 'vigie_session';
export const CSRF_COOKIE = 'vigie_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** What a handler adds to the journal entry of its request (a more precise action, the target, the change). */
export interface JournalNote {
  readonly action?: string;
  readonly target?: JournalTarget;
  readonly details?: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated subject, or null (public routes, before login). */
    actor: Actor | null;
    journalNote: JournalNote | null;
  }
}

interface RequestState {
  csrfHash?: string;
  /** The entry to write once the reply status is known. */
  pending?: { action: Action; target: JournalTarget };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function noteJournal(request: FastifyRequest, note: JournalNote): void {
  request.journalNote = { ...request.journalNote, ...note, details: { ...request.journalNote?.details, ...note.details } };
}

export function registerAuthHook(app: FastifyInstance, access: Access, journal: Journal): void {
  const states = new WeakMap<FastifyRequest, RequestState>();
  app.decorateRequest('actor', null);
  app.decorateRequest('journalNote', null);

  const record = async (request: FastifyRequest, action: string, outcome: 'allowed' | 'denied' | 'failed', target: JournalTarget, details: Record<string, unknown>): Promise<void> => {
    await journal.append({ actor: journalActor(request.actor), action, outcome, ip: request.ip, target, details: { method: request.method, route: request.routeOptions.url, ...details } });
  };

  const deny = async (request: FastifyRequest, error: VigieError, action: Action, target: JournalTarget): Promise<never> => {
    await record(request, action, 'denied', target, { status: error.status, reason: error.message });
    throw error;
  };

  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const declared = request.routeOptions.config.access;
    if (declared === undefined) {
      throw new VigieError('VIGIE_ROUTE_UNDECLARED', `route ${request.method} ${request.routeOptions.url ?? ''} declares no access rule and is refused`, { status: 500 });
    }
    if (declared.kind === 'public') return;
    const state: RequestState = {};
    states.set(request, state);
    await resolveActor(request, access, state);
    const target = baseTarget(request, declared);
    if (request.actor === null) {
      const error = new VigieError('VIGIE_AUTH_REQUIRED', 'log in first (session cookie or API token)', { status: 401 });
      if (declared.kind === 'camera' || MUTATING.has(request.method)) await deny(request, error, declared.action, target);
      throw error;
    }
    if (state.csrfHash !== undefined && MUTATING.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameSecret(header, state.csrfHash)) {
        await deny(request, new VigieError('VIGIE_CSRF_FAILED', `missing or wrong ${CSRF_HEADER} header (send the csrfToken from login)`, { status: 403 }), declared.action, target);
      }
    }
  });

  // Authorization runs once the body is parsed (a camera id may be in it) but before schema validation.
  app.addHook('preValidation', async (request) => {
    const declared = request.routeOptions.config.access;
    const actor = request.actor;
    if (request.is404 || declared === undefined || declared.kind === 'public' || actor === null) return;
    const state = states.get(request) ?? {};
    let target = baseTarget(request, declared);
    let resource = {};
    if (declared.kind === 'camera') {
      const cameraId = declared.cameraId(request);
      if (cameraId === undefined || cameraId === '') throw new VigieError('VIGIE_CAMERA_REQUIRED', 'this request must name a camera', { status: 400 });
      const known = await access.resolveCameraCommune(cameraId);
      target = { type: 'camera', id: cameraId, cameraId, ...(known === undefined ? {} : { communeInsee: known }) };
      if (known === undefined) {
        // Refuse first when the role may not do this at all, so camera ids cannot be probed.
        const roleDecision = await access.decide(actor, declared.action);
        if (!roleDecision.allowed) await deny(request, forbidden(roleDecision.reason), declared.action, target);
        state.pending = { action: declared.action, target };
        throw new VigieError('VIGIE_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { status: 404 });
      }
      const timeRange = declared.timeRange?.(request);
      resource = { cameraId, communeInsee: known, ...(timeRange === undefined ? {} : { timeRange }) };
    }
    const decision = await access.decide(actor, declared.action, resource);
    if (!decision.allowed) await deny(request, forbidden(decision.reason), declared.action, target);
    const video = VIDEO_ACTIONS.includes(declared.action);
    if (video && (request as { ws?: boolean }).ws === true) {
      await record(request, declared.action, 'allowed', target, { reason: decision.reason, websocket: true });
    } else if (video || MUTATING.has(request.method)) {
      state.pending = { action: declared.action, target };
    }
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    const pending = states.get(request)?.pending;
    if (pending === undefined) return payload;
    const note = request.journalNote;
    try {
      await record(request, note?.action ?? pending.action, reply.statusCode < 400 ? 'allowed' : 'failed', note?.target ?? pending.target, { status: reply.statusCode, ...note?.details });
    } catch (error) {
      request.log.error({ err: error }, 'could not write the journal entry of a request');
    }
    return payload;
  });
}

async function resolveActor(request: FastifyRequest, access: Access, state: RequestState): Promise<void> {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
    const actor = await access.actorForToken(authorization.slice('Bearer '.length).trim());
    if (actor === undefined) throw new VigieError('VIGIE_TOKEN_INVALID', 'unknown, revoked or expired API token', { status: 401 });
    request.actor = actor;
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie === undefined || cookie === '') return;
  const session = await access.actorForSession(cookie);
  if (session === undefined) return;
  request.actor = session.actor;
  state.csrfHash = session.csrfHash;
}

function baseTarget(request: FastifyRequest, declared: RouteAccess): JournalTarget {
  const id = (request.params as { id?: unknown } | undefined)?.id;
  const type = declared.kind === 'camera' ? 'camera' : declared.kind === 'action' ? (declared.action.split('.')[0] ?? 'route') : 'route';
  return typeof id === 'string' ? { type, id } : { type };
}

function forbidden(reason: string): VigieError {
  return new VigieError('VIGIE_FORBIDDEN', `refused: ${reason}`, { status: 403, context: { reason } });
}
