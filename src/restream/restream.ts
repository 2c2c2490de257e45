// Vigie's RTSP server: rtsp://host:port/<cameraId>/main|sub served from the hub (TCP interleaved and UDP) to
// authenticated, authorised clients — a live relay to a police operations centre — with each session's start
// and end in the journal.
import { actorDetails, journalActor } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Journal } from '../journal/index.js';
import type { Hub } from '../media/hub/index.js';
import { createRtspServer, type RtspServer, type RtspServerLimits, type RtspServerSessionEvent, type RtspServerSource } from '../media/rtsp/index.js';
import { RestreamAuthenticator, type AuthenticatedClient, type RestreamAccess } from './rtsp-auth.js';

export interface RestreamDeps {
  readonly hub: Hub;
  readonly access: RestreamAccess;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly host: string;
  readonly port: number;
  /** Connection caps and the shared descriptor budget (config `limits.rtsp`); the RTSP server's defaults otherwise. */
  readonly limits?: RtspServerLimits;
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

  // Each running session is watched: it ends when its client loses the right (revoked token, disabled account…).
  const unwatch = new Map<string, () => void>();
  let running: RtspServer | undefined;
  const watch = (event: RtspServerSessionEvent, client: AuthenticatedClient | undefined, cameraId: string): void => {
    if (event.kind === 'ended') {
      unwatch.get(event.sessionId)?.();
      unwatch.delete(event.sessionId);
      return;
    }
    if (client === undefined) return;
    const end = (reason: string): void => void running?.endSessions((session) => session.id === event.sessionId, `access withdrawn: ${reason}`);
    unwatch.set(event.sessionId, deps.access.watchStream({ actor: client.actor, action: 'video.live', cameraId, via: 'rtsp', ip: client.ip, end }));
  };

  const onSession = (event: RtspServerSessionEvent): void => {
    const client = auth.client(event.principal);
    const [, cameraId = '', stream = ''] = PATH.exec(event.path) ?? [];
    watch(event, client, cameraId);
    const nowMs = deps.clock.now();
    if (event.kind === 'started') startedAt.set(event.sessionId, nowMs);
    const since = startedAt.get(event.sessionId);
    if (event.kind === 'ended') startedAt.delete(event.sessionId);
    const details =
      event.kind === 'started'
        ? { via: 'rtsp', phase: 'start', stream, transport: event.transport, session: event.sessionId }
        : {
            via: 'rtsp',
            phase: 'end',
            stream,
            transport: event.transport,
            session: event.sessionId,
            durationMs: since === undefined ? null : nowMs - since,
            reason: event.detail ?? event.reason ?? null,
          };
    logger.info({ camera: cameraId, stream, client: event.principal, transport: event.transport }, `RTSP restream ${event.kind}`);
    deps.journal
      .append({
        actor: journalActor(client?.actor ?? null),
        action: 'video.live',
        outcome: 'allowed',
        ...(client === undefined ? {} : { ip: client.ip }),
        target: { type: 'camera', id: cameraId, cameraId },
        details: { ...details, ...actorDetails(client?.actor ?? null) },
      })
      .catch((error: unknown) => logger.error({ err: error }, 'could not journal an RTSP restream session'));
  };

  const server = await createRtspServer({ host: deps.host, port: deps.port, resolve, authenticate: auth.authenticate, authMethods: ['basic'], realm: 'Vigie', onSession, limits: deps.limits });
  running = server;
  logger.info({ port: server.port }, 'RTSP restream server listening');
  return { port: server.port, sessionCount: () => server.sessionCount(), close: () => server.close() };
}
