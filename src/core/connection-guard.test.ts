// The guard on real loopback sockets (several source addresses of 127.0.0.0/8): caps per address and in total,
// the shared descriptor budget, the pressure rule that keeps the last slots for light clients, and release on close.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { addressKey, ClientAdmission, ConnectionGuard, type ConnectionCaps } from './connection-guard.js';
import { clientDescriptorBudget, readOpenFileLimit } from './open-file-limit.js';

/** A server whose accepted sockets go through `guard`, like the HTTP and RTSP servers. */
async function guardedServer(guard: ConnectionGuard): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    if (!guard.admit(socket)) socket.destroy();
  });
  guard.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

const clients: Socket[] = [];
const servers: Server[] = [];
after(async () => {
  for (const socket of clients) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Connects from `localAddress`; resolves true when the connection is still open 100 ms later (admitted). */
async function held(port: number, localAddress: string): Promise<boolean> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  socket.on('error', () => undefined);
  clients.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  await sleep(100);
  return !socket.destroyed && socket.readyState === 'open';
}

async function setup(caps: ConnectionCaps, admission?: ClientAdmission): Promise<{ guard: ConnectionGuard; port: number; refused: string[] }> {
  const refused: string[] = [];
  const reporting = admission ?? new ClientAdmission({ descriptorBudget: Number.POSITIVE_INFINITY, onRefused: (_server, reason, address) => refused.push(`${reason} ${address}`) });
  const guard = new ConnectionGuard('test', caps, reporting);
  const { server, port } = await guardedServer(guard);
  servers.push(server);
  return { guard, port, refused };
}

test('per-address cap, then the total cap; a closed connection frees its slot', async () => {
  const { guard, port, refused } = await setup({ maxConnections: 4, maxConnectionsPerAddress: 2 });
  assert.deepEqual([await held(port, '127.0.0.2'), await held(port, '127.0.0.2'), await held(port, '127.0.0.2')], [true, true, false]);
  assert.deepEqual([await held(port, '127.0.0.3'), await held(port, '127.0.0.3'), await held(port, '127.0.0.4')], [true, true, false]);
  assert.deepEqual(refused, ['per-address 127.0.0.2', 'total 127.0.0.4']);
  assert.equal(guard.open, 4);
  clients.find((socket) => socket.localAddress === '127.0.0.2' && !socket.destroyed)?.destroy();
  await sleep(100);
  assert.equal(guard.open, 3);
  assert.equal(await held(port, '127.0.0.4'), true, 'the freed slot is given to the next client');
});

test('near the total cap, an address holding many connections is refused and a light one still gets in', async () => {
  const { port, refused } = await setup({ maxConnections: 20, maxConnectionsPerAddress: 100 });
  for (let i = 0; i < 18; i += 1) assert.equal(await held(port, '127.0.0.9'), true);
  assert.equal(await held(port, '127.0.0.9'), false);
  assert.deepEqual([await held(port, '127.0.0.10'), await held(port, '127.0.0.11'), await held(port, '127.0.0.12')], [true, true, false]);
  assert.deepEqual(refused, ['total 127.0.0.9', 'total 127.0.0.12']);
  for (const socket of clients) socket.destroy();
  await sleep(100);
});

test('the descriptor budget is shared between servers; near it only light addresses get in', async () => {
  const refused: string[] = [];
  const admission = new ClientAdmission({ descriptorBudget: 20, onRefused: (server, reason, address) => refused.push(`${server} ${reason} ${address}`) });
  const caps = { maxConnections: 1000, maxConnectionsPerAddress: 1000 };
  const first = await setup(caps, admission);
  const second = await setup(caps, admission);
  // A heavy address fills 90 % of the budget across both servers; past that it is refused...
  for (let i = 0; i < 9; i += 1) assert.equal(await held(first.port, '127.0.0.5'), true);
  for (let i = 0; i < 9; i += 1) assert.equal(await held(second.port, '127.0.0.5'), true);
  assert.equal(admission.inUse, 18);
  assert.equal(await held(second.port, '127.0.0.5'), false);
  // ...while a light client still gets one of the last slots, until the budget is spent.
  assert.equal(await held(first.port, '127.0.0.6'), true);
  assert.equal(await held(second.port, '127.0.0.7'), true);
  assert.equal(await held(first.port, '127.0.0.8'), false);
  assert.deepEqual(refused, ['test descriptors 127.0.0.5', 'test descriptors 127.0.0.8']);
  assert.equal(admission.inUse, 20);
  for (const socket of clients) socket.destroy();
  await sleep(100);
  assert.equal(admission.inUse, 0, 'every closed connection gave its descriptor back');
});

test('a full budget refuses everyone until it grows (a camera removed) or a connection closes', async () => {
  const refused: string[] = [];
  const admission = new ClientAdmission({ descriptorBudget: 2, onRefused: (_server, reason) => refused.push(reason) });
  const { port } = await setup({ maxConnections: 100, maxConnectionsPerAddress: 100 }, admission);
  assert.deepEqual([await held(port, '127.0.0.13'), await held(port, '127.0.0.14'), await held(port, '127.0.0.15')], [true, true, false]);
  admission.descriptorBudget = 3;
  assert.equal(await held(port, '127.0.0.15'), true);
  assert.equal(await held(port, '127.0.0.16'), false);
  assert.deepEqual(refused, ['descriptors', 'descriptors']);
  for (const socket of clients) socket.destroy();
  await sleep(100);
  assert.equal(await held(port, '127.0.0.16'), true, 'a closed connection gives its descriptor back');
});

test('an IPv6 client counts with its /64; IPv4-mapped addresses count as IPv4', () => {
  assert.equal(addressKey('::ffff:127.0.0.2'), '127.0.0.2');
  assert.equal(addressKey('2001:db8:0:12:abcd::1'), '2001:db8:0:12::/64');
  assert.equal(addressKey('2001:DB8:0:12:1:2:3:4'), '2001:db8:0:12::/64');
  assert.equal(addressKey('::1'), '0:0:0:0::/64');
});

test('the open-file limit is read from /proc/self/limits and the client budget keeps the reserve', () => {
  const sample = 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            4096                 524288               files\n';
  assert.deepEqual(readOpenFileLimit(sample), { soft: 4096, hard: 524288 });
  assert.equal(readOpenFileLimit('Max open files            unlimited            unlimited            files\n'), undefined);
  const own = readOpenFileLimit(readFileSync('/proc/self/limits', 'utf8'));
  assert.ok(own !== undefined && own.soft > 0 && own.soft <= own.hard, JSON.stringify(own));
  assert.equal(clientDescriptorBudget({ soft: 4096, hard: 4096 }, { base: 512, perStream: 6, streams: 100 }), 4096 - 512 - 600);
  assert.equal(clientDescriptorBudget({ soft: 1024, hard: 1024 }, { base: 512, perStream: 6, streams: 500 }), 0);
  assert.equal(clientDescriptorBudget(undefined, { base: 512, perStream: 6, streams: 1 }), Number.POSITIVE_INFINITY);
});
