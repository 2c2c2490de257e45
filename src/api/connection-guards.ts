// Connection caps and liveness on the HTTP server: every accepted socket passes the HTTP guard before Node reads a
// byte from it (a refused one is destroyed at once); a WebSocket upgrade passes the WebSocket guard too (refused
// with 503, before authentication); and upgraded sockets, which Node's HTTP timeouts no longer watch, are pinged:
// one that has not answered the previous ping is cut. A viewer receiving video answers pings like any client.
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { ConnectionGuard } from '../core/connection-guard.js';
import { VigieError } from '../core/errors.js';

export interface HttpConnectionGuards {
  readonly http: ConnectionGuard;
  readonly websocket: ConnectionGuard;
  readonly pingIntervalMs: number;
}

export function installConnectionGuards(app: FastifyInstance, guards: HttpConnectionGuards): void {
  // Node's own listener (it sets up a request parser) only sees admitted sockets: in a flood, refusing must cost as
  // little as possible, or the accept queue grows and legitimate clients wait behind it.
  const nodeListeners = app.server.listeners('connection') as Array<(socket: Socket) => void>;
  app.server.removeAllListeners('connection');
  guards.http.attach(app.server);
  app.server.on('connection', (socket: Socket) => {
    if (!guards.http.admit(socket)) {
      socket.destroy();
      return;
    }
    for (const listener of nodeListeners) listener.call(app.server, socket);
  });
  app.addHook('onRequest', async (request) => {
    // An upgrade injected in-process (tests' injectWS) has no network socket to count.
    const socket = request.raw.socket as Socket | undefined;
    if (request.ws && socket !== undefined && !guards.websocket.admit(socket)) throw new VigieError('VIGIE_TOO_MANY_CONNECTIONS', 'too many WebSocket connections; try again later', { status: 503 });
  });

  const awaitingPong = new WeakSet<WebSocket>();
  app.websocketServer.on('connection', (socket: WebSocket) => {
    socket.on('pong', () => awaitingPong.delete(socket));
  });
  const liveness = setInterval(() => {
    for (const socket of app.websocketServer.clients) {
      if (awaitingPong.has(socket)) {
        socket.terminate();
        continue;
      }
      awaitingPong.add(socket);
      socket.ping();
    }
  }, guards.pingIntervalMs);
  liveness.unref();
  app.addHook('onClose', async () => clearInterval(liveness));
}
