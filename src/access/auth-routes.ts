// Login, logout and "who am I". Login sets the HttpOnly session cookie (SameSite=Strict) and returns a CSRF
// token, also set as a readable cookie for the web app (double submit: mutations send it in x-csrf-token).
import { Type, type Static } from '@sinclair/typebox';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { VigieError } from '../core/errors.js';
import type { Access } from './access.js';
import type { Actor } from './actor.js';
import { noteJournal } from '../api/journal-note.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth-hook.js';
import { LoginBody, SessionUser } from './schemas.js';
import { secretHash } from './secrets.js';

export function registerAuthRoutes(app: FastifyInstance, access: Access): void {
  const cookieOptions = (httpOnly: boolean): CookieSerializeOptions => ({
    httpOnly,
    sameSite: 'strict',
    path: '/',
    secure: access.config.http.secureCookies,
    maxAge: access.config.security.sessionAbsoluteHours * 3600,
  });

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/auth/login',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password; sets the session cookie',
        body: LoginBody,
        response: { 200: Type.Object({ user: SessionUser, csrfToken: Type.String() }) },
      },
    },
    async (request, reply) => {
      const actor = await access.authenticatePassword(request.body.username, request.body.password, { ip: request.ip });
      const previous = request.cookies[SESSION_COOKIE];
      if (previous !== undefined && previous !== '') await access.sessions.end(secretHash(previous));
      const { token, csrfToken } = await access.sessions.create(actor.id, { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' });
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(true));
      reply.setCookie(CSRF_COOKIE, csrfToken, cookieOptions(false));
      return { user: await sessionUser(access, actor), csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: { kind: 'action', action: 'session.read' } }, schema: { tags: ['auth'], summary: 'End the current session', response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie !== undefined && cookie !== '') await access.sessions.end(secretHash(cookie));
      clearCookies(reply);
      noteJournal(request, { action: 'auth.logout', target: { type: 'session' } });
      // The session's running streams end now, not at the next periodic check.
      await access.recheckStreams();
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: { kind: 'action', action: 'session.read' } },
      schema: {
        tags: ['auth'],
        summary: 'The logged-in subject, its allowed actions and camera scope',
        response: {
          200: Type.Object({
            user: SessionUser,
            kind: Type.String(),
            actions: Type.Array(Type.String()),
            cameraScope: Type.Object({ all: Type.Boolean(), communes: Type.Optional(Type.Array(Type.String())) }),
          }),
        },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
      return { user: await sessionUser(access, actor), kind: actor.kind, actions: [...(await access.allowedActions(actor))], cameraScope: (await access.decideScope(actor, 'camera.list')).scope };
    },
  );
}

function clearCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

async function sessionUser(access: Access, actor: Actor): Promise<Static<typeof SessionUser>> {
  const displayName = actor.kind === 'user' ? (await access.users.get(actor.id)).displayName : actor.username;
  return { id: actor.id, username: actor.username, role: actor.role, communes: [...actor.communes], displayName };
}
