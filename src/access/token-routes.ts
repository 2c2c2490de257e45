// API tokens for integrations, managed by administrators. The token value is returned once, at creation.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Access } from './access.js';
import { noteJournal } from './auth-hook.js';
import { CreateTokenBody, IdParams, TokenSchema } from './schemas.js';

export function registerTokenRoutes(app: FastifyInstance, access: Access): void {
  const manage = { kind: 'action', action: 'token.manage' } as const;

  app.post<{ Body: Static<typeof CreateTokenBody> }>(
    '/api/tokens',
    {
      config: { access: manage },
      schema: { tags: ['tokens'], summary: 'Create an API token (value shown once)', body: CreateTokenBody, response: { 201: Type.Intersect([TokenSchema, Type.Object({ token: Type.String() })]) } },
    },
    async (request, reply) => {
      const { token, view } = await access.tokens.create(request.body, request.actor?.username ?? '');
      noteJournal(request, { action: 'token.create', target: { type: 'token', id: view.id }, details: { name: view.name, role: view.role, actions: view.actions, communes: view.communes, expiresAt: view.expiresAt } });
      reply.status(201);
      return { ...view, token };
    },
  );

  app.get('/api/tokens', { config: { access: manage }, schema: { tags: ['tokens'], summary: 'API tokens (without their values)', response: { 200: Type.Array(TokenSchema) } } }, async () => access.tokens.list());

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/tokens/:id',
    { config: { access: manage }, schema: { tags: ['tokens'], summary: 'Revoke an API token', params: IdParams, response: { 200: TokenSchema } } },
    async (request) => {
      const view = await access.tokens.revoke(request.params.id);
      noteJournal(request, { action: 'token.revoke', target: { type: 'token', id: view.id }, details: { name: view.name } });
      return view;
    },
  );
}
