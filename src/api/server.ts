// The Fastify instance: shared plugins (cookies, WebSocket, OpenAPI), the error → HTTP mapping, health,
// metrics, and each capability's routes as one encapsulated plugin.
import { availableParallelism, freemem, loadavg, totalmem, uptime } from 'node:os';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import type { Registry } from 'prom-client';
import type { Logger } from '../core/logger.js';
import type { Config } from '../config/schema.js';
import { ConnectionGuard } from '../core/connection-guard.js';
import { installConnectionGuards } from './connection-guards.js';
import { registerErrorHandler } from './error-handler.js';
import { collectRouteTable } from './route-table.js';
import './route-access.js';

export interface HttpServerOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly version: string;
  /** Named checks shown by /api/health; any failing one makes the status "degraded". Details stay behind authorization. */
  readonly healthChecks?: Readonly<Record<string, () => boolean>>;
  /** Connection caps sharing the process's descriptor budget; without them, caps from the configuration alone. */
  readonly connectionGuards?: { readonly http: ConnectionGuard; readonly websocket: ConnectionGuard };
  /** Capability plugins, registered in order after the shared ones. */
  readonly plugins: ReadonlyArray<(app: FastifyInstance) => Promise<void> | void>;
}

export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const limits = options.config.limits;
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: options.config.http.bodyLimitBytes,
    keepAliveTimeout: limits.http.keepAliveTimeoutMs,
    requestTimeout: limits.http.requestTimeoutMs,
    // Node checks the header and request deadlines on this period; a connection that never sends a byte is
    // closed by it too (408).
    http: { headersTimeout: Math.min(limits.http.headersTimeoutMs, limits.http.requestTimeoutMs), connectionsCheckingInterval: Math.min(1000, limits.http.headersTimeoutMs / 2) },
    trustProxy: false,
    // The journal records who did what; per-request access lines would only repeat it in the process log.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  collectRouteTable(app);
  registerErrorHandler(app);
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  installConnectionGuards(app, {
    http: options.connectionGuards?.http ?? new ConnectionGuard('http', limits.http),
    websocket: options.connectionGuards?.websocket ?? new ConnectionGuard('websocket', limits.websocket),
    pingIntervalMs: limits.websocket.pingIntervalMs,
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Vigie API', version: options.version, description: 'Video supervision platform for French urban CCTV centres' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'vigie_session' }, token: { type: 'http', scheme: 'bearer' } } },
    },
  });

  app.get('/api/health', { config: { access: { kind: 'public' } }, schema: { tags: ['system'], summary: 'Liveness and version' } }, async () => {
    const checks = Object.fromEntries(Object.entries(options.healthChecks ?? {}).map(([name, check]) => [name, check() ? 'ok' : 'failing']));
    return {
      status: Object.values(checks).every((state) => state === 'ok') ? 'ok' : 'degraded',
      version: options.version,
      uptimeSeconds: Math.round(process.uptime()),
      checks,
    };
  });
  // The health page's server figures (room leads, administrators): enough to tell an overloaded machine at a glance.
  app.get('/api/health/server', { config: { access: { kind: 'action', action: 'health.read' } }, schema: { tags: ['system'], summary: "The server's load, memory and uptime" } }, async () => {
    const memory = process.memoryUsage();
    return {
      loadAverage: loadavg(),
      cpus: availableParallelism(),
      memory: { totalBytes: totalmem(), freeBytes: freemem() },
      process: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, uptimeSeconds: Math.round(process.uptime()) },
      machineUptimeSeconds: Math.round(uptime()),
    };
  });
  app.get('/api/openapi.json', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async () => app.swagger());
  app.get('/metrics', { config: { access: { kind: 'action', action: 'metrics.read' } }, schema: { tags: ['system'], summary: 'Prometheus metrics' } }, async (_request, reply) => {
    reply.header('content-type', options.metrics.contentType);
    return options.metrics.metrics();
  });

  for (const plugin of options.plugins) await plugin(app);
  return app;
}
