// What every route declares, as data in its Fastify route options: the action it performs and how to find
// the camera or commune it touches. One hook (access/auth-hook.ts) checks it with the policy before the
// handler runs, and the authorization test matrix is generated from these declarations.
import type { FastifyRequest } from 'fastify';
import type { Action } from '../access/actions.js';

export type RouteAccess =
  /** No login needed (health, login itself, the web app's files). */
  | { readonly kind: 'public' }
  /** Any logged-in subject; the policy still decides `action`. */
  | { readonly kind: 'action'; readonly action: Action }
  /** Per camera: `cameraId` reads the camera id from the request (params, query or body). */
  | {
      readonly kind: 'camera';
      readonly action: Action;
      readonly cameraId: (request: FastifyRequest) => string | undefined;
      /** For playback and export: the time range asked for, checked against a requisition's scope. */
      readonly timeRange?: (request: FastifyRequest) => { readonly fromMs: number; readonly toMs: number } | undefined;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** Reads `:id` from the route params, the usual way a camera route names its camera. */
export const cameraIdParam = (request: FastifyRequest): string | undefined => (request.params as { id?: string } | undefined)?.id;
