// Login, logout and "who am I". Login sets the HttpOnly session cookie (SameSite=Strict) and returns a CSRF
// token, also set as a readable cookie for the web app (double submit: mutations send it in x-csrf-token).
// A person's own account: his password change, his second factor's enrolment.
import { Type, type Static } from '@sinclair/typebox';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { VigieError } from '../core/errors.js';
import type { Access } from './access.js';
import type { Actor } from './actor.js';
import { noteJournal } from '../api/journal-note.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth-hook.js';
import { AccountStatus, LoginBody, PasswordChangeBody, SecondFactorConfirmBody, SecondFactorSetup, SessionUser } from './schemas.js';
import { newEnrolment, sealSecret, secondFactorRequired } from './second-factor.js';
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
        summary: 'Log in with username, password and, when the account has a second factor, its one-time code; sets the session cookie',
        body: LoginBody,
        response: { 200: Type.Object({ user: SessionUser, csrfToken: Type.String(), account: AccountStatus }) },
      },
    },
    async (request, reply) => {
      const actor = await access.authenticatePassword(request.body.username, request.body.password, { ip: request.ip }, request.body.code);
      const previous = request.cookies[SESSION_COOKIE];
      if (previous !== undefined && previous !== '') await access.sessions.end(secretHash(previous));
      // An investigator's session is time-boxed: it ends at its term whatever its use (docs/access.md).
      const timeBoxMs = actor.role === 'investigator' ? access.config.security.investigatorSessionMinutes * 60_000 : undefined;
      const { token, csrfToken, endsAt } = await access.sessions.create(actor.id, { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' }, timeBoxMs);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(true));
      reply.setCookie(CSRF_COOKIE, csrfToken, cookieOptions(false));
      return { user: await sessionUser(access, actor), csrfToken, account: { ...(await accountStatus(access, actor)), sessionEndsAt: endsAt === null ? null : new Date(endsAt).toISOString() } };
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
            account: Type.Union([AccountStatus, Type.Null()]),
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
      return {
        user: await sessionUser(access, actor),
        account: actor.kind === 'user' ? await accountStatus(access, actor) : null,
        kind: actor.kind,
        actions: [...(await access.allowedActions(actor))],
        cameraScope: (await access.decideScope(actor, 'camera.list')).scope,
      };
    },
  );

  const own = { kind: 'action', action: 'session.read' } as const;

  app.post<{ Body: Static<typeof PasswordChangeBody> }>(
    '/api/auth/password',
    {
      config: { access: own },
      schema: {
        tags: ['auth'],
        summary: 'Change one’s own password (required after an administrator’s reset); the other sessions end',
        body: PasswordChangeBody,
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (request) => {
      const actor = personOnly(request.actor);
      await access.users.changeOwnPassword(actor.id, request.body.currentPassword, request.body.newPassword, actor.sessionId);
      noteJournal(request, { action: 'user.password.change', target: { type: 'user', id: actor.id }, details: { afterReset: actor.pending === 'password-change' } });
      await access.recheckStreams();
      return { ok: true };
    },
  );

  app.post(
    '/api/auth/second-factor/setup',
    {
      config: { access: own },
      schema: {
        tags: ['auth'],
        summary: 'A new TOTP secret with its otpauth URI and QR code (SVG), to confirm with a code; nothing is stored yet',
        response: { 200: SecondFactorSetup },
      },
    },
    async (request) => {
      const actor = personOnly(request.actor);
      secondFactorOn(access);
      return newEnrolment(actor.username);
    },
  );

  app.post<{ Body: Static<typeof SecondFactorConfirmBody> }>(
    '/api/auth/second-factor',
    {
      config: { access: own },
      schema: {
        tags: ['auth'],
        summary: 'Enrol the second factor: the secret from setup and a code the app shows now; the secret is never shown again',
        body: SecondFactorConfirmBody,
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (request) => {
      const actor = personOnly(request.actor);
      secondFactorOn(access);
      if (!access.secondFactor.codeMatches(request.body.secret, request.body.code.trim())) throw new VigieError('VIGIE_SECOND_FACTOR_INVALID', 'wrong or expired one-time code', { status: 400 });
      const before = await access.users.get(actor.id);
      await access.users.setSecondFactor(actor.id, sealSecret(access.secondFactor.sealer, actor.id, request.body.secret));
      noteJournal(request, { action: 'user.second-factor.enrol', target: { type: 'user', id: actor.id }, details: { replaced: before.secondFactor } });
      return { ok: true };
    },
  );
}

/** The person's own account routes take a logged-in person, not an API token. */
function personOnly(actor: Actor | null): Actor {
  if (actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
  if (actor.kind !== 'user') throw new VigieError('VIGIE_TOKEN_BY_TOKEN', 'a person manages his own account from a login session, not through an API token', { status: 403 });
  return actor;
}

function secondFactorOn(access: Access): void {
  if (access.secondFactor.setting === 'off') throw new VigieError('VIGIE_SECOND_FACTOR_DISABLED', 'the second factor is turned off on this installation', { status: 409 });
}

async function accountStatus(access: Access, actor: Actor): Promise<Static<typeof AccountStatus>> {
  const user = await access.users.get(actor.id);
  const setting = access.secondFactor.setting;
  const endsAt = actor.sessionId === undefined ? null : await access.sessions.endsAt(actor.sessionId);
  return {
    sessionEndsAt: endsAt === null ? null : new Date(endsAt).toISOString(),
    validUntil: user.validUntil,
    pending: actor.pending ?? null,
    secondFactor: { setting, enrolled: user.secondFactor, required: secondFactorRequired(setting, user.role) },
  };
}

function clearCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

async function sessionUser(access: Access, actor: Actor): Promise<Static<typeof SessionUser>> {
  const displayName = actor.kind === 'user' ? (await access.users.get(actor.id)).displayName : actor.username;
  return { id: actor.id, username: actor.username, role: actor.role, communes: [...actor.communes], displayName };
}
