// The health API over HTTP with the real access hook: per camera (camera.read) and the summary filtered by the
// subject's commune scope; a camera that refuses connections shows as offline with a clear error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { accessRoutes, createAccess, type Access } from '../access/index.js';
import { TestClient } from '../access/testing/client.js';
import { createHttpServer } from '../api/server.js';
import { loadConfig } from '../config/load.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createJournal } from '../journal/index.js';
import { Hub } from '../media/hub/index.js';
import { scopeIncludes, type CameraScope } from '../territory/index.js';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { MemoryTerritory } from '../../test/support/memory-territory.js';
import { freePort } from '../../test/support/ports.js';
import { createIngest, openRtspSourceSession, type Ingest } from './index.js';
import { ingestRoutes } from './routes.js';

const PASSWORD = 'correct horse battery';
const COMMUNES: Record<string, string> = { 'cam-chartres': '28085', 'cam-luce': '28218' };

describe('camera health API', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let access: Access;
  let ingest: Ingest;

  before(async () => {
    db = await openTestDatabase('sqlite');
    const config = loadConfig({ env: {}, overrides: { dataDir: db.dataDir, 'log.level': 'silent' } });
    const journal = createJournal({ db: db.db, clock: systemClock, dataDir: db.dataDir });
    access = await createAccess({ db: db.db, clock: systemClock, config, journal, logger: silentLogger, territory: { cameraCommune: async (id) => COMMUNES[id], unknownCommunes: async () => [] } });
    await access.users.create({ username: 'olivia', role: 'operator', password: PASSWORD });
    await access.users.create({ username: 'marc', role: 'mayor', password: PASSWORD, communes: ['28218'] });
    const territory = new MemoryTerritory();
    const port = await freePort();
    for (const id of Object.keys(COMMUNES)) territory.put(id, { main: { url: `rtsp://127.0.0.1:${port}/${id}` } });
    ingest = createIngest({ hub: new Hub(), territory, logger: silentLogger, metrics: new Registry(), clock: systemClock, openSession: openRtspSourceSession });
    await ingest.start();
    const visibleCameraIds = async (scope: CameraScope): Promise<Set<string>> => new Set(Object.keys(COMMUNES).filter((id) => scopeIncludes(scope, COMMUNES[id] ?? '')));
    app = await createHttpServer({ config, logger: silentLogger, metrics: new Registry(), version: 'test', plugins: [accessRoutes(access, journal), ingestRoutes({ ingest, visibleCameraIds })] });
    for (let waited = 0; ingest.health('cam-luce')?.main.lastError === undefined && waited < 5000; waited += 50) await sleep(50);
  });

  after(async () => {
    await ingest.close();
    await app.close();
    await db.close();
  });

  it('shows one camera to an operator, offline with the reason', async () => {
    const client = new TestClient(app);
    assert.equal((await client.login('olivia', PASSWORD)).statusCode, 200);
    const response = await client.request('GET', '/api/cameras/cam-luce/health');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { cameraId: string; main: { state: string; lastError: { kind: string; message: string } | null }; sub: unknown };
    assert.equal(body.cameraId, 'cam-luce');
    assert.equal(body.main.state, 'offline');
    assert.equal(body.main.lastError?.kind, 'refused');
    assert.equal(body.sub, null);
    assert.equal((await client.request('GET', '/api/cameras/cam-nowhere/health')).statusCode, 404);
  });

  it('keeps a mayor to the cameras of his commune', async () => {
    const client = new TestClient(app);
    assert.equal((await client.login('marc', PASSWORD)).statusCode, 200);
    assert.equal((await client.request('GET', '/api/cameras/cam-chartres/health')).statusCode, 403);
    const summary = await client.request('GET', '/api/health/cameras');
    assert.equal(summary.statusCode, 200, summary.body);
    const body = summary.json() as { counts: Record<string, number>; cameras: Array<{ cameraId: string }> };
    assert.deepEqual(
      body.cameras.map((c) => c.cameraId),
      ['cam-luce'],
    );
    assert.equal(body.counts['offline'], 1);
  });

  it('refuses anonymous requests', async () => {
    assert.equal((await new TestClient(app).request('GET', '/api/health/cameras')).statusCode, 401);
  });
});
