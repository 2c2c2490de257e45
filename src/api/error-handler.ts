// One place maps errors to HTTP replies: VigieError carries its status and code; validation errors are 400;
// anything else is a 500 whose details stay in the log.
import type { FastifyInstance } from 'fastify';
import { isVigieError } from '../core/errors.js';

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (isVigieError(error)) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return reply.status(error.status).send({ error: error.code, message: error.message, details: error.context });
    }
    const fastifyError = error as { validation?: unknown; statusCode?: number; code?: string; message: string };
    if (fastifyError.validation !== undefined) {
      return reply.status(400).send({ error: 'VIGIE_VALIDATION_FAILED', message: fastifyError.message, details: fastifyError.validation });
    }
    if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return reply.status(fastifyError.statusCode).send({ error: fastifyError.code ?? 'VIGIE_BAD_REQUEST', message: fastifyError.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: 'VIGIE_INTERNAL', message: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: 'VIGIE_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` });
  });
}
