// The process-wide admission of client connections (HTTP, WebSocket, RTSP restream): one guard per server with
// the caps of `limits:`, all drawing on the descriptor budget taken from the open-file limit (kept up to date as
// cameras come and go), and every refusal counted in a metric and logged at most once per interval (a flood must
// not flood the log too).
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Config } from '../config/schema.js';
import { ClientAdmission, ConnectionGuard, type RefusalReason } from '../core/connection-guard.js';
import type { Logger } from '../core/logger.js';
import { clientDescriptorBudget, readOpenFileLimit } from '../core/open-file-limit.js';
import type { RtspServerLimits } from '../media/rtsp/index.js';

const LOG_INTERVAL_MS = 10_000;
const BUDGET_REFRESH_MS = 5000;
/** Below this many descriptors for clients, say at start which setting to raise. */
const LOW_BUDGET = 1024;

export interface ClientConnectionsOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Registry;
  /** Camera streams ingested now; each keeps `limits.reservedDescriptors.perStream` descriptors from clients. */
  readonly streamCount: () => number;
}

export interface ClientConnections {
  /** For createHttpServer. */
  readonly httpGuards: { readonly http: ConnectionGuard; readonly websocket: ConnectionGuard };
  /** For the RTSP restream's createRtspServer. */
  readonly rtspLimits: RtspServerLimits;
  stop(): void;
}

export function createClientConnections(options: ClientConnectionsOptions): ClientConnections {
  const logger = options.logger.child({ component: 'connections' });
  const limit = readOpenFileLimit();
  const reserve = options.config.limits.reservedDescriptors;
  const budget = (): number => clientDescriptorBudget(limit, { base: reserve.base, perStream: reserve.perStream, streams: options.streamCount() });

  const refusedTotal = new Counter({
    name: 'vigie_client_connections_refused_total',
    help: 'Client connections closed at accept, by server and by the cap they met: per-address, total or descriptors (near a cap, addresses holding many connections are refused first)',
    labelNames: ['server', 'reason'],
    registers: [options.metrics],
  });
  let unlogged = new Map<string, number>();
  let lastLogMs = 0;
  const onRefused = (server: string, reason: RefusalReason, address: string): void => {
    refusedTotal.inc({ server, reason });
    const key = `${server} ${reason}`;
    unlogged.set(key, (unlogged.get(key) ?? 0) + 1);
    const now = Date.now();
    if (now - lastLogMs < LOG_INTERVAL_MS) return;
    lastLogMs = now;
    logger.warn({ refused: Object.fromEntries(unlogged), lastAddress: address, descriptorsInUse: admission.inUse, descriptorBudget: admission.descriptorBudget }, 'client connections refused');
    unlogged = new Map();
  };
  const admission = new ClientAdmission({ descriptorBudget: budget(), onRefused });
  new Gauge({
    name: 'vigie_client_descriptors',
    help: 'File descriptors held by client connections (in_use) and the most they may hold (budget)',
    labelNames: ['kind'],
    registers: [options.metrics],
    collect() {
      this.set({ kind: 'in_use' }, admission.inUse);
      this.set({ kind: 'budget' }, Number.isFinite(admission.descriptorBudget) ? admission.descriptorBudget : -1);
    },
  });

  if (limit !== undefined && admission.descriptorBudget < LOW_BUDGET) {
    logger.warn(
      { openFileLimit: limit, descriptorBudget: admission.descriptorBudget },
      'few file descriptors are left for clients: raise the open-file limit (systemd LimitNOFILE, see docs/operations.md)',
    );
  } else {
    logger.debug({ openFileLimit: limit, descriptorBudget: admission.descriptorBudget }, 'client descriptor budget');
  }
  const refresh = setInterval(() => {
    admission.descriptorBudget = budget();
  }, BUDGET_REFRESH_MS);
  refresh.unref();
  const { limits } = options.config;
  return {
    httpGuards: {
      http: new ConnectionGuard('http', limits.http, admission),
      // An upgraded socket already holds its descriptor through the HTTP guard: this one only caps and reports.
      websocket: new ConnectionGuard('websocket', limits.websocket, new ClientAdmission({ descriptorBudget: Number.POSITIVE_INFINITY, onRefused })),
    },
    rtspLimits: { ...limits.rtsp, admission },
    stop: () => clearInterval(refresh),
  };
}
