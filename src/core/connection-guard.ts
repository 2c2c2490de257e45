// Caps on client connections, checked the moment a connection is accepted: per address and in total for each
// server, plus one budget of file descriptors shared by every client-facing server of the process, so that
// clients can never take the descriptors cameras and recordings need. Callers destroy a refused socket at once.
import type { Server, Socket } from 'node:net';

export type RefusalReason = 'per-address' | 'total' | 'descriptors';

export interface ConnectionCaps {
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
}

/**
 * Near a cap (this fraction of it), an address that already holds `LIGHT_CLIENT_CONNECTIONS` gets no more: the
 * flooding addresses are the heavy ones, so the last slots stay for a browser or a health probe arriving late.
 */
const PRESSURE_FRACTION = 0.9;
const LIGHT_CLIENT_CONNECTIONS = 8;

/**
 * Listen backlog for client-facing servers: a burst of connections waits in the kernel's accept queue instead of
 * having its SYNs dropped (a dropped SYN costs a legitimate client a 1 s retry). The kernel caps it at
 * net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 4096;

/** The descriptor budget all client-facing servers draw from, and where their refusals are reported. */
export class ClientAdmission {
  #descriptorBudget: number;
  readonly #onRefused: (server: string, reason: RefusalReason, address: string) => void;
  readonly #watchers = new Set<() => void>();
  #inUse = 0;

  constructor(options: { readonly descriptorBudget: number; readonly onRefused?: (server: string, reason: RefusalReason, address: string) => void }) {
    this.#descriptorBudget = options.descriptorBudget;
    this.#onRefused = options.onRefused ?? (() => undefined);
  }

  get descriptorBudget(): number {
    return this.#descriptorBudget;
  }

  /** Updated as cameras come and go (each needs descriptors of its own). */
  set descriptorBudget(budget: number) {
    this.#descriptorBudget = budget;
    this.#changed();
  }

  /** Client connections currently holding a descriptor, all servers together. */
  get inUse(): number {
    return this.#inUse;
  }

  get full(): boolean {
    return this.#inUse >= this.#descriptorBudget;
  }

  get underPressure(): boolean {
    return this.#inUse >= this.#descriptorBudget * PRESSURE_FRACTION;
  }

  take(): void {
    this.#inUse += 1;
    this.#changed();
  }

  give(): void {
    this.#inUse -= 1;
    this.#changed();
  }

  /** Called at every change of the descriptors in use or of the budget (guards keep their servers' fast refusal in step). */
  watch(watcher: () => void): void {
    this.#watchers.add(watcher);
  }

  #changed(): void {
    for (const watcher of this.#watchers) watcher();
  }

  refused(server: string, reason: RefusalReason, address: string): void {
    this.#onRefused(server, reason, address);
  }
}

/** One server's connections: counted per address and in total, released when the socket closes. */
export class ConnectionGuard {
  readonly server: string;
  readonly #caps: ConnectionCaps;
  readonly #admission: ClientAdmission;
  readonly #perAddress = new Map<string, number>();
  readonly #servers: Server[] = [];
  #open = 0;

  constructor(server: string, caps: ConnectionCaps, admission: ClientAdmission = new ClientAdmission({ descriptorBudget: Number.POSITIVE_INFINITY })) {
    this.server = server;
    this.#caps = caps;
    this.#admission = admission;
  }

  get open(): number {
    return this.#open;
  }

  /**
   * While nobody at all may get in (the total cap or the descriptor budget is reached), lets `server` drop new
   * connections itself, before a socket object is even built: in a flood that is most refusals, and the cheaper
   * they are, the shorter the accept queue a legitimate client waits in (or has its SYN dropped by, when full).
   */
  attach(server: Server): void {
    this.#servers.push(server);
    server.on('drop', (data?: { readonly remoteAddress?: string }) => {
      this.#admission.refused(this.server, this.#open >= this.#caps.maxConnections ? 'total' : 'descriptors', addressKey(data?.remoteAddress ?? ''));
    });
    // Every change of this guard's count goes with a change of the admission's, which calls this back.
    this.#admission.watch(() => this.#syncDropping());
    this.#syncDropping();
  }

  #syncDropping(): void {
    const closedToAll = this.#open >= this.#caps.maxConnections || this.#admission.full;
    // Node drops a connection when maxConnections is set (non-zero) and reached; it counts the sockets it holds.
    for (const server of this.#servers) server.maxConnections = closedToAll ? 1 : 0;
  }

  /** Counts the socket until it closes, or reports why it is refused (the caller then destroys or answers it). */
  admit(socket: Socket): boolean {
    const key = addressKey(socket.remoteAddress ?? '');
    const reason = this.#refusal(key);
    if (reason !== undefined) {
      this.#admission.refused(this.server, reason, key);
      return false;
    }
    this.#open += 1;
    this.#perAddress.set(key, (this.#perAddress.get(key) ?? 0) + 1);
    this.#admission.take();
    socket.once('close', () => {
      this.#open -= 1;
      const held = (this.#perAddress.get(key) ?? 1) - 1;
      if (held === 0) this.#perAddress.delete(key);
      else this.#perAddress.set(key, held);
      this.#admission.give();
    });
    return true;
  }

  #refusal(key: string): RefusalReason | undefined {
    const held = this.#perAddress.get(key) ?? 0;
    if (held >= this.#caps.maxConnectionsPerAddress) return 'per-address';
    const heavy = held >= LIGHT_CLIENT_CONNECTIONS;
    if (this.#open >= this.#caps.maxConnections * (heavy ? PRESSURE_FRACTION : 1)) return 'total';
    if (this.#admission.full || (heavy && this.#admission.underPressure)) return 'descriptors';
    return undefined;
  }
}

/** IPv4 addresses count alone; an IPv6 client counts with its /64, which one subscriber usually holds whole. */
export function addressKey(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!plain.includes(':')) return plain;
  const [head = '', tail = ''] = plain.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = plain.includes('::') ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
