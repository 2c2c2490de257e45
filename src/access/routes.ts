// The access capability's HTTP side: the global auth hook, then login/logout/me, accounts and API tokens.
import type { FastifyInstance } from 'fastify';
import type { Journal } from '../journal/index.js';
import type { Access } from './access.js';
import { registerAuthHook } from './auth-hook.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerLockoutRoutes } from './lockout-routes.js';
import { registerOriginCheck } from './origin-check.js';
import { registerTokenRoutes } from './token-routes.js';
import { registerUserRoutes } from './user-routes.js';

/** Register on the root instance (not encapsulated) so that the hook guards every capability's routes. */
export function accessRoutes(access: Access, journal: Journal): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    registerOriginCheck(app, access, journal);
    registerAuthHook(app, access, journal);
    registerAuthRoutes(app, access);
    registerLockoutRoutes(app, access);
    registerUserRoutes(app, access);
    registerTokenRoutes(app, access);
  };
}
