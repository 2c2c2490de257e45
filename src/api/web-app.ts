// Serves the built web console (web/dist, made by `vite build --config web/vite.config.ts`) at /, with the
// single-page-app fallback: a GET that is not an API path and does not name a file answers index.html,
// so a reload on /mosaique or /relecture keeps working. Hashed assets are cached for good; index.html never.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { VigieError } from '../core/errors.js';

export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths that belong to the server, never to the console: an unknown one stays a JSON 404. */
const SERVER_PATHS = /^\/(api|metrics)(\/|\?|$)/;
/** The last path segment has an extension: the browser asks for a file, not for a console page. */
const FILE_PATH = /\.[A-Za-z0-9]+$/;

export interface WebAppOptions {
  readonly distDir?: string;
}

export function webAppRoutes(options: WebAppOptions = {}): (app: FastifyInstance) => Promise<void> {
  const root = options.distDir ?? WEB_DIST_DIR;
  return async (app) => {
    // Encapsulated so that reply.sendFile does not clash with another capability's static files.
    await app.register(async (scope) => {
      await scope.register(fastifyStatic, { root, serve: false });
      scope.get('/*', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async (request, reply) => {
        const path = (request.params as { '*'?: string })['*'] ?? '';
        if (SERVER_PATHS.test(request.url)) {
          throw new VigieError('VIGIE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`, { status: 404 });
        }
        if (!existsSync(join(root, 'index.html'))) {
          throw new VigieError('VIGIE_WEB_NOT_BUILT', 'the web console is not built: run `npx vite build --config web/vite.config.ts` (scripts/setup.sh does it)', { status: 503 });
        }
        if (FILE_PATH.test(path)) {
          const hashed = path.startsWith('assets/');
          return reply.sendFile(path, { maxAge: hashed ? 365 * 24 * 3600 * 1000 : 0, immutable: hashed });
        }
        reply.header('cache-control', 'no-cache');
        return reply.sendFile('index.html', { cacheControl: false });
      });
    });
  };
}
