// What every route declares, as data in its Fastify route options: the action it performs and how to find the
// camera it touches, or that it returns camera data in bulk. One hook (access/auth-hook.ts) checks it with the
// policy before the handler runs; the authorization matrix test checks every declared route against a table
// written from docs/access.md.
import type { FastifyRequest } from 'fastify';
import type { Action, NonCameraAction } from '../access/index.js';
import { VigieError } from '../core/errors.js';
import type { CameraScope } from '../territory/index.js';

export type TimeRange = { readonly fromMs: number; readonly toMs: number };

export type RouteAccess =
  /** No login needed (health, login itself, the web app's files). */
  | { readonly kind: 'public' }
  /** Any logged-in subject allowed `action`; the route touches no camera (camera actions cannot be declared here). */
  | { readonly kind: 'action'; readonly action: NonCameraAction }
  /** One camera: `cameraId` reads its id from the request (params, query or body); 404 when it does not exist. */
  | {
      readonly kind: 'camera';
      readonly action: Action;
      readonly cameraId: (request: FastifyRequest) => string | undefined;
      /** Recorded pictures: the footage asked for; a request without one is refused (400) before the handler. */
      readonly timeRange?: (request: FastifyRequest) => TimeRange | undefined;
      /**
       * 'capability': the capability journals the allowed uses itself, summarised (PTZ: one entry per move
       * session, not one per joystick tick); the hook still journals every refusal.
       */
      readonly journaledBy?: 'capability';
    }
  /**
   * Camera data in bulk (lists, summaries): the hook hands the handler the subject's camera scope, and the
   * handler reads it with `requireCameraScope(request)` to filter what it returns.
   */
  | { readonly kind: 'cameras'; readonly action: Action };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Set by the auth hook on routes declared `cameras`: the cameras the subject may see. */
    cameraScope: CameraScope | null;
  }
}

/** Reads `:id` from the route params, the usual way a camera route names its camera. */
export const cameraIdParam = (request: FastifyRequest): string | undefined => (request.params as { id?: string } | undefined)?.id;

/** The subject's camera scope on a route declared `cameras`; a route declared otherwise gets none and fails loudly. */
export function requireCameraScope(request: FastifyRequest): CameraScope {
  if (request.cameraScope === null) {
    throw new VigieError('VIGIE_ROUTE_NOT_SCOPED', `route ${request.method} ${request.routeOptions.url ?? ''} lists camera data but is not declared kind 'cameras'`, { status: 500 });
  }
  return request.cameraScope;
}

/** For data that spans communes (holds over several cameras): only a subject that sees every camera may use it. */
export function requireAllCameras(request: FastifyRequest): void {
  if (!requireCameraScope(request).all) {
    throw new VigieError('VIGIE_FORBIDDEN', 'refused: this covers cameras of any commune; the caller sees only some communes', { status: 403 });
  }
}
