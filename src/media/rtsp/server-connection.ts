// One client connection to the RTSP server: answers OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, GET_PARAMETER and
// TEARDOWN in order (RFC 2326 §10), authenticating through the application's hook.
import type { Socket } from 'node:net';
import { isVigieError } from '../../core/errors.js';
import type { TrackInfo } from '../hub/access-unit.js';
import { writeVideoSdp } from '../sdp/write.js';
import { parseSession, writeSession } from './headers/session.js';
import { isTcpTransport, parseTransports, writeTransport, type TransportSpec } from './headers/transport.js';
import { writeRtpInfo } from './headers/rtp-info.js';
import { getHeader, writeResponse, type HeaderInput, type RtspRequest } from './message.js';
import { RtspMessageReader } from './message-reader.js';
import type { ServerAuthenticator } from './server-auth.js';
import type { RtspServerContext } from './server-context.js';
import { ServerSession } from './server-session.js';
import type { RtspServerSource } from './server-source.js';

const PUBLIC_METHODS = 'OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER';
/** Clients send one request at a time, a few at most when pipelining; more is a flood. */
const MAX_PIPELINED_REQUESTS = 16;
/** A client that does not read its last bytes within this delay is cut off. */
const LINGER_MS = 2000;
/** The SETUP URL of the one track is `<content base>trackID=0`. */
const TRACK_CONTROL = 'trackID=0';

interface Reply {
  readonly status: number;
  readonly reason: string;
  readonly headers?: HeaderInput;
  readonly body?: string;
}

export class ServerConnection {
  readonly #socket: Socket;
  readonly #context: RtspServerContext;
  readonly #reader = new RtspMessageReader();
  readonly #sessions = new Set<ServerSession>();
  #queue: Promise<void> = Promise.resolve();
  #waiting = 0;
  #closed = false;
  #lastRequestMs: number;

  constructor(socket: Socket, context: RtspServerContext) {
    this.#socket = socket;
    this.#context = context;
    this.#lastRequestMs = context.now();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', () => {
      this.close();
      socket.destroy();
    });
    socket.on('close', () => this.close());
  }

  /** Ends the connection after what is already queued (the last frames, an RTCP BYE) has been written. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const session of [...this.#sessions]) session.end('closed');
    this.#socket.end();
    setTimeout(() => this.#socket.destroy(), LINGER_MS).unref();
  }

  forget(session: ServerSession): void {
    this.#sessions.delete(session);
  }

  /**
   * Whether the connection has served its purpose or never had one: no session, and no complete request since
   * `deadlineMs` (a client that connects and sends nothing, or a request a byte at a time). Sessions have their
   * own timeout.
   */
  idleSince(deadlineMs: number): boolean {
    return this.#sessions.size === 0 && this.#lastRequestMs < deadlineMs;
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    this.#reader.push(chunk);
    try {
      for (let item = this.#reader.next(); item !== undefined; item = this.#reader.next()) {
        if (item.kind === 'request') {
          const request = item;
          this.#signOfLife();
          this.#waiting += 1;
          if (this.#waiting > MAX_PIPELINED_REQUESTS) {
            this.close();
            return;
          }
          this.#queue = this.#queue
            .then(() => this.#answer(request))
            .finally(() => {
              this.#waiting -= 1;
            });
        } else if (item.kind === 'interleaved') {
          // RTCP receiver reports from the client keep its sessions alive.
          for (const session of this.#sessions) session.touch(this.#context.now());
        }
      }
    } catch {
      this.close(); // a client that sends garbage loses its connection, nothing else
    }
  }

  async #answer(request: RtspRequest): Promise<void> {
    if (this.#closed) return;
    const cseq = getHeader(request, 'cseq') ?? '0';
    let reply: Reply;
    try {
      reply = await this.#handle(request);
    } catch (error) {
      reply = isVigieError(error) && error.status < 500 ? { status: 400, reason: 'Bad Request' } : { status: 500, reason: 'Internal Server Error' };
    }
    if (this.#closed) return;
    this.#socket.write(writeResponse(reply.status, reply.reason, [['CSeq', cseq], ['Server', 'Vigie'], ...(reply.headers ?? [])], reply.body));
    if (request.method === 'PLAY' && reply.status === 200) this.#sessionOf(request)?.play();
  }

  async #handle(request: RtspRequest): Promise<Reply> {
    switch (request.method) {
      case 'OPTIONS':
        return { status: 200, reason: 'OK', headers: [['Public', PUBLIC_METHODS]] };
      case 'DESCRIBE':
        return this.#describe(request);
      case 'SETUP':
        return this.#setup(request);
      case 'PLAY':
        return this.#play(request);
      case 'PAUSE':
      case 'TEARDOWN':
      case 'GET_PARAMETER':
      case 'SET_PARAMETER':
        return this.#sessionRequest(request);
      default:
        return { status: 501, reason: 'Not Implemented' };
    }
  }

  async #describe(request: RtspRequest): Promise<Reply> {
    const target = await this.#authorize(request);
    if ('status' in target) return target;
    const track = target.source.track() ?? (await this.#context.waitForTrack(target.source));
    if (track === undefined) return { status: 503, reason: 'Service Unavailable' };
    const base = `${this.#baseUrl(request)}/`;
    const sdp = writeVideoSdp(track, { sessionId: this.#context.sessionId, host: (this.#socket.localAddress ?? '0.0.0.0').replace(/^::ffff:/, ''), trackControl: TRACK_CONTROL });
    return {
      status: 200,
      reason: 'OK',
      headers: [
        ['Content-Base', base],
        ['Content-Type', 'application/sdp'],
      ],
      body: sdp,
    };
  }

  async #setup(request: RtspRequest): Promise<Reply> {
    const target = await this.#authorize(request);
    if ('status' in target) return target;
    const track = target.source.track() ?? (await this.#context.waitForTrack(target.source));
    if (track === undefined) return { status: 503, reason: 'Service Unavailable' };
    const existing = this.#sessionOf(request);
    if (existing !== undefined) return { status: 459, reason: 'Aggregate Operation Not Allowed' }; // one track only
    const wanted = parseTransports(getHeader(request, 'transport') ?? '');
    const tcp = wanted.find((spec) => isTcpTransport(spec));
    const udp = wanted.find((spec) => !isTcpTransport(spec) && spec.unicast && spec.clientPort !== undefined);
    const session = tcp !== undefined ? this.#tcpSession(target, track, tcp) : udp !== undefined ? this.#udpSession(target, track, udp) : undefined;
    if (session === undefined) return { status: 461, reason: 'Unsupported Transport' };
    const reply: TransportSpec =
      session.transport.kind === 'tcp'
        ? { protocol: 'RTP/AVP/TCP', unicast: true, interleaved: session.transport.channels, ssrc: session.ssrc, mode: 'play' }
        : {
            protocol: 'RTP/AVP',
            unicast: true,
            clientPort: [session.transport.rtpPort, session.transport.rtcpPort],
            serverPort: this.#context.udpPorts,
            ssrc: session.ssrc,
            mode: 'play',
          };
    return {
      status: 200,
      reason: 'OK',
      headers: [
        ['Transport', writeTransport(reply)],
        ['Session', writeSession({ id: session.id, timeoutS: this.#context.sessionTimeoutS })],
      ],
    };
  }

  #tcpSession(target: AuthorizedTarget, track: TrackInfo, spec: TransportSpec): ServerSession {
    return this.#register(target, track, { kind: 'tcp', socket: this.#socket, channels: spec.interleaved ?? [0, 1] });
  }

  #udpSession(target: AuthorizedTarget, track: TrackInfo, spec: TransportSpec): ServerSession | undefined {
    const udp = this.#context.udp;
    const ports = spec.clientPort;
    const address = this.#socket.remoteAddress?.replace(/^::ffff:/, '');
    if (udp === undefined || ports === undefined || address === undefined) return undefined;
    return this.#register(target, track, { kind: 'udp', address, rtpPort: ports[0], rtcpPort: ports[1], rtp: udp.rtp, rtcp: udp.rtcp });
  }

  #register(target: AuthorizedTarget, track: TrackInfo, transport: ServerSession['transport']): ServerSession {
    const session = new ServerSession({
      path: target.path,
      source: target.source,
      track,
      transport,
      principal: target.principal,
      nowMs: this.#context.now(),
      onEnd: (ended, reason, detail) => {
        this.#sessions.delete(ended);
        this.#context.onSessionEnd(ended, reason, detail);
        if (reason !== 'unsubscribed' && ended.transport.kind === 'tcp') this.close(); // tell the client the stream is over
      },
    });
    this.#sessions.add(session);
    this.#context.onSessionStart(session);
    return session;
  }

  async #play(request: RtspRequest): Promise<Reply> {
    const session = this.#sessionOf(request);
    if (session === undefined) return { status: 454, reason: 'Session Not Found' };
    const identity = await this.#authenticate(request);
    if ('status' in identity) return identity;
    session.touch(this.#context.now());
    const rtpInfo = writeRtpInfo([{ url: `${this.#baseUrl(request).replace(/\/trackID=\d+$/, '')}/${TRACK_CONTROL}`, seq: session.firstSequence, rtptime: session.timestampBase }]);
    return {
      status: 200,
      reason: 'OK',
      headers: [
        ['Session', writeSession({ id: session.id, timeoutS: this.#context.sessionTimeoutS })],
        ['Range', 'npt=0.000-'],
        ['RTP-Info', rtpInfo],
      ],
    };
  }

  #sessionRequest(request: RtspRequest): Reply {
    const session = this.#sessionOf(request);
    if (session === undefined) {
      return request.method === 'GET_PARAMETER' || request.method === 'SET_PARAMETER' ? { status: 200, reason: 'OK' } : { status: 454, reason: 'Session Not Found' };
    }
    session.touch(this.#context.now());
    if (request.method === 'TEARDOWN') session.end('unsubscribed');
    else if (request.method === 'PAUSE') session.pause();
    return { status: 200, reason: 'OK', headers: [['Session', session.id]] };
  }

  #sessionOf(request: RtspRequest): ServerSession | undefined {
    const id = parseSession(getHeader(request, 'session') ?? '')?.id;
    if (id === undefined) return undefined;
    for (const session of this.#sessions) if (session.id === id) return session;
    return undefined;
  }

  /** Authentication first (401 with challenges), then the resolver (404 when the path serves nothing). */
  async #authorize(request: RtspRequest): Promise<AuthorizedTarget | Reply> {
    const identity = await this.#authenticate(request);
    if ('status' in identity) return identity;
    const source = await this.#context.resolve(identity.path, { principal: identity.principal, remoteAddress: this.#socket.remoteAddress ?? '' });
    if (source === undefined) return { status: 404, reason: 'Not Found' };
    return { ...identity, source };
  }

  async #authenticate(request: RtspRequest): Promise<{ readonly path: string; readonly principal: string | undefined } | Reply> {
    const path = requestPath(request.url);
    if (path === undefined) return { status: 400, reason: 'Bad Request' };
    const hook = this.#context.authenticate;
    const authenticator: ServerAuthenticator | undefined = this.#context.authenticator;
    if (hook === undefined || authenticator === undefined) return { path, principal: undefined };
    const now = this.#context.now();
    const { request: authRequest, stale } = authenticator.prepare(request.method, path, this.#socket.remoteAddress ?? '', getHeader(request, 'authorization'), now);
    const result = stale ? false : await hook(authRequest);
    if (result === false) return { status: 401, reason: 'Unauthorized', headers: authenticator.challenges(stale, now).map((value) => ['WWW-Authenticate', value] as const) };
    return { path, principal: typeof result === 'object' ? result.principal : undefined };
  }

  /** Any complete request keeps the connection and its sessions alive (clients keep alive with OPTIONS too). */
  #signOfLife(): void {
    this.#lastRequestMs = this.#context.now();
    for (const session of this.#sessions) session.touch(this.#lastRequestMs);
  }

  #baseUrl(request: RtspRequest): string {
    return request.url.replace(/\/+$/, '');
  }
}

interface AuthorizedTarget {
  readonly path: string;
  readonly source: RtspServerSource;
  readonly principal: string | undefined;
}

/** `rtsp://host:port/cam-1/main/trackID=0` → `cam-1/main`. */
export function requestPath(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  return pathname
    .replace(/\/+$/, '')
    .replace(/\/trackID=\d+$/, '')
    .replace(/^\/+/, '');
}
