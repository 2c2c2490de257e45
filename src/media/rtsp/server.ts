// RTSP 1.0 server (RFC 2326) for the restream and the camera simulator: serves each resolved path's access units
// over TCP interleaved or UDP, with optional Basic/Digest authentication through the application's hook. Client
// connections are capped per address and in total at accept, and one periodic sweep (not a timer per packet) ends
// sessions without a sign of life and closes connections that complete no request.
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { ConnectionGuard, LISTEN_BACKLOG, type ClientAdmission } from '../../core/connection-guard.js';
import type { TrackInfo } from '../hub/access-unit.js';
import type { StopReason } from '../hub/stream-consumer.js';
import { openUdpPortPair, type UdpPortPair } from './client-udp.js';
import { ServerAuthenticator, type RtspAuthMethod, type RtspAuthRequest, type RtspAuthResult } from './server-auth.js';
import type { RtspServerContext } from './server-context.js';
import { ServerConnection } from './server-connection.js';
import type { ServerSession } from './server-session.js';
import type { RtspResolveContext, RtspServerSource } from './server-source.js';

export interface RtspServerOptions {
  /** Listen address; tests use 127.0.0.1. */
  readonly host: string;
  /** 0 for an ephemeral port (see `port` on the result). */
  readonly port: number;
  /** A source for a path (`cam-042/main`, no leading slash), or undefined for 404. */
  resolve(path: string, context: RtspResolveContext): RtspServerSource | undefined | Promise<RtspServerSource | undefined>;
  /** Without it every client is let in. With it, `false` answers 401 with the challenges of `authMethods`. */
  readonly authenticate?: (request: RtspAuthRequest) => RtspAuthResult | Promise<RtspAuthResult>;
  /** Default ['digest', 'basic']. */
  readonly authMethods?: readonly RtspAuthMethod[];
  /** Default 'Vigie'. */
  readonly realm?: string;
  /**
   * Announced in the Session header; sessions without any sign of life for this long end (default 60): a request
   * or RTCP on their connection, RTCP over UDP. That also ends TCP sessions whose client vanished (half-open).
   */
  readonly sessionTimeoutS?: number;
  /** Connection caps and idle timeout; the defaults suit the camera simulator (one ingest host, many streams). */
  readonly limits?: Partial<RtspServerLimits> | undefined;
  /** Serve UDP transport too (default true): binds an RTP/RTCP port pair on `host`. */
  readonly udp?: boolean;
  /** How long DESCRIBE waits for an on-demand source to report its track (default 5000 ms). */
  readonly describeTimeoutMs?: number;
  /** Session start and end, for the journal and metrics. */
  readonly onSession?: (event: RtspServerSessionEvent) => void;
}

export interface RtspServerLimits {
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
  /** A connection without a session that completes no request for this long is closed. */
  readonly requestTimeoutMs: number;
  /** The process's descriptor budget shared with other client-facing servers, and where refusals are reported. */
  readonly admission?: ClientAdmission | undefined;
}

const DEFAULT_LIMITS: RtspServerLimits = { maxConnections: 10_000, maxConnectionsPerAddress: 10_000, requestTimeoutMs: 30_000 };
/** The sweep runs at most this far apart, so that timeouts are kept to within a second. */
const SWEEP_MS = 1000;

export interface RtspServerSessionEvent {
  readonly kind: 'started' | 'ended';
  readonly sessionId: string;
  readonly path: string;
  readonly principal: string | undefined;
  readonly transport: 'tcp' | 'udp';
  readonly reason?: StopReason;
  /** Why an ended session was ended, in words: 'timeout', or the reason given to `endSessions`. */
  readonly detail?: string;
}

/** What `endSessions` shows of a session to decide whether to end it. */
export interface RtspSessionView {
  readonly id: string;
  readonly path: string;
  readonly principal: string | undefined;
}

export interface RtspServer {
  readonly port: number;
  /** The server's RTP and RTCP UDP ports, when UDP is served. */
  readonly udpPorts: readonly [number, number] | undefined;
  sessionCount(): number;
  /**
   * Ends the sessions `match` selects (a TCP session's connection is closed, a UDP session stops being sent and is
   * forgotten), each reported as 'ended' with `reason` as its detail; returns how many were ended.
   */
  endSessions(match: (session: RtspSessionView) => boolean, reason: string): number;
  close(): Promise<void>;
}

export async function createRtspServer(options: RtspServerOptions): Promise<RtspServer> {
  const udp: UdpPortPair | undefined = options.udp === false ? undefined : await openUdpPortPair(options.host);
  const sessions = new Map<string, ServerSession>();
  const connections = new Set<ServerConnection>();
  const sessionTimeoutS = options.sessionTimeoutS ?? 60;
  const describeTimeoutMs = options.describeTimeoutMs ?? 5000;
  const limits: RtspServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const guard = new ConnectionGuard('rtsp', limits, limits.admission);
  const notify = (session: ServerSession, kind: 'started' | 'ended', reason?: StopReason, detail?: string): void => {
    const base = { kind, sessionId: session.id, path: session.path, principal: session.principal, transport: session.transport.kind };
    options.onSession?.({ ...base, ...(reason === undefined ? {} : { reason }), ...(detail === undefined ? {} : { detail }) });
  };
  const context: RtspServerContext = {
    sessionId: String(randomBytes(4).readUInt32BE(0)),
    sessionTimeoutS,
    udp,
    udpPorts: udp === undefined ? [0, 0] : [udp.rtpPort, udp.rtpPort + 1],
    authenticator: options.authenticate === undefined ? undefined : new ServerAuthenticator(options.realm ?? 'Vigie', options.authMethods ?? ['digest', 'basic']),
    authenticate: options.authenticate,
    resolve: (path, resolveContext) => options.resolve(path, resolveContext),
    waitForTrack: (source) => waitForTrack(source, describeTimeoutMs),
    onSessionStart: (session) => {
      sessions.set(session.id, session);
      notify(session, 'started');
    },
    onSessionEnd: (session, reason, detail) => {
      sessions.delete(session.id);
      notify(session, 'ended', reason, detail);
    },
    now: () => Date.now(),
  };
  if (udp !== undefined) {
    udp.rtp.on('error', () => undefined);
    udp.rtcp.on('error', () => undefined);
    // Receiver reports from UDP clients keep their sessions alive.
    udp.rtcp.on('message', (_message, from) => {
      for (const session of sessions.values()) {
        if (session.transport.kind === 'udp' && session.transport.address === from.address && session.transport.rtcpPort === from.port) session.touch(Date.now());
      }
    });
  }
  const server: Server = createServer((socket: Socket) => {
    if (!guard.admit(socket)) {
      socket.destroy();
      return;
    }
    const connection = new ServerConnection(socket, context);
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
  });
  guard.attach(server);
  const sweep = setInterval(
    () => {
      const now = Date.now();
      const sessionDeadline = now - sessionTimeoutS * 1000;
      for (const session of [...sessions.values()]) if (session.lastActivityMs < sessionDeadline) session.end('closed', 'timeout');
      const requestDeadline = now - limits.requestTimeoutMs;
      for (const connection of [...connections]) if (connection.idleSince(requestDeadline)) connection.close();
    },
    Math.min(SWEEP_MS, (sessionTimeoutS * 1000) / 2, limits.requestTimeoutMs / 2),
  );
  sweep.unref();
  await new Promise<void>((resolve, reject) => {
    // The port is taken (or refused): give back what was opened for it, so that the process can exit.
    const failed = (error: Error): void => {
      clearInterval(sweep);
      udp?.close();
      reject(error);
    };
    server.once('error', failed);
    server.listen(options.port, options.host, LISTEN_BACKLOG, () => {
      server.off('error', failed);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : options.port,
    udpPorts: udp === undefined ? undefined : [udp.rtpPort, udp.rtpPort + 1],
    sessionCount: () => sessions.size,
    endSessions(match, reason) {
      const matching = [...sessions.values()].filter((session) => match({ id: session.id, path: session.path, principal: session.principal }));
      for (const session of matching) session.end('closed', reason);
      return matching.length;
    },
    async close() {
      clearInterval(sweep);
      for (const connection of [...connections]) connection.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      udp?.close();
    },
  };
}

/** For an on-demand source: subscribe until it reports its track, or give up after the timeout. */
function waitForTrack(source: RtspServerSource, timeoutMs: number): Promise<TrackInfo | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    let subscription: { close(): void } | undefined;
    const finish = (track: TrackInfo | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // start() may come inline, before subscribe() has returned: close once it has.
      queueMicrotask(() => subscription?.close());
      resolve(track);
    };
    const timer = setTimeout(() => finish(source.track()), timeoutMs);
    subscription = source.subscribe(
      { label: 'rtsp describe probe', start: (track) => finish(track), accept: () => undefined, borrowsUnits: true, stop: () => finish(source.track()) },
      { startAt: 'next-keyframe', maxQueuedBytes: 0 },
    );
  });
}
