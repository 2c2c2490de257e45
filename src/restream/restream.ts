// Vigie's RTSP server: rtsp://host:port/<cameraId>/main|sub served from the hub (TCP interleaved and UDP) to
// authenticated, authorised clients — a live relay to a police operations centre — with each session's start
// and end in the journal.
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Journal } from '../journal/index.js';
import type { Hub } from '../media/hub/index.js';
import { createRtspServer, type RtspServerSessionEvent, type RtspServerSource } from '../media/rtsp/index.js';
import { RestreamAuthenticator, type RestreamAccess } from './rtsp-auth.js';

export interface RestreamDeps {
  readonly hub: Hub;
  readonly access: RestreamAccess;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly host: string;
  readonly port: number;
}

export interface Restream {
  readonly port: number;
  sessionCount(): number;
  close(): Promise<void>;
}

const PATH = /^([^/]+)\/(main|sub)$/;

export async function startRestream(deps: RestreamDeps): Promise<Restream> {
  const logger = deps.logger.child({ component: 'restream' });
  const auth = new RestreamAuthenticator(deps.access, deps.journal, deps.clock);
  const startedAt = new Map<string, number>();

  const resolve = (path: string): RtspServerSource | undefined => {
    if (!PATH.test(path)) return undefined;
    const known = deps.hub.streamStats(path);
    if (known === undefined || (!known.hasPublisher && !known.onDemand)) return undefined;
    return { track: () => deps.hub.track(path), subscribe: (consumer, options) => deps.hub.subscribe(path, consumer, options) };
  };

  const onSession = (event: RtspServerSessionEvent): void => {
    const client = auth.client(event.principal);
    const [, cameraId = '', stream = ''] = PATH.exec(event.path) ?? [];
    const nowMs = deps.clock.now();
    if (event.kind === 'started') startedAt.set(event.sessionId, nowMs);
    const since = startedAt.get(event.sessionId);
    if (event.kind === 'ended') startedAt.delete(event.sessionId);
    const details =
      event.kind === 'started'
        ? { via: 'rtsp', phase: 'start', stream, transport: event.transport, session: event.sessionId }
        : { via: 'rtsp', phase: 'end', stream, transport: event.transport, session: event.sessionId, durationMs: since === undefined ? null : nowMs - since, reason: event.reason ?? null };
    logger.info({ camera: cameraId, stream, client: event.principal, transport: event.transport }, `RTSP restream ${event.kind}`);
    deps.journal
      .append({
        actor: client === undefined ? null : { id: client.actor.id, username: client.actor.username, role: client.actor.role },
        action: 'video.live',
        outcome: 'allowed',
        ...(client === undefined ? {} : { ip: client.ip }),
        target: { type: 'camera', id: cameraId, cameraId },
        details,
      })
      .catch((error: unknown) => logger.error({ err: error }, 'could not journal an RTSP restream session'));
  };

  const server = await createRtspServer({ host: deps.host, port: deps.port, resolve, authenticate: auth.authenticate, authMethods: ['basic'], realm: 'Vigie', onSession });
  logger.info({ port: server.port }, 'RTSP restream server listening');
  return { port: server.port, sessionCount: () => server.sessionCount(), close: () => server.close() };
}
