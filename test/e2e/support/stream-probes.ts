// Clients for the streaming paths of access tests: a WebSocket upgrade (live or playback) that reports the HTTP
// refusal or the open socket with its messages, and raw RTSP requests (DESCRIBE, or a whole TCP-interleaved
// PLAY session) to the restream, over a plain socket, so that a refusal's status line is read as sent.
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';

export interface WsProbe {
  /** 101 when the upgrade succeeded, the HTTP status of a refused upgrade, 0 when nothing answered. */
  readonly status: number;
  /** Text messages received within the listening time (JSON-parsed when possible). */
  readonly texts: string[];
  readonly binaries: number;
}

/** Opens a WebSocket, listens `listenMs` for messages, closes it. */
export function probeWebSocket(url: string, headers: Record<string, string>, listenMs = 1500): Promise<WsProbe> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers, handshakeTimeout: 8000 });
    const texts: string[] = [];
    let binaries = 0;
    let settled = false;
    const finish = (status: number) => {
      if (settled) return;
      settled = true;
      socket.removeAllListeners('message');
      socket.on('error', () => undefined);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
      resolve({ status, texts, binaries });
    };
    socket.on('message', (data: Buffer, isBinary) => (isBinary ? (binaries += 1) : texts.push(data.toString('utf8'))));
    socket.on('unexpected-response', (_request, response) => {
      response.resume();
      finish(response.statusCode ?? 0);
    });
    socket.on('open', () => setTimeout(() => finish(101), listenMs));
    socket.on('error', () => finish(0));
  });
}

export interface RtspReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** Reads one RTSP reply (status line, headers, body by Content-Length) from a socket's data. */
function readReply(socket: Socket, timeoutMs: number): Promise<RtspReply> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => done(new Error(`no RTSP reply within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (buffer.length < end + 4 + length) return;
      const status = Number(/^RTSP\/1\.0 (\d{3})/.exec(head[0] ?? '')?.[1] ?? 0);
      const rest = buffer.subarray(end + 4 + length);
      done(undefined, { status, headers, body: buffer.subarray(end + 4, end + 4 + length).toString('utf8') });
      if (rest.length > 0) socket.unshift(rest);
    };
    const onClose = () => done(new Error('the RTSP server closed the connection before replying'));
    const done = (error: Error | undefined, reply?: RtspReply) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error !== undefined) reject(error);
      else resolve(reply as RtspReply);
    };
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** DESCRIBE rtsp://127.0.0.1:port/path with Basic credentials (none when `credentials` is undefined). */
export async function rtspDescribe(port: number, path: string, credentials?: { username: string; password: string }): Promise<RtspReply> {
  const socket = await openSocket(port);
  try {
    const auth = credentials === undefined ? '' : `Authorization: ${basic(credentials.username, credentials.password)}\r\n`;
    socket.write(`DESCRIBE rtsp://127.0.0.1:${port}/${path} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n${auth}\r\n`);
    return await readReply(socket, 10_000);
  } finally {
    socket.destroy();
  }
}

export interface RtspPlay {
  /** Bytes of interleaved media received so far. */
  mediaBytes(): number;
  /** Resolves with the time (Date.now()) the server closed the connection. */
  readonly closed: Promise<number>;
  stop(): void;
}

/**
 * A whole RTSP session over TCP (DESCRIBE, SETUP interleaved for each track, PLAY), as ffmpeg does it; throws
 * with the status when a step is refused. The media is counted, not decoded.
 */
export async function rtspPlay(port: number, path: string, credentials: { username: string; password: string }): Promise<RtspPlay> {
  const socket = await openSocket(port);
  const base = `rtsp://127.0.0.1:${port}/${path}`;
  const auth = `Authorization: ${basic(credentials.username, credentials.password)}\r\n`;
  let cseq = 0;
  let session = '';
  const request = async (method: string, url: string, extra = ''): Promise<RtspReply> => {
    cseq += 1;
    socket.write(`${method} ${url} RTSP/1.0\r\nCSeq: ${cseq}\r\n${auth}${session === '' ? '' : `Session: ${session}\r\n`}${extra}\r\n`);
    const reply = await readReply(socket, 10_000);
    if (reply.status !== 200) throw new Error(`RTSP ${method} answered ${reply.status}`);
    return reply;
  };
  try {
    const described = await request('DESCRIBE', base, 'Accept: application/sdp\r\n');
    const contentBase = described.headers['content-base'] ?? `${base}/`;
    const controls = described.body
      .split(/\r?\n/)
      .filter((line) => line.startsWith('a=control:') && !line.endsWith('*'))
      .map((line) => line.slice('a=control:'.length));
    let channel = 0;
    for (const control of controls.length > 0 ? controls : ['']) {
      const url = /^rtsp:/.test(control) ? control : `${contentBase.replace(/\/?$/, '/')}${control}`;
      const setup = await request('SETUP', url, `Transport: RTP/AVP/TCP;unicast;interleaved=${channel}-${channel + 1}\r\n`);
      session = (setup.headers['session'] ?? '').split(';')[0] ?? '';
      channel += 2;
    }
    await request('PLAY', base, 'Range: npt=0-\r\n');
  } catch (error) {
    socket.destroy();
    throw error;
  }
  let bytes = 0;
  socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  return { mediaBytes: () => bytes, closed, stop: () => socket.destroy() };
}
