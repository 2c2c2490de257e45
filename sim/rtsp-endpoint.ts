// The simulator's RTSP face: Vigie's own RTSP server, each path "cam<N>/main|sub" served from the simulator's
// hub, with Digest and Basic authentication when credentials are set.
import type { Logger } from '../src/core/logger.js';
import type { Hub } from '../src/media/hub/index.js';
import { createRtspServer, type RtspAuthRequest } from '../src/media/rtsp/index.js';
import type { Credentials } from './onvif/ws-security.js';

export interface RtspEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

export function checkRtspCredentials(request: RtspAuthRequest, expected: Credentials): boolean {
  const given = request.credentials;
  if (given === undefined || given.username !== expected.username) return false;
  return given.scheme === 'basic' ? given.password === expected.password : request.verifyDigestPassword(expected.password);
}

export async function startRtspEndpoint(options: { host: string; port: number; credentials: Credentials | undefined; hub: Hub; logger: Logger; exists(path: string): boolean }): Promise<RtspEndpoint> {
  const { hub, credentials } = options;
  const server = await createRtspServer({
    host: options.host,
    port: options.port,
    ...(credentials === undefined ? {} : { authenticate: (request: RtspAuthRequest) => checkRtspCredentials(request, credentials) }),
    resolve: (path: string) => (options.exists(path) ? { track: () => hub.track(path), subscribe: (consumer, subscribeOptions) => hub.subscribe(path, consumer, subscribeOptions) } : undefined),
  });
  return { port: server.port, close: () => server.close() };
}
