// RTSP 1.0 client (RFC 2326 §10): OPTIONS, DESCRIBE (redirects), SETUP of the video track over TCP interleaved or
// UDP, PLAY, keepalive, TEARDOWN; turns the received RTP into access units. Never throws after it has opened:
// every failure ends the session with a VigieError given to onClose listeners.
import { randomBytes } from 'node:crypto';
import { isVigieError, type VigieError } from '../../core/errors.js';
import { releaseUnit, type AccessUnit, type TrackInfo } from '../hub/access-unit.js';
import { h264TrackInfo, H264Depacketizer } from '../h264/index.js';
import { h265TrackInfo, H265Depacketizer } from '../h265/index.js';
import { DEFAULT_REORDER_SLOTS, RtpReceiver, type SampleSlabPool } from '../rtp/index.js';
import { findVideoTrack, parseSdp, resolveControlUrl, type SdpVideoTrack } from '../sdp/index.js';
import { ClientAuthenticator } from './client-auth.js';
import { RtspClientConnection } from './client-connection.js';
import { openUdpPortPair, type UdpPortPair } from './client-udp.js';
import { rtspError } from './errors.js';
import { parseRtspUrl } from './url.js';
import { parseSession } from './headers/session.js';
import { isTcpTransport, parseTransport, writeTransport, type TransportSpec } from './headers/transport.js';
import type { InterleavedFrame } from './interleaved-frame.js';
import { writeInterleavedFrame } from './interleaved-frame.js';
import { getHeader, getHeaders, type HeaderInput, type RtspResponse } from './message.js';
import { RtspSessionStatsCounter, type RtspSessionStats } from './session-stats.js';

export interface RtspSessionOptions {
  /** rtsp://[user:pass@]host[:port]/path — credentials in the URL are used when none are given apart. */
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Default 'tcp' (interleaved). */
  readonly transport?: 'tcp' | 'udp';
  /** Aborting it while opening rejects; once open, it closes the session. */
  readonly signal?: AbortSignal | undefined;
  /** Connect and per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** The session fails when no RTP arrives for this long after PLAY (default 10 s). */
  readonly noDataTimeoutMs?: number;
  /** Address the UDP ports bind to (default 0.0.0.0). */
  readonly udpLocalAddress?: string;
  readonly userAgent?: string;
  /** Registered before PLAY, so no unit can be missed. */
  readonly onAccessUnit?: (unit: AccessUnit) => void;
  /**
   * Reuse sample memory from this pool. Units are then lent to the listeners for the duration of their call:
   * a listener that keeps one holds it (`retainUnit`) and releases it later.
   */
  readonly slabs?: SampleSlabPool | undefined;
}

export type RtspCloseReason = { readonly kind: 'closed' } | { readonly kind: 'failed'; readonly error: VigieError };

export interface RtspSession {
  /** The URL finally played (after redirects), without credentials. */
  readonly url: string;
  readonly transport: 'tcp' | 'udp';
  /** The video track; replaced when in-band parameter sets change (see onTrackChange). */
  readonly track: TrackInfo;
  onAccessUnit(listener: (unit: AccessUnit) => void): () => void;
  onTrackChange(listener: (track: TrackInfo) => void): () => void;
  onClose(listener: (reason: RtspCloseReason) => void): () => void;
  /** Resolves once the session has ended, whatever the reason. */
  readonly closed: Promise<RtspCloseReason>;
  stats(): RtspSessionStats;
  /** Sends TEARDOWN (best effort) and releases everything. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;
/** RFC 3550 §6.2 suggests 5 s between reports for one receiver. */
const RECEIVER_REPORT_INTERVAL_MS = 5_000;

export async function openRtspSession(options: RtspSessionOptions): Promise<RtspSession> {
  if (options.signal?.aborted === true) throw rtspError('VIGIE_RTSP_ABORTED', 'aborted before opening');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let target = parseRtspUrl(options.url);
  const auth = new ClientAuthenticator(options.username ?? target.username, options.password ?? target.password);
  const session = new ClientSession(options, auth);
  try {
    for (let redirects = 0; ; redirects += 1) {
      await session.connect(target.host, target.port, timeoutMs);
      const location = await session.describe(target.url);
      if (location === undefined) break;
      if (redirects >= MAX_REDIRECTS) throw rtspError('VIGIE_RTSP_TOO_MANY_REDIRECTS', 'more than 5 redirects', { url: target.url });
      target = parseRtspUrl(location);
      session.disconnect();
    }
    await session.setupAndPlay();
    return session;
  } catch (error) {
    const failure = isVigieError(error) ? error : rtspError('VIGIE_RTSP_MALFORMED', 'unexpected reply from the camera', {}, error);
    session.fail(failure);
    throw failure;
  }
}

class ClientSession implements RtspSession {
  readonly #options: RtspSessionOptions;
  readonly #auth: ClientAuthenticator;
  readonly #unitListeners = new Set<(unit: AccessUnit) => void>();
  readonly #trackListeners = new Set<(track: TrackInfo) => void>();
  readonly #closeListeners = new Set<(reason: RtspCloseReason) => void>();
  readonly #stats = new RtspSessionStatsCounter();
  readonly #ssrc = randomBytes(4).readUInt32BE(0);
  readonly closed: Promise<RtspCloseReason>;
  #resolveClosed: (reason: RtspCloseReason) => void = () => undefined;
  #connection: RtspClientConnection | undefined;
  #url = '';
  #baseUrl = '';
  #sdpTrack: SdpVideoTrack | undefined;
  #sessionControl = '';
  #public: readonly string[] = [];
  #sessionId: string | undefined;
  #timeoutS = 60;
  #track: TrackInfo | undefined;
  #receiver: RtpReceiver | undefined;
  #parameterSetsVersion = 0;
  #udp: UdpPortPair | undefined;
  #serverRtcp: { readonly address: string; readonly port: number } | undefined;
  #channels: readonly [number, number] = [0, 1];
  #timers: NodeJS.Timeout[] = [];
  #lastPacketAtMs = 0;
  #ended = false;
  #playing = false;

  constructor(options: RtspSessionOptions, auth: ClientAuthenticator) {
    this.#options = options;
    this.#auth = auth;
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    if (options.onAccessUnit !== undefined) this.#unitListeners.add(options.onAccessUnit);
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  get url(): string {
    return this.#url;
  }

  get transport(): 'tcp' | 'udp' {
    return this.#options.transport ?? 'tcp';
  }

  get track(): TrackInfo {
    if (this.#track === undefined) throw rtspError('VIGIE_RTSP_NO_VIDEO_TRACK', 'session not set up');
    return this.#track;
  }

  onAccessUnit(listener: (unit: AccessUnit) => void): () => void {
    this.#unitListeners.add(listener);
    return () => this.#unitListeners.delete(listener);
  }

  onTrackChange(listener: (track: TrackInfo) => void): () => void {
    this.#trackListeners.add(listener);
    return () => this.#trackListeners.delete(listener);
  }

  onClose(listener: (reason: RtspCloseReason) => void): () => void {
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  stats(): RtspSessionStats {
    return this.#stats.snapshot(this.#receiver?.stats);
  }

  async connect(host: string, port: number, timeoutMs: number): Promise<void> {
    this.#connection = await RtspClientConnection.open(
      host,
      port,
      { onInterleaved: (frame) => this.#onInterleaved(frame), onClosed: (error) => this.#onConnectionClosed(error) },
      timeoutMs,
      this.#options.signal,
    );
  }

  /** Drops the connection; a pending request fails with `error` (why the session ends), if given. */
  disconnect(error?: VigieError): void {
    const connection = this.#connection;
    this.#connection = undefined;
    connection?.destroy(error);
  }

  /** OPTIONS then DESCRIBE; returns the Location of a redirect, or undefined once the track is known. */
  async describe(url: string): Promise<string | undefined> {
    this.#url = url;
    const options = await this.#request('OPTIONS', url, []);
    if (isRedirect(options)) return redirectLocation(options);
    this.#public = (getHeader(options, 'public') ?? '').split(',').map((m) => m.trim().toUpperCase());
    const response = await this.#request('DESCRIBE', url, [['Accept', 'application/sdp']]);
    if (isRedirect(response)) return redirectLocation(response);
    expectSuccess(response, 'DESCRIBE');
    this.#baseUrl = getHeader(response, 'content-base') ?? getHeader(response, 'content-location') ?? url;
    const description = parseSdp(Buffer.from(response.body).toString('utf8'));
    const track = findVideoTrack(description, this.#baseUrl);
    if (track === undefined) throw rtspError('VIGIE_RTSP_NO_VIDEO_TRACK', 'the camera offers no H.264 or H.265 video track', { url });
    this.#sdpTrack = track;
    this.#sessionControl = resolveControlUrl(this.#baseUrl, description.control);
    return undefined;
  }

  async setupAndPlay(): Promise<void> {
    const sdpTrack = this.#sdpTrack;
    if (sdpTrack === undefined) throw rtspError('VIGIE_RTSP_NO_VIDEO_TRACK', 'no track described');
    const tcp = this.transport === 'tcp';
    if (!tcp) this.#udp = await openUdpPortPair(this.#options.udpLocalAddress ?? '0.0.0.0');
    const wanted: TransportSpec = tcp
      ? { protocol: 'RTP/AVP/TCP', unicast: true, interleaved: [0, 1] }
      : { protocol: 'RTP/AVP', unicast: true, clientPort: [this.#udp?.rtpPort ?? 0, (this.#udp?.rtpPort ?? 0) + 1] };
    const setup = await this.#request('SETUP', sdpTrack.controlUrl, [['Transport', writeTransport(wanted)]]);
    expectSuccess(setup, 'SETUP');
    const session = parseSession(getHeader(setup, 'session') ?? '');
    if (session === undefined) throw rtspError('VIGIE_RTSP_MALFORMED', 'SETUP reply without a Session header', { url: sdpTrack.controlUrl });
    this.#sessionId = session.id;
    this.#timeoutS = session.timeoutS;
    this.#applyTransport(parseTransport(getHeader(setup, 'transport') ?? ''), tcp);
    this.#startReceiving(sdpTrack);
    const play = await this.#request('PLAY', this.#sessionControl, [['Range', 'npt=0.000-']]);
    expectSuccess(play, 'PLAY');
    this.#playing = true;
    this.#lastPacketAtMs = Date.now();
    this.#startTimers();
  }

  async close(): Promise<void> {
    if (this.#ended) return;
    const connection = this.#connection;
    if (connection !== undefined && !connection.isClosed && this.#sessionId !== undefined) {
      this.#playing = false;
      await Promise.race([this.#request('TEARDOWN', this.#sessionControl, []).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
    this.#end({ kind: 'closed' });
  }

  fail(error: VigieError): void {
    this.#end({ kind: 'failed', error });
  }

  readonly #onAbort = (): void => {
    this.fail(rtspError('VIGIE_RTSP_ABORTED', 'session aborted', { url: this.#url }));
  };

  async #request(method: string, url: string, headers: HeaderInput): Promise<RtspResponse> {
    const connection = this.#connection;
    if (connection === undefined) throw rtspError('VIGIE_RTSP_CONNECTION_CLOSED', 'not connected', { method });
    const send = (): Promise<RtspResponse> => {
      const all: (readonly [string, string | number])[] = [...headers, ['User-Agent', this.#options.userAgent ?? 'Vigie']];
      if (this.#sessionId !== undefined) all.push(['Session', this.#sessionId]);
      const authorization = this.#auth.authorization(method, url);
      if (authorization !== undefined) all.push(['Authorization', authorization]);
      return connection.request(method, url, all);
    };
    let response = await send();
    if (response.statusCode === 401 && this.#auth.acceptChallenge(getHeaders(response, 'www-authenticate'))) response = await send();
    if (response.statusCode === 401) {
      const message = this.#auth.hasCredentials ? 'the camera rejected the credentials' : 'the camera requires credentials';
      throw rtspError('VIGIE_RTSP_AUTH_REJECTED', message, { url, method });
    }
    this.#auth.accepted();
    return response;
  }

  #applyTransport(reply: TransportSpec, tcp: boolean): void {
    if (tcp) {
      if (!isTcpTransport(reply) && reply.protocol !== '') throw rtspError('VIGIE_RTSP_TRANSPORT_REJECTED', 'the camera refused TCP interleaving', { transport: reply.protocol });
      this.#channels = reply.interleaved ?? [0, 1];
      return;
    }
    if (isTcpTransport(reply)) throw rtspError('VIGIE_RTSP_TRANSPORT_REJECTED', 'the camera refused UDP', { transport: reply.protocol });
    const udp = this.#udp;
    if (udp === undefined) return;
    const address = reply.source ?? this.#connectionPeer();
    if (reply.serverPort !== undefined) this.#serverRtcp = { address, port: reply.serverPort[1] };
    udp.rtp.on('message', (message) => this.#onRtp(message));
    udp.rtcp.on('message', (message) => this.#onRtcp(message));
    udp.rtp.on('error', () => undefined);
    udp.rtcp.on('error', () => undefined);
  }

  #connectionPeer(): string {
    return parseRtspUrl(this.#url).host;
  }

  #startReceiving(sdpTrack: SdpVideoTrack): void {
    const depacketizer =
      sdpTrack.codec === 'h264'
        ? new H264Depacketizer({ clockRate: sdpTrack.clockRate, parameterSets: sdpTrack.parameterSets, slabs: this.#options.slabs })
        : new H265Depacketizer({ clockRate: sdpTrack.clockRate, parameterSets: sdpTrack.parameterSets, slabs: this.#options.slabs });
    this.#receiver = new RtpReceiver(depacketizer, { reorderSlots: this.transport === 'tcp' ? 0 : DEFAULT_REORDER_SLOTS, payloadType: sdpTrack.payloadType });
    this.#track = this.#describeTrack();
  }

  #describeTrack(): TrackInfo {
    const sdpTrack = this.#sdpTrack;
    const sets = this.#receiver?.depacketizer.parameterSets;
    if (sdpTrack === undefined) throw rtspError('VIGIE_RTSP_NO_VIDEO_TRACK', 'no track described');
    return sdpTrack.codec === 'h264' ? h264TrackInfo(sdpTrack.payloadType, sdpTrack.clockRate, sets) : h265TrackInfo(sdpTrack.payloadType, sdpTrack.clockRate, sets);
  }

  #onInterleaved(frame: InterleavedFrame): void {
    if (frame.channel === this.#channels[0]) this.#onRtp(frame.payload);
    else if (frame.channel === this.#channels[1]) this.#onRtcp(frame.payload);
  }

  #onRtcp(bytes: Uint8Array): void {
    if (this.#receiver?.receiveRtcp(bytes, Date.now()) === true && this.#playing) {
      this.fail(rtspError('VIGIE_RTSP_STREAM_ENDED', 'the camera ended the stream (RTCP BYE)', { url: this.#url }));
    }
  }

  #onRtp(bytes: Uint8Array): void {
    const receiver = this.#receiver;
    if (receiver === undefined || this.#ended) return;
    const now = Date.now();
    this.#lastPacketAtMs = now;
    const units = receiver.receiveRtp(bytes, now);
    if (units.length === 0) return;
    if (receiver.depacketizer.parameterSetsVersion !== this.#parameterSetsVersion) {
      this.#parameterSetsVersion = receiver.depacketizer.parameterSetsVersion;
      const previous = this.#track;
      this.#track = this.#describeTrack();
      if (previous !== undefined) this.#emit(this.#trackListeners, this.#track);
    }
    for (const unit of units) {
      this.#stats.onUnit(unit);
      this.#emit(this.#unitListeners, unit);
      releaseUnit(unit);
    }
  }

  /** A listener that throws must not take the session down with an uncaught error. */
  #emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => this.fail(rtspError('VIGIE_RTSP_ABORTED', 'a session listener threw', {}, error)));
      }
    }
  }

  #startTimers(): void {
    const keepaliveMethod = this.#public.includes('GET_PARAMETER') ? 'GET_PARAMETER' : 'OPTIONS';
    const keepaliveMs = Math.max(1000, (this.#timeoutS * 1000) / 2);
    const keepalive = setInterval(() => {
      this.#request(keepaliveMethod, keepaliveMethod === 'OPTIONS' ? this.#url : this.#sessionControl, []).catch((error: unknown) => {
        if (isVigieError(error)) this.fail(error);
      });
    }, keepaliveMs);
    const noDataMs = this.#options.noDataTimeoutMs ?? 10_000;
    const watchdog = setInterval(
      () => {
        if (Date.now() - this.#lastPacketAtMs > noDataMs) this.fail(rtspError('VIGIE_RTSP_NO_DATA', `no video for ${noDataMs} ms`, { url: this.#url }));
      },
      Math.max(100, Math.min(1000, noDataMs / 4)),
    );
    const reports = setInterval(() => this.#sendReceiverReport(), RECEIVER_REPORT_INTERVAL_MS);
    for (const timer of [keepalive, watchdog, reports]) timer.unref();
    this.#timers = [keepalive, watchdog, reports];
  }

  #sendReceiverReport(): void {
    const report = this.#receiver?.receiverReport(this.#ssrc, Date.now());
    if (report === undefined) return;
    if (this.transport === 'tcp') this.#connection?.write(writeInterleavedFrame(this.#channels[1], report));
    else if (this.#serverRtcp !== undefined) this.#udp?.rtcp.send(report, this.#serverRtcp.port, this.#serverRtcp.address);
  }

  #onConnectionClosed(error: VigieError | undefined): void {
    // During redirects the old connection is dropped on purpose; only the current one ends the session.
    if (error !== undefined && this.#playing) this.fail(error);
  }

  #end(reason: RtspCloseReason): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#playing = false;
    for (const timer of this.#timers) clearInterval(timer);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.disconnect(reason.kind === 'failed' ? reason.error : undefined);
    this.#udp?.close();
    this.#udp = undefined;
    this.#resolveClosed(reason);
    this.#emit(this.#closeListeners, reason);
  }
}

function isRedirect(response: RtspResponse): boolean {
  return response.statusCode >= 300 && response.statusCode < 400 && getHeader(response, 'location') !== undefined;
}

function redirectLocation(response: RtspResponse): string {
  return getHeader(response, 'location') ?? '';
}

function expectSuccess(response: RtspResponse, method: string): void {
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw rtspError('VIGIE_RTSP_UNEXPECTED_STATUS', `${method} answered ${response.statusCode} ${response.reason}`, { method, statusCode: response.statusCode });
  }
}
