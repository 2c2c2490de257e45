// The table of every route the server registers, with its access declaration, collected as routes are added.
// The auth hook refuses undeclared routes at request time; the authorization matrix test walks this table.
import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { RouteAccess } from './route-access.js';

export interface RouteEntry {
  readonly method: HTTPMethods;
  readonly url: string;
  readonly access: RouteAccess | undefined;
  readonly websocket: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly routeTable: readonly RouteEntry[];
  }
}

/** Call right after creating the instance, before any route exists. */
export function collectRouteTable(app: FastifyInstance): void {
  const routes: RouteEntry[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const websocket = (route as { websocket?: boolean }).websocket === true;
    for (const method of methods) routes.push({ method, url: route.url, access: route.config?.access, websocket });
  });
}
