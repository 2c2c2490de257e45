// The client's TCP connection to a camera: one request at a time matched by CSeq (RFC 2326 §12.17), interleaved
// frames handed on as they come, any reader error closing the connection with that error.
//
// Every camera connection reads into one shared buffer (net's `onread`): no buffer is allocated per read, and
// the bytes are handled before the next read can happen (reads and their callbacks run one at a time on the
// event loop). What must outlive the callback is copied: the depacketizer copies payloads into its samples and
// the message reader copies an item split across two reads.
import { connect, type Socket } from 'node:net';
import { isVigieError, type VigieError } from '../../core/errors.js';
import { rtspError } from './errors.js';
import type { InterleavedFrame } from './interleaved-frame.js';
import { getHeader, writeRequest, writeResponse, type HeaderInput, type RtspRequest, type RtspResponse } from './message.js';
import { RtspMessageReader } from './message-reader.js';

/** 64 KiB: what libuv asks for on each read of a stream socket. */
const SHARED_READ_BUFFER = new Uint8Array(64 * 1024);

interface PendingRequest {
  readonly cseq: number;
  readonly method: string;
  readonly resolve: (response: RtspResponse) => void;
  readonly reject: (error: VigieError) => void;
  readonly timer: NodeJS.Timeout;
}

export interface ConnectionEvents {
  onInterleaved(frame: InterleavedFrame): void;
  onClosed(error: VigieError | undefined): void;
}

export class RtspClientConnection {
  readonly #socket: Socket;
  readonly #reader = new RtspMessageReader();
  readonly #events: ConnectionEvents;
  readonly #requestTimeoutMs: number;
  #cseq = 0;
  #pending: PendingRequest | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(socket: Socket, events: ConnectionEvents, requestTimeoutMs: number) {
    this.#socket = socket;
    this.#events = events;
    this.#requestTimeoutMs = requestTimeoutMs;
    socket.setNoDelay(true);
    socket.on('error', (error) => this.destroy(rtspError('VIGIE_RTSP_CONNECTION_CLOSED', `connection error: ${error.message}`, {}, error)));
    socket.on('close', () => this.destroy(rtspError('VIGIE_RTSP_CONNECTION_CLOSED', 'the camera closed the connection')));
  }

  static open(host: string, port: number, events: ConnectionEvents, timeoutMs: number, signal: AbortSignal | undefined): Promise<RtspClientConnection> {
    return new Promise((resolve, reject) => {
      let connection: RtspClientConnection | undefined;
      const onRead = (bytes: number, buffer: Uint8Array): boolean => {
        connection?.handleRead(buffer.subarray(0, bytes));
        return true; // keep reading
      };
      const socket = connect({ host, port, onread: { buffer: SHARED_READ_BUFFER, callback: onRead } });
      const fail = (error: VigieError): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(error);
      };
      const onAbort = (): void => fail(rtspError('VIGIE_RTSP_ABORTED', 'connection aborted', { host, port }));
      const timer = setTimeout(() => fail(rtspError('VIGIE_RTSP_TIMEOUT', 'connection timed out', { host, port, timeoutMs })), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', (error) => fail(rtspError('VIGIE_RTSP_CONNECTION_FAILED', `cannot connect: ${error.message}`, { host, port }, error)));
      socket.once('connect', () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.removeAllListeners('error');
        connection = new RtspClientConnection(socket, events, timeoutMs);
        resolve(connection);
      });
    });
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  get localAddress(): string | undefined {
    return this.#socket.localAddress;
  }

  /** Sends a request once the previous one is answered; CSeq is added here. */
  request(method: string, url: string, headers: HeaderInput): Promise<RtspResponse> {
    const run = (): Promise<RtspResponse> => this.#send(method, url, headers);
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Writes raw bytes (an interleaved RTCP frame). */
  write(bytes: Uint8Array): void {
    if (!this.#closed) this.#socket.write(bytes);
  }

  destroy(error?: VigieError): void {
    if (this.#closed) return;
    this.#closed = true;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending !== undefined) {
      clearTimeout(pending.timer);
      pending.reject(error ?? rtspError('VIGIE_RTSP_CONNECTION_CLOSED', 'connection closed before the reply', { method: pending.method }));
    }
    this.#socket.destroy();
    this.#events.onClosed(error);
  }

  #send(method: string, url: string, headers: HeaderInput): Promise<RtspResponse> {
    if (this.#closed) return Promise.reject(rtspError('VIGIE_RTSP_CONNECTION_CLOSED', 'connection already closed', { method }));
    this.#cseq += 1;
    const cseq = this.#cseq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.destroy(rtspError('VIGIE_RTSP_TIMEOUT', `no reply to ${method}`, { method, timeoutMs: this.#requestTimeoutMs }));
      }, this.#requestTimeoutMs);
      this.#pending = { cseq, method, resolve, reject, timer };
      this.#socket.write(writeRequest(method, url, [['CSeq', cseq], ...headers]));
    });
  }

  /** Bytes just read into the shared buffer: handled now, before the next read overwrites them. */
  private handleRead(chunk: Uint8Array): void {
    if (this.#closed) return;
    this.#reader.push(chunk);
    try {
      for (let item = this.#reader.next(); item !== undefined && !this.#closed; item = this.#reader.next()) {
        if (item.kind === 'interleaved') this.#events.onInterleaved(item);
        else if (item.kind === 'response') this.#onResponse(item);
        else this.#onServerRequest(item);
      }
    } catch (error) {
      this.destroy(isVigieError(error) ? error : rtspError('VIGIE_RTSP_MALFORMED', 'unreadable data from the camera', {}, error));
    }
  }

  #onResponse(response: RtspResponse): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    const cseq = getHeader(response, 'cseq');
    if (cseq !== undefined && Number(cseq) !== pending.cseq) return; // a late reply to a request that timed out
    this.#pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(response);
  }

  /** Some cameras probe the client (OPTIONS, GET_PARAMETER): answer so they keep streaming. */
  #onServerRequest(request: RtspRequest): void {
    const cseq = getHeader(request, 'cseq') ?? '0';
    const known = request.method === 'OPTIONS' || request.method === 'GET_PARAMETER';
    this.#socket.write(known ? writeResponse(200, 'OK', [['CSeq', cseq]]) : writeResponse(501, 'Not Implemented', [['CSeq', cseq]]));
  }
}
