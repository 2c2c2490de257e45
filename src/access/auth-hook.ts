// The one gate every route passes: who is asking (session cookie or bearer token), whether the route declared
// its access (an undeclared route is refused, so none can slip past), CSRF for cookie-authenticated mutations,
// the policy's decision — for one camera, for camera data in bulk (the handler gets the subject's scope), or for
// an action on no camera — and the journal (every denial, every mutation, every use of video). WebSocket video
// streams are handed to the stream watch, which ends them when their subject loses the right.
// Hooks also run on WebSocket upgrade requests (@fastify/websocket routes them like any GET).
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigieError } from '../core/errors.js';
import type { Journal, JournalTarget } from '../journal/index.js';
import type { RouteAccess } from '../api/route-access.js';
import { VIDEO_ACTIONS, type Action } from './actions.js';
import type { WebSocket } from 'ws';
import type { Access } from './access.js';
import { actorDetails, journalActor, type Actor, type Pending } from './actor.js';
import { sameSecret } from './secrets.js';
import type { WatchedStream } from './stream-watch.js';

export const SESSION_COOKIE = 'vigie_session';
export const CSRF_COOKIE = 'vigie_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/**
 * A wall PC's device token kept as an HttpOnly cookie (set by the wall's device-session route), because browsers
 * cannot put a bearer header on a WebSocket. It acts exactly as the token would as a bearer.
 */
export const DEVICE_COOKIE = 'vigie_device';

/** A text message, then close code 4403 (like HTTP 403), when a running stream's right is withdrawn. */
export const STREAM_REVOKED_CLOSE_CODE = 4403;

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated subject, or null (public routes, before login). */
    actor: Actor | null;
  }
}

interface RequestState {
  csrfHash?: string;
  /** The entry to write once the reply status is known. */
  pending?: { action: Action; target: JournalTarget };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerAuthHook(app: FastifyInstance, access: Access, journal: Journal): void {
  const states = new WeakMap<FastifyRequest, RequestState>();
  app.decorateRequest('actor', null);
  app.decorateRequest('journalNote', null);
  app.decorateRequest('cameraScope', null);
  // WebSocket video streams are watched from the moment the upgrade completes until their socket closes.
  const pendingStreams = new WeakMap<IncomingMessage, Omit<WatchedStream, 'end'>>();
  app.websocketServer.on('connection', (socket: WebSocket, raw: IncomingMessage) => {
    const stream = pendingStreams.get(raw);
    if (stream === undefined) return;
    pendingStreams.delete(raw);
    const unwatch = access.watchStream({ ...stream, end: (reason) => endWebSocket(socket, reason) });
    socket.once('close', unwatch);
  });

  const record = async (request: FastifyRequest, action: string, outcome: 'allowed' | 'denied' | 'failed', target: JournalTarget, details: Record<string, unknown>): Promise<void> => {
    await journal.append({
      actor: journalActor(request.actor),
      action,
      outcome,
      ip: request.ip,
      target,
      details: { method: request.method, route: request.routeOptions.url, ...actorDetails(request.actor), ...details },
    });
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
    // A reset password to change, or a required second factor to enrol: the session's own routes only.
    const pending = request.actor.pending;
    if (pending !== undefined && !(declared.kind === 'action' && declared.action === 'session.read')) {
      await deny(request, pendingError(pending), declared.action, target);
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
    if (declared.kind === 'cameras') {
      const decision = await access.decideScope(actor, declared.action);
      if (!decision.allowed) await deny(request, forbidden(decision.reason), declared.action, baseTarget(request, declared));
      request.cameraScope = decision.scope;
      if (MUTATING.has(request.method)) state.pending = { action: declared.action, target: baseTarget(request, declared) };
      return;
    }
    if (declared.kind === 'action') {
      const decision = await access.decide(actor, declared.action);
      if (!decision.allowed) await deny(request, forbidden(decision.reason), declared.action, baseTarget(request, declared));
      if (MUTATING.has(request.method)) state.pending = { action: declared.action, target: baseTarget(request, declared) };
      return;
    }
    const cameraId = declared.cameraId(request);
    if (cameraId === undefined || cameraId === '') throw new VigieError('VIGIE_CAMERA_REQUIRED', 'this request must name a camera', { status: 400 });
    const timeRange = declared.timeRange?.(request);
    let target: JournalTarget = { type: 'camera', id: cameraId, cameraId };
    if (declared.timeRange !== undefined && timeRange === undefined) {
      const roleDecision = await access.decideScope(actor, declared.action);
      if (!roleDecision.allowed) await deny(request, forbidden(roleDecision.reason), declared.action, target);
      throw new VigieError('VIGIE_TIME_RANGE_REQUIRED', 'this request reads recorded pictures: give the instant or range (ISO 8601 or ms since the epoch)', { status: 400 });
    }
    const decision = await access.decideCamera(actor, declared.action, { cameraId, ...(timeRange === undefined ? {} : { timeRange }) });
    if (decision.communeInsee !== undefined) target = { ...target, communeInsee: decision.communeInsee };
    if (decision.unknownCamera === true) {
      state.pending = { action: declared.action, target };
      throw new VigieError('VIGIE_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { status: 404 });
    }
    if (!decision.allowed) await deny(request, forbidden(decision.reason), declared.action, target);
    const video = (VIDEO_ACTIONS as readonly Action[]).includes(declared.action);
    if (video && (request as { ws?: boolean }).ws === true) {
      await record(request, declared.action, 'allowed', target, { reason: decision.reason, websocket: true });
      pendingStreams.set(request.raw, { actor, action: declared.action, cameraId, via: 'websocket', ip: request.ip, ...(timeRange === undefined ? {} : { timeRange }) });
    } else if ((video || MUTATING.has(request.method)) && declared.journaledBy !== 'capability') {
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

/** Ends a WebSocket stream whose right was withdrawn: a text message saying why, then the close (forced if need be). */
export function endWebSocket(socket: WebSocket, reason: string): void {
  if (socket.readyState === socket.OPEN) {
    socket.send(JSON.stringify({ type: 'error', code: 'VIGIE_ACCESS_REVOKED', message: `access withdrawn: ${reason}` }));
    socket.close(STREAM_REVOKED_CLOSE_CODE, 'access withdrawn');
  }
  setTimeout(() => socket.terminate(), 1000).unref();
}

async function resolveActor(request: FastifyRequest, access: Access, state: RequestState): Promise<void> {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
    const result = await access.actorForToken(authorization.slice('Bearer '.length).trim());
    if ('refused' in result) throw new VigieError('VIGIE_TOKEN_INVALID', `API token refused: ${result.refused}`, { status: 401 });
    request.actor = result.actor;
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  const device = request.cookies[DEVICE_COOKIE];
  if ((cookie === undefined || cookie === '') && device !== undefined && device !== '') {
    const result = await access.actorForToken(device);
    if ('actor' in result) request.actor = result.actor;
    return;
  }
  if (cookie === undefined || cookie === '') return;
  const session = await access.actorForSession(cookie);
  if (session === undefined) return;
  request.actor = session.actor;
  state.csrfHash = session.csrfHash;
}

function baseTarget(request: FastifyRequest, declared: RouteAccess): JournalTarget {
  const id = (request.params as { id?: unknown } | undefined)?.id;
  const type = declared.kind === 'camera' ? 'camera' : declared.kind === 'public' ? 'route' : (declared.action.split('.')[0] ?? 'route');
  return typeof id === 'string' ? { type, id } : { type };
}

function pendingError(pending: Pending): VigieError {
  return pending === 'password-change'
    ? new VigieError('VIGIE_PASSWORD_CHANGE_REQUIRED', 'change the password an administrator reset first (POST /api/auth/password)', { status: 403 })
    : new VigieError('VIGIE_SECOND_FACTOR_ENROLMENT_REQUIRED', 'enrol a second factor first (POST /api/auth/second-factor/setup)', { status: 403 });
}

function forbidden(reason: string): VigieError {
  return new VigieError('VIGIE_FORBIDDEN', `refused: ${reason}`, { status: 403, context: { reason } });
}
