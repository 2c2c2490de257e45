// A pair of local UDP ports for RTP and RTCP (RFC 3550 §11: RTP on an even port, RTCP on the next one).
import { createSocket, type Socket } from 'node:dgram';
import { rtspError } from './errors.js';

export interface UdpPortPair {
  readonly rtp: Socket;
  readonly rtcp: Socket;
  readonly rtpPort: number;
  close(): void;
}

/** Ephemeral ports are random; a few tries find an even port whose successor is free. */
const MAX_ATTEMPTS = 20;

export async function openUdpPortPair(address: string): Promise<UdpPortPair> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const rtp = await bind(address, 0);
    if (rtp === undefined) break;
    const port = rtp.address().port;
    if (port % 2 !== 0 || port === 65535) {
      rtp.close();
      continue;
    }
    const rtcp = await bind(address, port + 1);
    if (rtcp === undefined) {
      rtp.close();
      continue;
    }
    return {
      rtp,
      rtcp,
      rtpPort: port,
      close() {
        rtp.close();
        rtcp.close();
      },
    };
  }
  throw rtspError('VIGIE_RTSP_CONNECTION_FAILED', 'no free pair of UDP ports for RTP', { address });
}

function bind(address: string, port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(port, address, () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}
