import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { accessRoutes, createAccess, CSRF_HEADER } from '../access/index.js';
import { createHttpServer } from '../api/server.js';
import { validateConfig } from '../config/load.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createJournal, type Journal } from '../journal/index.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { createTerritory, territoryRoutes, type Territory } from './index.js';

const SHARED_COMMUNES = resolve(process.cwd(), '../shared/data/geo/chartres-metropole-communes.geojson');
const PASSWORD = 'correct horse battery staple';

interface Session {
  readonly headers: Record<string, string>;
}

for (const dialect of await testDialects()) {
  describe(`territory API (${dialect})`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let territory: Territory;
    let journal: Journal;
    let admin: Session;
    let mayor: Session;

    const login = async (username: string): Promise<Session> => {
      const reply = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
      assert.equal(reply.statusCode, 200, reply.body);
      const cookie = reply.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return { headers: { cookie, [CSRF_HEADER]: (reply.json() as { csrfToken: string }).csrfToken } };
    };

    before(async () => {
      database = await openTestDatabase(dialect);
      const config = validateConfig({ dataDir: database.dataDir, http: { bodyLimitBytes: 256 * 1024 } });
      journal = createJournal({ db: database.db, clock: systemClock, dataDir: database.dataDir });
      territory = await createTerritory({ db: database.db, clock: systemClock, config, journal, logger: silentLogger });
      const access = await createAccess({ db: database.db, clock: systemClock, config, journal, logger: silentLogger, territory });
      await territory.communes.import({ kind: 'csv', text: 'insee;nom;lat;lon\n28085;Chartres;48.44695;1.50569\n28218;Lucé;48.43504;1.4529\n' });
      await access.users.create({ username: 'root', role: 'administrator', password: PASSWORD });
      await access.users.create({ username: 'maire.luce', role: 'mayor', password: PASSWORD, communes: ['28218'] });
      app = await createHttpServer({ config, logger: silentLogger, metrics: new Registry(), version: 'test', plugins: [accessRoutes(access, journal), territoryRoutes(territory)] });
      admin = await login('root');
      mayor = await login('maire.luce');
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    const post = (session: Session, url: string, payload: unknown, contentType = 'application/json') =>
      app.inject({ method: 'POST', url, headers: { ...session.headers, 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

    it('creates cameras through the API without ever returning their credentials', async () => {
      const created = await post(admin, '/api/cameras', { name: 'Épars', commune: '28085', lat: 48.4447, lon: 1.4896, mainUrl: 'rtsp://admin:hunter2@10.3.0.1/main', type: 'ptz' });
      assert.equal(created.statusCode, 201, created.body);
      const camera = created.json() as Record<string, unknown>;
      assert.equal(camera['commune'], '28085');
      assert.equal(camera['hasCredentials'], true);
      assert.deepEqual(camera['streams'], { main: 'rtsp://10.3.0.1/main', sub: null });
      const luce = await post(admin, '/api/cameras', { name: 'Lucé Mairie', commune: '28218', lat: 48.435, lon: 1.453, mainUrl: 'rtsp://10.3.0.2/main', username: 'op', password: 'hunter3' });
      assert.equal(luce.statusCode, 201, luce.body);
      const list = await app.inject({ method: 'GET', url: '/api/cameras', headers: admin.headers });
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes('hunter') && !list.body.includes('admin:'));
      assert.equal((list.json() as unknown[]).length, 2);
      const entry = (await journal.query({ cameraId: camera['id'] as string })).entries[0];
      assert.equal(entry?.action, 'camera.manage');
      assert.equal(entry?.details['name'], 'Épars');
    });

    it('shows a mayor only the cameras of his commune', async () => {
      const all = (await app.inject({ method: 'GET', url: '/api/cameras', headers: admin.headers })).json() as Array<{ id: string; commune: string }>;
      const chartres = all.find((c) => c.commune === '28085');
      const luce = all.find((c) => c.commune === '28218');
      const mine = (await app.inject({ method: 'GET', url: '/api/cameras', headers: mayor.headers })).json() as Array<{ commune: string }>;
      assert.deepEqual(
        mine.map((c) => c.commune),
        ['28218'],
      );
      assert.equal((await app.inject({ method: 'GET', url: `/api/cameras/${luce?.id ?? ''}`, headers: mayor.headers })).statusCode, 200);
      assert.ok([403, 404].includes((await app.inject({ method: 'GET', url: `/api/cameras/${chartres?.id ?? ''}`, headers: mayor.headers })).statusCode));
      assert.equal((await app.inject({ method: 'DELETE', url: `/api/cameras/${luce?.id ?? ''}`, headers: mayor.headers })).statusCode, 403);
    });

    it('answers 400 with the legal cap for 31 days, and for wrong types or fields', async () => {
      const base = { name: 'Capped', commune: '28085', lat: 48.4, lon: 1.5, mainUrl: 'rtsp://10.3.0.9/main' };
      const cap = await post(admin, '/api/cameras', { ...base, retentionDays: 31 });
      assert.equal(cap.statusCode, 400);
      assert.equal((cap.json() as { error: string }).error, 'VIGIE_RETENTION_ABOVE_LEGAL_CAP');
      assert.match((cap.json() as { message: string }).message, /legal cap of 30 days/);
      assert.equal((await post(admin, '/api/cameras', { ...base, commune: '28999' })).json().error, 'VIGIE_UNKNOWN_COMMUNE');
      assert.equal((await post(admin, '/api/cameras', { ...base, lat: 'north' })).statusCode, 400);
      assert.equal((await post(admin, '/api/cameras', { ...base, password2: 'x' })).statusCode, 400);
      assert.equal((await post(admin, '/api/cameras', '{"name": ')).statusCode, 400);
      const all = (await app.inject({ method: 'GET', url: '/api/cameras', headers: admin.headers })).json() as Array<{ id: string; name: string }>;
      assert.ok(!all.some((c) => c.name === 'Capped'));
      const id = all[0]?.id ?? '';
      const patched = await app.inject({ method: 'PATCH', url: `/api/cameras/${id}`, headers: admin.headers, payload: { retentionDays: 45 } });
      assert.equal(patched.statusCode, 400);
      const ok = await app.inject({ method: 'PATCH', url: `/api/cameras/${id}`, headers: admin.headers, payload: { retentionDays: 30, enabled: false } });
      assert.equal((ok.json() as { retentionDays: number }).retentionDays, 30);
    });

    it('names every bad line of an import, with field and reason, in a preview and in a refused import, and writes nothing', async () => {
      const header = 'name,commune,lat,lon,main_url,retention_days';
      const csv = [
        header,
        'Bad 1,28085,48.44,1.5,rtsp://10.5.0.1/main,15',
        'Bad 1,28085,48.44,1.5,rtsp://10.5.0.2/main,15',
        'Bad 3,28085,1.5,48.44,rtsp://10.5.0.3/main,15',
        'Bad 4,28999,48.44,1.5,rtsp://10.5.0.4/main,15',
        'Bad 5,28085,48.44,1.5,rtsp://10.5.0.5/main,31',
        'Bad 6,28085,48.44,1.5,http://10.5.0.6/stream,15',
        'Good 7,28218,48.43,1.45,rtsp://10.5.0.7/main,20',
      ].join('\n');
      const expected = [
        [3, 'name', 'duplicate-in-file'],
        [4, 'lat', 'outside-france'],
        [5, 'commune', 'unknown-commune'],
        [6, 'retentionDays', 'retention-above-cap'],
        [7, 'mainUrl', 'bad-url'],
      ];
      type Report = { imported: number; dryRun: boolean; errors: Array<{ line: number; field: string; reason: string }>; created: Array<{ name: string }> };
      const preview = await post(admin, '/api/cameras/import?dryRun=true', csv, 'text/csv');
      assert.equal(preview.statusCode, 200);
      const previewed = preview.json() as Report;
      assert.deepEqual(
        previewed.errors.map((e) => [e.line, e.field, e.reason]),
        expected,
      );
      assert.deepEqual(
        previewed.created.map((c) => c.name),
        ['Bad 1', 'Good 7'],
      );
      const refused = await post(admin, '/api/cameras/import', csv, 'text/csv');
      assert.equal(refused.statusCode, 400);
      assert.equal((refused.json() as { error: string }).error, 'VIGIE_IMPORT_REJECTED');
      assert.deepEqual(
        (refused.json() as Report).errors.map((e) => [e.line, e.field, e.reason]),
        expected,
      );
      const names = ((await app.inject({ method: 'GET', url: '/api/cameras', headers: admin.headers })).json() as Array<{ name: string }>).map((c) => c.name);
      assert.ok(!names.some((n) => n.startsWith('Bad ') || n.startsWith('Good ')), 'nothing half-written');
      assert.equal((await post(admin, '/api/cameras/import?mode=merge', csv, 'text/csv')).statusCode, 400);
    });

    it('imports CSV all or nothing with a per-line report', async () => {
      const header = 'name,commune,lat,lon,main_url,retention_days';
      const bad = await post(admin, '/api/cameras/import', `${header}\nA1,28085,48.44,1.5,rtsp://10.4.0.1/main,15\nA2,28218,48.43,1.45,rtsp://10.4.0.2/main,40\n`, 'text/csv');
      assert.equal(bad.statusCode, 400);
      const report = bad.json() as { imported: number; errors: Array<{ line: number; field: string; message: string }> };
      assert.equal(report.imported, 0);
      assert.deepEqual(
        report.errors.map((e) => [e.line, e.field]),
        [[3, 'retentionDays']],
      );
      const names = async () => ((await app.inject({ method: 'GET', url: '/api/cameras', headers: admin.headers })).json() as Array<{ name: string }>).map((c) => c.name);
      assert.ok(!(await names()).includes('A1'));
      const unbalanced = await post(admin, '/api/cameras/import', `${header}\n"A1,28085,48.44,1.5,rtsp://10.4.0.1/main,15\n`, 'text/csv');
      assert.equal(unbalanced.statusCode, 400);
      assert.match(JSON.stringify(unbalanced.json()), /unbalanced quote/);
      const good = await post(admin, '/api/cameras/import', `${header}\nA1,28085,48.44,1.5,rtsp://10.4.0.1/main,15\nA2,28218,48.43,1.45,rtsp://10.4.0.2/main,20\n`, 'text/csv');
      assert.deepEqual([good.statusCode, (good.json() as { imported: number }).imported], [200, 2]);
      assert.ok((await names()).includes('A2'));
      const geojson = {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { name: 'G1', insee: '28085', url: 'rtsp://10.4.0.3/main' }, geometry: { type: 'Point', coordinates: [1.5, 48.44] } }],
      };
      assert.equal(((await post(admin, '/api/cameras/import', geojson, 'application/geo+json')).json() as { imported: number }).imported, 1);
      const notCollection = await post(admin, '/api/cameras/import', { type: 'Feature' });
      assert.equal(notCollection.statusCode, 400);
      assert.match(JSON.stringify(notCollection.json()), /FeatureCollection/);
      const entries = (await journal.query({ action: 'camera.import' })).entries;
      assert.ok(entries.some((e) => e.outcome === 'allowed' && e.details['imported'] === 2));
    });

    it('refuses an oversized body and keeps serving', async () => {
      const huge = `name,commune,lat,lon,main_url\n${'x,28085,48.4,1.5,rtsp://h/x\n'.repeat(12000)}`;
      const reply = await post(admin, '/api/cameras/import', huge, 'text/csv');
      assert.equal(reply.statusCode, 413);
      assert.equal((await app.inject({ method: 'GET', url: '/api/communes', headers: mayor.headers })).statusCode, 200);
    });

    it('serves communes and sectors, and imports communes for administrators only', { skip: existsSync(SHARED_COMMUNES) ? false : `shared data absent at ${SHARED_COMMUNES}` }, async () => {
      const geojson = readFileSync(SHARED_COMMUNES, 'utf8');
      assert.equal((await post(mayor, '/api/communes/import', geojson, 'application/geo+json')).statusCode, 403);
      const imported = await post(admin, '/api/communes/import', geojson, 'application/geo+json');
      assert.deepEqual(imported.json(), { imported: 66, errors: [] });
      const communes = (await app.inject({ method: 'GET', url: '/api/communes', headers: mayor.headers })).json() as Array<{ insee: string; hasOutline: boolean }>;
      assert.equal(communes.length, 66);
      assert.ok(communes.every((c) => c.hasOutline));
      const one = await app.inject({ method: 'GET', url: '/api/communes/28218', headers: mayor.headers });
      assert.equal((one.json() as { name: string }).name, 'Lucé');
      assert.equal((one.json() as { outline: { type: string } }).outline.type, 'Polygon');
      assert.equal((await app.inject({ method: 'GET', url: '/api/communes/28999', headers: mayor.headers })).statusCode, 404);
    });

    it('manages sectors', async () => {
      const created = await post(admin, '/api/sectors', { name: 'Centre-ville', sensitive: true });
      assert.equal(created.statusCode, 201, created.body);
      const id = (created.json() as { id: string }).id;
      assert.equal((await post(mayor, '/api/sectors', { name: 'Nope' })).statusCode, 403);
      const patched = await app.inject({ method: 'PATCH', url: `/api/sectors/${id}`, headers: admin.headers, payload: { sensitive: false } });
      assert.equal((patched.json() as { sensitive: boolean }).sensitive, false);
      const sectorsOf = async (client: { headers: Record<string, string> }) =>
        (await app.inject({ method: 'GET', url: '/api/sectors', headers: client.headers })).json() as Array<{ id: string; cameraIds: string[] }>;
      assert.equal((await sectorsOf(mayor)).length, 0, 'a sector holding none of his cameras is not shown to a mayor');
      const cameras = (await app.inject({ method: 'GET', url: '/api/cameras', headers: admin.headers })).json() as Array<{ id: string; commune: string }>;
      const cameraIds = cameras.map((c) => c.id);
      await app.inject({ method: 'PATCH', url: `/api/sectors/${id}`, headers: admin.headers, payload: { cameraIds } });
      assert.deepEqual((await sectorsOf(admin)).find((s) => s.id === id)?.cameraIds.sort(), [...cameraIds].sort());
      const seen = await sectorsOf(mayor);
      assert.deepEqual(
        seen.map((s) => s.id),
        [id],
      );
      assert.deepEqual(
        [...(seen[0]?.cameraIds ?? [])].sort(),
        cameras
          .filter((c) => c.commune === '28218')
          .map((c) => c.id)
          .sort(),
        "only his commune's cameras of the sector",
      );
      assert.equal((await app.inject({ method: 'DELETE', url: `/api/sectors/${id}`, headers: admin.headers })).statusCode, 204);
      assert.equal((await app.inject({ method: 'DELETE', url: `/api/sectors/${id}`, headers: admin.headers })).statusCode, 404);
    });

    it('keeps a sector inside its commune, shows it to that commune, and journals each change', async () => {
      const cameras = (await app.inject({ method: 'GET', url: '/api/cameras', headers: admin.headers })).json() as Array<{ id: string; commune: string }>;
      const luce = cameras.filter((c) => c.commune === '28218').map((c) => c.id);
      const chartres = cameras.filter((c) => c.commune === '28085').map((c) => c.id);
      assert.ok(luce.length > 0 && chartres.length > 0);
      const created = await post(admin, '/api/sectors', { name: 'Lucé — Mairie', commune: '28218', sensitive: true });
      assert.equal(created.statusCode, 201, created.body);
      const sector = created.json() as { id: string; commune: string; cameraIds: string[] };
      assert.equal(sector.commune, '28218');
      // No camera yet: the mayor of Lucé sees it all the same, as his commune's.
      const seen = (await app.inject({ method: 'GET', url: '/api/sectors', headers: mayor.headers })).json() as Array<{ id: string }>;
      assert.ok(seen.some((s) => s.id === sector.id));
      const sectors = async () => (await app.inject({ method: 'GET', url: '/api/sectors', headers: admin.headers })).json() as Array<{ id: string; cameraIds: string[]; commune: string | null }>;
      // A camera of Chartres does not join a sector of Lucé; nothing is written.
      const patch = (payload: unknown) => app.inject({ method: 'PATCH', url: `/api/sectors/${sector.id}`, headers: admin.headers, payload: payload as Record<string, unknown> });
      const refused = await patch({ cameraIds: [...luce, ...chartres] });
      assert.equal(refused.statusCode, 400);
      assert.equal((refused.json() as { details: { errors: Array<{ reason: string }> } }).details.errors[0]?.reason, 'outside-commune');
      assert.deepEqual((await sectors()).find((s) => s.id === sector.id)?.cameraIds, []);
      assert.equal((await patch({ cameraIds: luce })).statusCode, 200);
      // Moving the sector to Chartres with Lucé's cameras in it is refused too; an unknown commune is named.
      assert.equal((await patch({ commune: '28085' })).statusCode, 400);
      const unknown = await patch({ commune: '28999' });
      assert.equal(unknown.statusCode, 400);
      assert.equal((unknown.json() as { error: string }).error, 'VIGIE_UNKNOWN_COMMUNE');
      assert.equal((await sectors()).find((s) => s.id === sector.id)?.commune, '28218');
      // Spanning several communes is still possible (commune null).
      const spanning = await patch({ commune: null, cameraIds: [...luce, ...chartres] });
      assert.equal(spanning.statusCode, 200, spanning.body);
      assert.equal((await app.inject({ method: 'DELETE', url: `/api/sectors/${sector.id}`, headers: admin.headers })).statusCode, 204);
      const entries = (await journal.query({})).entries.filter((e) => e.target?.id === sector.id);
      assert.deepEqual(entries.map((e) => `${e.action}:${e.outcome}`).sort(), [
        'sector.create:allowed',
        'sector.delete:allowed',
        'sector.update:allowed',
        'sector.update:allowed',
        'sector.update:failed',
        'sector.update:failed',
        'sector.update:failed',
      ]);
      assert.equal(entries.find((e) => e.action === 'sector.create')?.details['sensitive'], true);
    });

    it('documents every territory route in the OpenAPI document', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      for (const path of ['/api/cameras', '/api/cameras/{id}', '/api/cameras/import', '/api/communes', '/api/communes/{insee}', '/api/communes/import', '/api/sectors', '/api/sectors/{id}']) {
        assert.ok(document.paths[path] !== undefined, `${path} is missing`);
      }
      assert.ok(document.paths['/api/cameras']?.['post'] !== undefined);
    });
  });
}
