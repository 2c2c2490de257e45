// Account administration over HTTP: accounts with their habilitation record, the list of habilitations coming
// to an end, disabling (PATCH disabled), an administrator's password reset (a temporary password shown once,
// to be changed at next login) and second-factor reset (a person who lost his phone), lockouts lifted.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { VigieError } from '../core/errors.js';
import type { Access } from './access.js';
import { noteJournal } from '../api/journal-note.js';
import { CreateUserBody, IdParams, UpdateUserBody, UserSchema, UsersQuery } from './schemas.js';
import { habilitationRecord, type UserChanges, type UserView } from './users.js';

type CreateUser = Static<typeof CreateUserBody>;
type UpdateUser = Static<typeof UpdateUserBody>;
type Params = Static<typeof IdParams>;

export function registerUserRoutes(app: FastifyInstance, access: Access): void {
  const read = { kind: 'action', action: 'user.read' } as const;
  const manage = { kind: 'action', action: 'user.manage' } as const;

  app.get<{ Querystring: Static<typeof UsersQuery> }>(
    '/api/users',
    {
      config: { access: read },
      schema: { tags: ['users'], summary: 'All accounts, or those whose habilitation ends within `expiring` days', querystring: UsersQuery, response: { 200: Type.Array(UserSchema) } },
    },
    async (request) => access.users.list(request.query.expiring === undefined ? {} : { expiringWithinDays: request.query.expiring }),
  );

  app.post<{ Body: CreateUser }>(
    '/api/users',
    { config: { access: manage }, schema: { tags: ['users'], summary: 'Create a named account with its habilitation', body: CreateUserBody, response: { 201: UserSchema } } },
    async (request, reply) => {
      const { validFrom: _from, validUntil: _until, trainingDate: _training, ...body } = request.body;
      const user = await access.users.create({ ...body, grantedBy: body.grantedBy ?? request.actor?.username ?? '', ...habilitationDates(request.body) });
      noteJournal(request, {
        action: 'user.create',
        target: { type: 'user', id: user.id },
        details: { username: user.username, role: user.role, communes: user.communes, habilitation: habilitationRecord(user) },
      });
      reply.status(201);
      return user;
    },
  );

  app.get<{ Params: Params }>('/api/users/:id', { config: { access: read }, schema: { tags: ['users'], summary: 'One account', params: IdParams, response: { 200: UserSchema } } }, async (request) =>
    access.users.get(request.params.id),
  );

  app.patch<{ Params: Params; Body: UpdateUser }>(
    '/api/users/:id',
    {
      config: { access: manage },
      schema: { tags: ['users'], summary: 'Change role, communes, habilitation, password or disable', params: IdParams, body: UpdateUserBody, response: { 200: UserSchema } },
    },
    async (request) => {
      const { validFrom: _from, validUntil: _until, trainingDate: _training, ...rest } = request.body;
      // A password an administrator chose for someone else is known to two people: the owner must replace it.
      const chosenForSomeoneElse = rest.password !== undefined && request.params.id !== request.actor?.id;
      const changes: UserChanges = { ...rest, ...habilitationDates(request.body), ...(chosenForSomeoneElse ? { mustChangePassword: true } : {}) };
      const { before, after } = await access.users.update(request.params.id, changes);
      noteJournal(request, {
        action: 'user.update',
        target: { type: 'user', id: after.id },
        details: { username: after.username, changes: diff(before, after), passwordReset: request.body.password !== undefined },
      });
      // A disabled account, a new role, communes or habilitation end or narrow its running streams now.
      await access.recheckStreams();
      return after;
    },
  );

  app.post<{ Params: Params }>(
    '/api/users/:id/reset-password',
    {
      config: { access: manage },
      schema: {
        tags: ['users'],
        summary: 'Reset the password: a temporary one, shown in this answer only, to be changed at next login; the sessions end',
        params: IdParams,
        response: { 200: Type.Object({ user: UserSchema, temporaryPassword: Type.String() }) },
      },
    },
    async (request) => {
      const result = await access.users.resetPassword(request.params.id);
      noteJournal(request, { action: 'user.password.reset', target: { type: 'user', id: result.user.id }, details: { username: result.user.username } });
      await access.recheckStreams();
      return result;
    },
  );

  app.post<{ Params: Params }>(
    '/api/users/:id/reset-second-factor',
    {
      config: { access: manage },
      schema: { tags: ['users'], summary: 'Remove the second factor (lost phone): the person enrols again; the sessions end', params: IdParams, response: { 200: UserSchema } },
    },
    async (request) => {
      const before = await access.users.get(request.params.id);
      const user = await access.users.setSecondFactor(request.params.id, null);
      noteJournal(request, { action: 'user.second-factor.reset', target: { type: 'user', id: user.id }, details: { username: user.username, hadSecondFactor: before.secondFactor } });
      await access.recheckStreams();
      return user;
    },
  );

  app.post<{ Params: Params }>(
    '/api/users/:id/unlock',
    {
      config: { access: manage },
      schema: {
        tags: ['users'],
        summary: 'Lift the login lockouts of an account (from every address)',
        params: IdParams,
        response: { 200: Type.Object({ username: Type.String(), lifted: Type.Integer() }) },
      },
    },
    async (request) => {
      const user = await access.users.get(request.params.id);
      const lifted = await access.loginAttempts.unlockAccount(user.username);
      noteJournal(request, { action: 'user.unlock', target: { type: 'user', id: user.id }, details: { username: user.username, lifted } });
      return { username: user.username, lifted };
    },
  );

  app.delete<{ Params: Params }>(
    '/api/users/:id',
    { config: { access: manage }, schema: { tags: ['users'], summary: 'Delete an account (its journal entries stay)', params: IdParams, response: { 200: UserSchema } } },
    async (request) => {
      if (request.params.id === request.actor?.id) throw new VigieError('VIGIE_USER_SELF_DELETE', 'you cannot delete your own account', { status: 409 });
      const removed = await access.users.remove(request.params.id);
      noteJournal(request, { action: 'user.delete', target: { type: 'user', id: removed.id }, details: { username: removed.username, role: removed.role } });
      await access.recheckStreams();
      return removed;
    },
  );
}

/** ISO strings of the API → epoch ms of the store; absent stays absent, null clears. */
function habilitationDates(body: { validFrom?: string | null; validUntil?: string | null; trainingDate?: string | null }): {
  validFromMs?: number | null;
  validUntilMs?: number | null;
  trainingDateMs?: number | null;
} {
  return {
    ...(body.validFrom === undefined ? {} : { validFromMs: parseInstant(body.validFrom, 'validFrom') }),
    ...(body.validUntil === undefined ? {} : { validUntilMs: parseInstant(body.validUntil, 'validUntil') }),
    ...(body.trainingDate === undefined ? {} : { trainingDateMs: parseInstant(body.trainingDate, 'trainingDate') }),
  };
}

function parseInstant(value: string | null, field: string): number | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new VigieError('VIGIE_VALIDATION_FAILED', `${field} must be an ISO 8601 date-time`, { status: 400, context: { field, value } });
  return ms;
}

function diff(before: UserView, after: UserView): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ['displayName', 'role', 'communes', 'grantedBy', 'authority', 'reference', 'validFrom', 'validUntil', 'trainingDate', 'disabled'] as const) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}
