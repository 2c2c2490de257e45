// What a server connection needs from the server that owns it (kept small so connections test alone).
import type { Socket as UdpSocket } from 'node:dgram';
import type { TrackInfo } from '../hub/access-unit.js';
import type { StopReason } from '../hub/stream-consumer.js';
import type { RtspAuthRequest, RtspAuthResult, ServerAuthenticator } from './server-auth.js';
import type { ServerSession } from './server-session.js';
import type { RtspResolveContext, RtspServerSource } from './server-source.js';

export interface RtspServerContext {
  readonly sessionId: string;
  readonly sessionTimeoutS: number;
  readonly udp: { readonly rtp: UdpSocket; readonly rtcp: UdpSocket } | undefined;
  readonly udpPorts: readonly [number, number];
  readonly authenticator: ServerAuthenticator | undefined;
  readonly authenticate: ((request: RtspAuthRequest) => RtspAuthResult | Promise<RtspAuthResult>) | undefined;
  resolve(path: string, context: RtspResolveContext): RtspServerSource | undefined | Promise<RtspServerSource | undefined>;
  waitForTrack(source: RtspServerSource): Promise<TrackInfo | undefined>;
  onSessionStart(session: ServerSession): void;
  onSessionEnd(session: ServerSession, reason: StopReason, detail: string | undefined): void;
  now(): number;
}
