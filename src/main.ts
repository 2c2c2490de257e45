// Composition root: config → database → capabilities → servers, and the reverse on shutdown.
// Nothing else decides how capabilities are wired.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from './config/schema.js';
import { systemClock, type Clock } from './core/clock.js';
import { createLogger, type Logger } from './core/logger.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { createHttpServer } from './api/server.js';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface StartOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export interface Vigie {
  readonly version: string;
  /** Where to open the web console. */
  readonly url: string;
  /** Lines printed once at start (where to log in, a generated administrator password). */
  readonly startupNotes: readonly string[];
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export async function startVigie(config: Config, options: StartOptions = {}): Promise<Vigie> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.log.level });
  mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir });
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const startupNotes: string[] = [];
  const closers: Array<() => Promise<void> | void> = [() => database.close()];

  // --- capabilities (each block wires one capability; keep them in dependency order) ---
  // [journal]
  // [access]
  // [territory]
  // [media]
  // [recording]
  // --- end capabilities ---

  const app = await createHttpServer({
    config,
    logger,
    metrics,
    version: VERSION,
    plugins: [
      // [routes]
    ],
  });
  closers.push(() => app.close());
  await app.listen({ host: config.http.host, port: config.http.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
  const shownHost = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  void clock;

  return {
    version: VERSION,
    url: `http://${shownHost}:${port}/`,
    startupNotes,
    config,
    database,
    app,
    async close() {
      for (const close of closers.reverse()) {
        try {
          await close();
        } catch (error) {
          logger.warn({ err: error }, 'error while shutting down');
        }
      }
    },
  };
}
