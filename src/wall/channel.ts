// The wall's state channel over WebSocket: the state when the socket opens, then every change, each filtered to
// the cameras the subscriber may see. Consoles follow the whole wall; a wall page follows its one monitor and
// makes it online while connected. Dead peers are found by ping (a wall PC unplugged from the network), and the
// stream watch closes the socket when its subject loses the right (logout, revoked device token).
import type { WebSocket } from 'ws';
import type { Access, Actor } from '../access/index.js';
import { STREAM_REVOKED_CLOSE_CODE } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { CameraScope } from '../territory/index.js';
import { camerasOf, hideCameras, type Assignment } from './model.js';
import type { Monitor, WallChange, WallService, WallState } from './wall-service.js';

/** Close code when the monitor a wall page follows does not exist (like HTTP 404). */
export const MONITOR_GONE_CLOSE_CODE = 4404;
const PING_MS = 15_000;

export interface ChannelDeps {
  readonly service: WallService;
  readonly access: Pick<Access, 'watchStream'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly visibleCameraIds: (scope: CameraScope) => Promise<ReadonlySet<string>>;
  readonly describeCameras: (cameraIds: readonly string[]) => Promise<Record<string, unknown>>;
}

export interface Subscriber {
  readonly socket: WebSocket;
  readonly actor: Actor;
  readonly scope: CameraScope;
  readonly ip: string;
  /** The monitor a wall page shows; absent for a console. */
  readonly monitorId?: string;
}

export function openChannel(deps: ChannelDeps, subscriber: Subscriber): void {
  const { socket, monitorId } = subscriber;
  const cleanups: Array<() => void> = [];
  let closed = false;
  // Sends go out in the order changes happened, although filtering them is asynchronous.
  let queue: Promise<void> = Promise.resolve();
  const send = (message: () => Promise<Record<string, unknown> | undefined>) => {
    queue = queue
      .then(async () => {
        const body = await message();
        if (body !== undefined && !closed && socket.readyState === socket.OPEN) socket.send(JSON.stringify({ ...body, serverTime: deps.clock.now() }));
      })
      .catch((error: unknown) => fail(error));
  };
  const fail = (error: unknown) => {
    if (closed) return;
    const known = error instanceof VigieError;
    if (!known) deps.logger.error({ err: error }, 'wall channel failed');
    if (socket.readyState === socket.OPEN) {
      socket.send(JSON.stringify({ type: 'error', code: known ? error.code : 'VIGIE_INTERNAL', message: known ? error.message : 'internal error' }));
      socket.close(known && error.status === 404 ? MONITOR_GONE_CLOSE_CODE : 1011, known ? error.code : 'internal error');
    }
  };
  const hider = async (): Promise<(a: Assignment) => Assignment> => {
    if (subscriber.scope.all) return (a) => a;
    const visible = await deps.visibleCameraIds(subscriber.scope);
    return (a) => hideCameras(a, (id) => visible.has(id));
  };
  const shown = async (monitor: Monitor): Promise<Monitor> => ({ ...monitor, assignment: (await hider())(monitor.assignment) });
  const wholeState = async (): Promise<WallState> => {
    const state = await deps.service.state();
    const hide = await hider();
    return { ...state, monitors: state.monitors.map((m) => ({ ...m, assignment: hide(m.assignment) })) };
  };

  const onChange = (change: WallChange) => {
    if (monitorId === undefined) {
      send(async () => (change.type === 'monitor' ? { type: 'monitor', monitor: await shown(change.monitor) } : { type: 'state', ...(await wholeState()) }));
    } else if (change.type === 'structure' || change.monitor.id === monitorId) {
      // A wall page gets the names of the cameras it shows with them: it may not list cameras itself.
      send(async () => {
        const monitor = await shown(change.type === 'monitor' ? change.monitor : await deps.service.monitor(monitorId));
        return { type: 'monitor', monitor, cameras: await deps.describeCameras(camerasOf(monitor.assignment)) };
      });
    }
  };
  cleanups.push(deps.service.onChange(onChange));
  cleanups.push(
    deps.access.watchStream({
      actor: subscriber.actor,
      action: monitorId === undefined ? 'wall.read' : 'wall.display',
      via: 'websocket',
      ip: subscriber.ip,
      end: (reason) => {
        if (socket.readyState === socket.OPEN) {
          socket.send(JSON.stringify({ type: 'error', code: 'VIGIE_ACCESS_REVOKED', message: `access withdrawn: ${reason}` }));
          socket.close(STREAM_REVOKED_CLOSE_CODE, 'access withdrawn');
        }
        setTimeout(() => socket.terminate(), 1000).unref();
      },
    }),
  );

  if (monitorId === undefined) {
    send(async () => ({ type: 'state', ...(await wholeState()) }));
  } else {
    send(async () => {
      const unregister = await deps.service.registerDisplay(monitorId);
      if (closed) unregister();
      else cleanups.push(unregister);
      return undefined;
    });
  }

  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const ping = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, PING_MS);
  ping.unref();
  cleanups.push(() => clearInterval(ping));

  const close = () => {
    if (closed) return;
    closed = true;
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
  socket.on('close', close);
  socket.on('error', close);
}
