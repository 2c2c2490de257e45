// Test harness for the access capability: a fresh database, the journal, Access on a ManualClock, and an HTTP
// server with the access and journal routes plus test routes (a camera route, a WebSocket camera route, and a
// route that declares no access). The administrator's password is set to a known value; `admin()` keeps a
// logged-in administrator client across virtual-time jumps.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { createHttpServer } from '../../api/server.js';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import type { DialectName } from '../../db/database.js';
import { createJournal, journalRoutes, type Journal } from '../../journal/index.js';
import { openTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { territoryLookup } from '../../territory/index.js';
import { accessRoutes, createAccess, type Access } from '../index.js';
import { TestClient } from './client.js';

export const TEST_PASSWORD = 'correct horse battery';
export const TEST_CAMERAS: Readonly<Record<string, string>> = { 'cam-chartres': '28085', 'cam-luce': '28218' };

export interface AccessHarness {
  readonly handle: TestDatabase;
  readonly app: FastifyInstance;
  readonly access: Access;
  readonly journal: Journal;
  readonly clock: ManualClock;
  /** A logged-in administrator client (logs in again when virtual time expired the session). */
  admin(): Promise<TestClient>;
  /** Creates an account through the API with TEST_PASSWORD; returns its id. */
  createUser(body: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startAccessHarness(dialect: DialectName, overrides: Record<string, unknown> = {}): Promise<AccessHarness> {
  const handle = await openTestDatabase(dialect);
  const clock = new ManualClock(Date.UTC(2026, 10, 25, 8));
  const config = loadConfig({ env: {}, overrides: { dataDir: handle.dataDir, 'log.level': 'silent', ...overrides } });
  const journal = createJournal({ db: handle.db, clock, dataDir: handle.dataDir });
  const access = await createAccess({
    db: handle.db,
    clock,
    config,
    journal,
    logger: silentLogger,
    territory: { cameraCommune: async (id) => TEST_CAMERAS[id], unknownCommunes: territoryLookup(handle.db).unknownCommunes },
  });
  const cameraId = (request: { params: unknown }): string => (request.params as { id: string }).id;
  const testRoutes = async (instance: FastifyInstance): Promise<void> => {
    instance.get('/test/cameras/:id/live', { config: { access: { kind: 'camera', action: 'video.live', cameraId } } }, async () => ({ ok: true }));
    instance.get('/test/cameras/:id/ws', { websocket: true, config: { access: { kind: 'camera', action: 'video.live', cameraId } } }, (socket) => {
      socket.send('live');
      socket.close();
    });
    // A stream that runs until the viewer leaves or its access is withdrawn.
    instance.get('/test/cameras/:id/stream', { websocket: true, config: { access: { kind: 'camera', action: 'video.live', cameraId } } }, (socket) => {
      socket.send('streaming');
    });
    instance.get('/test/undeclared', async () => ({ leaked: true }));
  };
  const app = await createHttpServer({
    config,
    logger: silentLogger,
    metrics: new Registry(),
    version: 'test',
    plugins: [
      accessRoutes(access, journal),
      journalRoutes(journal, { dataDir: config.dataDir, camerasOfCommune: async (insee) => Object.keys(TEST_CAMERAS).filter((id) => TEST_CAMERAS[id] === insee) }),
      testRoutes,
    ],
  });
  const generated = await access.ensureFirstAdministrator();
  assert.ok(generated !== undefined && generated.length >= 20, 'first start generates an administrator password');
  assert.equal(await access.ensureFirstAdministrator(), undefined, 'only once');
  await access.users.update((await access.users.findByUsername('admin'))?.id ?? '', { password: TEST_PASSWORD });

  let adminClient = new TestClient(app);
  const admin = async (): Promise<TestClient> => {
    if ((await adminClient.request('GET', '/api/auth/me')).statusCode === 200) return adminClient;
    adminClient = new TestClient(app);
    assert.equal((await adminClient.login('admin', TEST_PASSWORD)).statusCode, 200);
    return adminClient;
  };
  return {
    handle,
    app,
    access,
    journal,
    clock,
    admin,
    async createUser(body) {
      const response = await (await admin()).request('POST', '/api/users', { password: TEST_PASSWORD, ...body });
      assert.equal(response.statusCode, 201, response.body);
      return (response.json() as { id: string }).id;
    },
    async close() {
      access.close();
      await app.close();
      await handle.close();
    },
  };
}
