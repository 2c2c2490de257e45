// Ships checkpoints to a syslog collector as RFC 5424 messages (facility "log audit"): one datagram per
// checkpoint over UDP, or octet-counted frames (RFC 6587) over one kept TCP connection.
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { targetUrl, type ShipTarget } from './ship-queue.js';

const TIMEOUT_MS = 5000;
/** Facility 13 (log audit) × 8 + severity 6 (informational). */
const PRIORITY = 13 * 8 + 6;

export function syslogTarget(url: string): ShipTarget {
  const parsed = targetUrl('syslog', url, ['udp:', 'tcp:']);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = Number(parsed.port || 514);
  return parsed.protocol === 'udp:' ? udpTarget(url, host, port) : tcpTarget(url, host, port);
}

function syslogMessage(line: string): string {
  return `<${PRIORITY}>1 ${new Date().toISOString()} ${hostname()} vigie ${process.pid} journal-checkpoint - ${line}`;
}

function udpTarget(name: string, host: string, port: number): ShipTarget {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('error', () => undefined); // a send's own callback reports its failure
  return {
    name,
    async send(lines) {
      for (const line of lines) {
        await new Promise<void>((resolve, reject) => socket.send(syslogMessage(line), port, host, (error) => (error ? reject(error) : resolve())));
      }
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function tcpTarget(name: string, host: string, port: number): ShipTarget {
  let socket: Socket | undefined;
  const connected = (): Promise<Socket> => {
    if (socket !== undefined && !socket.destroyed) return Promise.resolve(socket);
    return new Promise((resolve, reject) => {
      const fresh = connect({ host, port, timeout: TIMEOUT_MS });
      fresh.once('connect', () => {
        fresh.setTimeout(0);
        socket = fresh;
        resolve(fresh);
      });
      fresh.once('timeout', () => fresh.destroy(new Error(`no connection to ${host}:${port} within ${TIMEOUT_MS} ms`)));
      fresh.once('error', reject);
      fresh.on('error', () => undefined);
      fresh.on('data', () => undefined); // collectors do not answer; drain whatever they send
    });
  };
  return {
    name,
    async send(lines) {
      const target = await connected();
      const frames = lines.map((line) => {
        const message = syslogMessage(line);
        return `${Buffer.byteLength(message)} ${message}`;
      });
      await new Promise<void>((resolve, reject) => target.write(frames.join(''), (error) => (error ? reject(error) : resolve())));
    },
    async close() {
      socket?.end();
      socket = undefined;
    },
  };
}
