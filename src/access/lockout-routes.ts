// The login lockouts in force, for room leads and administrators (`lockout.read`): which account, from which
// address, how many failures and until when. Never any password material.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Access } from './access.js';

const Lockout = Type.Object({
  kind: Type.Union([Type.Literal('account_address'), Type.Literal('account'), Type.Literal('address')]),
  username: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  failures: Type.Integer(),
  lockouts: Type.Integer(),
  lockedUntil: Type.String(),
});

export function registerLockoutRoutes(app: FastifyInstance, access: Access): void {
  app.get(
    '/api/auth/lockouts',
    {
      config: { access: { kind: 'action', action: 'lockout.read' } },
      schema: { tags: ['auth'], summary: 'Login lockouts in force (account with address, account, or address)', response: { 200: Type.Array(Lockout) } },
    },
    async () => access.loginAttempts.lockouts(),
  );
}
