// API tokens for integrations. A person mints tokens within his own rights (token.create: room leads and
// administrators) and sees and revokes his own; administrators (token.manage) see and revoke every token. The
// token value is returned once, at creation. A revocation ends the token's running streams at once.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { noteJournal } from '../api/journal-note.js';
import { VigieError } from '../core/errors.js';
import type { Access } from './access.js';
import type { Actor } from './actor.js';
import { CreateTokenBody, IdParams, TokenSchema } from './schemas.js';

export function registerTokenRoutes(app: FastifyInstance, access: Access): void {
  const create = { kind: 'action', action: 'token.create' } as const;

  /** The person acting; tokens are minted and managed by people, never by another token. */
  const person = (request: FastifyRequest): Actor => {
    const actor = request.actor;
    if (actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
    if (actor.token !== undefined) throw new VigieError('VIGIE_TOKEN_BY_TOKEN', 'API tokens are managed by a logged-in person, not through another token', { status: 403 });
    return actor;
  };
  const managesAll = async (actor: Actor): Promise<boolean> => (await access.decide(actor, 'token.manage')).allowed;

  app.post<{ Body: Static<typeof CreateTokenBody> }>(
    '/api/tokens',
    {
      config: { access: create },
      schema: {
        tags: ['tokens'],
        summary: 'Mint an API token within your own rights (value shown once)',
        body: CreateTokenBody,
        response: { 201: Type.Intersect([TokenSchema, Type.Object({ token: Type.String() })]) },
      },
    },
    async (request, reply) => {
      const { token, view } = await access.tokens.create(request.body, person(request));
      noteJournal(request, {
        action: 'token.create',
        target: { type: 'token', id: view.id },
        details: { name: view.name, role: view.role, actions: view.actions, communes: view.communes, expiresAt: view.expiresAt },
      });
      reply.status(201);
      return { ...view, token };
    },
  );

  app.get(
    '/api/tokens',
    { config: { access: create }, schema: { tags: ['tokens'], summary: 'API tokens without their values: yours, or all for administrators', response: { 200: Type.Array(TokenSchema) } } },
    async (request) => {
      const actor = person(request);
      return access.tokens.list((await managesAll(actor)) ? undefined : actor.id);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/tokens/:id',
    { config: { access: create }, schema: { tags: ['tokens'], summary: 'Revoke an API token (yours, or any for administrators)', params: IdParams, response: { 200: TokenSchema } } },
    async (request) => {
      const actor = person(request);
      const row = await access.tokens.row(request.params.id);
      if (row === undefined || (row.owner_id !== actor.id && !(await managesAll(actor)))) throw new VigieError('VIGIE_TOKEN_NOT_FOUND', `no API token ${request.params.id} of yours`, { status: 404 });
      const view = await access.tokens.revoke(row.id);
      noteJournal(request, { action: 'token.revoke', target: { type: 'token', id: view.id }, details: { name: view.name, ownerId: view.ownerId } });
      await access.recheckStreams();
      return view;
    },
  );
}
