import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { createJournal, type Journal } from '../journal/index.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { createTerritory, type CameraChange, type Territory } from './index.js';

const SHARED_COMMUNES = resolve(process.cwd(), '../shared/data/geo/chartres-metropole-communes.geojson');
const COMMUNES_CSV = 'insee;nom;lat;lon\n28085;Chartres;48.44695;1.50569\n28218;Lucé;48.43504;1.4529\n28229;Mainvilliers;48.4628;1.4459\n';
const author = { actor: null, via: 'cli', osUser: 'test' } as const;

async function rejection(promise: Promise<unknown>): Promise<VigieError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof VigieError, `expected a VigieError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

for (const dialect of await testDialects()) {
  describe(`territory (${dialect})`, () => {
    let database: TestDatabase;
    let journal: Journal;
    let territory: Territory;
    const changes: CameraChange[] = [];
    const clock = new ManualClock(Date.UTC(2026, 10, 25, 12));

    before(async () => {
      database = await openTestDatabase(dialect);
      journal = createJournal({ db: database.db, clock, dataDir: database.dataDir });
      territory = await createTerritory({ db: database.db, clock, config: { dataDir: database.dataDir, territory: { defaultRetentionDays: 15 } }, journal, logger: silentLogger, credentialsKey: '' });
      territory.onCameraChange((change) => changes.push(change));
      const report = await territory.communes.import({ kind: 'csv', text: COMMUNES_CSV }, author);
      assert.deepEqual(report.errors, []);
    });
    after(async () => database.close());

    it('creates, reads, updates and removes a camera, announcing each change', async () => {
      changes.length = 0;
      const created = await territory.cameras.create(
        {
          name: 'Place des Épars',
          commune: '28085',
          lat: 48.4447,
          lon: 1.4896,
          mainUrl: 'rtsp://10.1.0.1/main',
          subUrl: 'rtsp://10.1.0.1/sub',
          type: 'ptz',
          purposes: ['crime-prevention', 'traffic-regulation'],
        },
        author,
      );
      assert.equal(created.communeName, 'Chartres');
      assert.equal(created.retentionDays, 15);
      assert.equal((await territory.cameras.get(created.id))?.name, 'Place des Épars');
      assert.equal(await territory.cameraCommune(created.id), '28085');
      clock.advance(1000);
      const updated = await territory.cameras.update(created.id, { retentionDays: 30, enabled: false, subUrl: null }, author);
      assert.equal(updated.retentionDays, 30);
      assert.equal(updated.enabled, false);
      assert.equal(updated.subUrl, null);
      assert.equal(updated.type, 'ptz');
      assert.deepEqual(updated.purposes, ['crime-prevention', 'traffic-regulation']);
      assert.equal(updated.updatedAtMs - updated.createdAtMs, 1000);
      await territory.cameras.remove(created.id, author);
      assert.equal(await territory.cameras.get(created.id), undefined);
      assert.equal(await territory.cameraCommune(created.id), undefined);
      assert.deepEqual(
        changes.map((c) => c.kind),
        ['created', 'updated', 'removed'],
      );
      const entries = (await journal.query({ action: 'camera.update' })).entries;
      assert.equal(entries[0]?.target?.cameraId, created.id);
      assert.equal(entries[0]?.details['via'], 'cli');
    });

    it('refuses a retention of 31 days and an unknown commune, writing nothing', async () => {
      const before = (await territory.cameras.list({ all: true })).length;
      const base = { name: 'Refused', commune: '28085', lat: 48.4, lon: 1.5, mainUrl: 'rtsp://10.1.0.2/main' };
      const cap = await rejection(territory.cameras.create({ ...base, retentionDays: 31 }));
      assert.equal(cap.code, 'VIGIE_RETENTION_ABOVE_LEGAL_CAP');
      assert.equal(cap.status, 400);
      assert.match(cap.message, /30 days/);
      const commune = await rejection(territory.cameras.create({ ...base, commune: '28404' }));
      assert.equal(commune.code, 'VIGIE_UNKNOWN_COMMUNE');
      assert.equal((await territory.cameras.list({ all: true })).length, before);
      const camera = await territory.cameras.create({ ...base, name: 'Capped' });
      assert.equal((await rejection(territory.cameras.update(camera.id, { retentionDays: 45 }))).code, 'VIGIE_RETENTION_ABOVE_LEGAL_CAP');
      assert.equal((await territory.cameras.get(camera.id))?.retentionDays, 15);
      assert.equal((await rejection(territory.cameras.create({ ...base, name: 'Capped' }))).status, 409);
      // The database refuses it too, whatever code writes the row.
      await assert.rejects(database.db.updateTable('cameras').set({ retention_days: 31 }).where('id', '=', camera.id).execute());
      assert.equal((await rejection(territory.cameras.update('no-such-camera', { enabled: true }))).status, 404);
    });

    it('keeps credentials encrypted in the row and decrypts them only for the ingest', async () => {
      const camera = await territory.cameras.create({
        name: 'Gare',
        commune: '28085',
        lat: 48.448,
        lon: 1.481,
        mainUrl: 'rtsp://admin:Tr%C3%A8sS3cret@10.1.0.3:554/main',
        subUrl: 'rtsp://10.1.0.3:554/sub',
      });
      assert.equal(camera.hasCredentials, true);
      assert.equal(camera.mainUrl, 'rtsp://10.1.0.3:554/main');
      const row = await database.db.selectFrom('cameras').select(['credentials', 'main_url']).where('id', '=', camera.id).executeTakeFirstOrThrow();
      assert.match(row.credentials ?? '', /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.ok(!(row.credentials ?? '').includes('S3cret') && !(row.credentials ?? '').includes('admin'));
      assert.equal(row.main_url, 'rtsp://10.1.0.3:554/main');
      const streams = await territory.cameraStreams(camera.id);
      assert.deepEqual(streams.main, { url: 'rtsp://10.1.0.3:554/main', username: 'admin', password: 'TrèsS3cret' });
      assert.deepEqual(streams.sub, { url: 'rtsp://10.1.0.3:554/sub', username: 'admin', password: 'TrèsS3cret' });
      assert.equal(statSync(join(database.dataDir, 'keys', 'credentials.key')).mode & 0o777, 0o600);

      // An envelope copied onto another camera does not open: the camera id is authenticated with it.
      const other = await territory.cameras.create({ name: 'Gare 2', commune: '28085', lat: 48.448, lon: 1.481, mainUrl: 'rtsp://10.1.0.4/main' });
      await database.db.updateTable('cameras').set({ credentials: row.credentials }).where('id', '=', other.id).execute();
      assert.equal((await rejection(territory.cameraStreams(other.id))).code, 'VIGIE_CREDENTIALS_UNREADABLE');

      const cleared = await territory.cameras.update(camera.id, { username: null });
      assert.equal(cleared.hasCredentials, false);
      assert.deepEqual((await territory.cameraStreams(camera.id)).main, { url: 'rtsp://10.1.0.3:554/main' });
    });

    it('imports cameras all or nothing, naming each bad line', async () => {
      await territory.sectors.create({ name: 'Gare', sensitive: false });
      const before = (await territory.cameras.list({ all: true })).length;
      const header = 'name;commune;lat;lon;type;main_url;sub_url;username;password;retention_days;purposes;sectors';
      const good = [
        'Lucé Marché;28218;48.435;1.453;fixed;rtsp://10.2.0.1/main;rtsp://10.2.0.1/sub;op;pw1;15;crime-prevention;',
        'Mainvilliers Mairie;28229;48.463;1.446;ptz;rtsp://10.2.0.2/main;;;;20;crime-prevention|traffic-regulation;Gare',
        '"Chartres; Pont";28085;48.447;1.51;multisensor;rtsp://10.2.0.3/main;;;;;;',
      ];
      const rejected = await territory.cameras.import({ kind: 'csv', text: [header, ...good, 'Bad;28218;48.4;1.4;fixed;rtsp://10.2.0.4/main;;;;31;;'].join('\n') }, author);
      assert.equal(rejected.imported, 0);
      assert.deepEqual(
        rejected.errors.map((e) => [e.line, e.field]),
        [[5, 'retentionDays']],
      );
      assert.equal((await territory.cameras.list({ all: true })).length, before);

      changes.length = 0;
      const imported = await territory.cameras.import({ kind: 'csv', text: [header, ...good].join('\r\n') }, author);
      assert.deepEqual([imported.imported, imported.errors, imported.created.length], [3, [], 3]);
      assert.ok(imported.created.every((c) => c.id !== null));
      assert.equal(changes.filter((c) => c.kind === 'created').length, 3);
      const cameras = await territory.cameras.list({ all: true });
      const mainvilliers = cameras.find((c) => c.name === 'Mainvilliers Mairie');
      assert.deepEqual(
        mainvilliers?.sectors.map((s) => s.name),
        ['Gare'],
      );
      assert.equal(cameras.find((c) => c.name === 'Lucé Marché')?.hasCredentials, true);
      assert.ok(cameras.some((c) => c.name === 'Chartres; Pont' && c.type === 'multisensor'));

      const again = await territory.cameras.import({ kind: 'csv', text: [header, good[0]].join('\n') }, author);
      assert.match(again.errors[0]?.message ?? '', /already exists/);
      const importEntries = (await journal.query({ action: 'camera.import' })).entries;
      assert.deepEqual(
        importEntries.map((e) => [e.outcome, e.details['imported']]),
        [
          ['failed', 0],
          ['allowed', 3],
          ['failed', 0],
        ],
      );
    });

    it('previews an import without writing, then upserts and synchronises by name, all or nothing', async () => {
      const header = 'name;commune;lat;lon;main_url;retention_days;azimut;ouverture';
      const lines = ['Estate A;28085;48.447;1.505;rtsp://10.9.0.1/main;10;90;60', 'Estate B;28218;48.435;1.453;rtsp://10.9.0.2/main;12;;', 'Estate C;28229;48.463;1.446;rtsp://10.9.0.3/main;;;'];
      const csv = (...rows: string[]) => ({ kind: 'csv' as const, text: [header, ...rows].join('\n') });
      const count = async () => (await territory.cameras.list({ all: true })).length;
      const start = await count();
      const preview = await territory.cameras.import(csv(...lines), author, { dryRun: true });
      assert.deepEqual(
        [preview.dryRun, preview.imported, preview.created.map((c) => [c.line, c.id]), preview.errors],
        [
          true,
          0,
          [
            [2, null],
            [3, null],
            [4, null],
          ],
          [],
        ],
      );
      assert.equal(await count(), start, 'a preview writes nothing');
      assert.equal((await territory.cameras.import(csv(...lines), author)).imported, 3);

      const edited = ['Estate A;28085;48.447;1.505;rtsp://10.9.0.1/main;10;180;60', lines[1] as string, 'Estate D;28085;48.44;1.5;rtsp://10.9.0.4/main;;;'];
      const createOnly = await territory.cameras.import(csv(...edited), author, { dryRun: true });
      assert.deepEqual(
        createOnly.errors.map((e) => [e.line, e.reason]),
        [
          [2, 'name-taken'],
          [3, 'name-taken'],
        ],
      );
      const upsert = await territory.cameras.import(csv(...edited), author, { mode: 'upsert', dryRun: true });
      assert.deepEqual(
        [upsert.errors, upsert.updated.map((u) => [u.name, u.changed]), upsert.unchanged.map((u) => u.name), upsert.created.map((c) => c.name), upsert.removed],
        [[], [['Estate A', ['fieldOfView']]], ['Estate B'], ['Estate D'], []],
      );
      const sync = await territory.cameras.import(csv(...edited), author, { mode: 'sync', dryRun: true });
      assert.ok(sync.removed.some((r) => r.name === 'Estate C'));

      // One bad line in a synchronisation: nothing at all is written, not even the good lines' updates.
      const rejected = await territory.cameras.import(csv(...edited, 'Estate E;28085;48.44;1.5;rtsp://10.9.0.5/main;45;;'), author, { mode: 'sync' });
      assert.deepEqual(
        rejected.errors.map((e) => [e.line, e.reason]),
        [[5, 'retention-above-cap']],
      );
      const names = async () => (await territory.cameras.list({ all: true })).map((c) => c.name);
      assert.ok((await names()).includes('Estate C'));
      assert.equal((await territory.cameras.list({ all: true })).find((c) => c.name === 'Estate A')?.fieldOfView?.directionDeg, 90);

      changes.length = 0;
      const applied = await territory.cameras.import(csv(...edited), author, { mode: 'sync' });
      assert.equal(applied.imported, 2);
      const after = await names();
      assert.ok(!after.includes('Estate C') && after.includes('Estate D'));
      assert.ok(sync.removed.every((r) => !after.includes(r.name)));
      assert.equal((await territory.cameras.list({ all: true })).find((c) => c.name === 'Estate A')?.fieldOfView?.directionDeg, 180);
      assert.deepEqual([...new Set(changes.map((c) => c.kind))].sort(), ['created', 'removed', 'updated']);
    });

    it('lists cameras within a commune scope', async () => {
      const luce = await territory.cameras.list({ all: false, communes: ['28218'] });
      assert.ok(luce.length > 0 && luce.every((c) => c.communeInsee === '28218'));
      assert.deepEqual(await territory.cameras.list({ all: false, communes: [] }), []);
    });

    it('manages sectors with areas, members and unique names', async () => {
      const cameras = await territory.cameras.list({ all: true });
      const area = {
        type: 'Polygon',
        coordinates: [
          [
            [1.48, 48.44],
            [1.5, 48.44],
            [1.5, 48.45],
            [1.48, 48.45],
            [1.48, 48.44],
          ],
        ],
      };
      const sector = await territory.sectors.create({ name: 'Hypercentre', sensitive: true, area, cameraIds: [cameras[0]?.id ?? ''] });
      assert.equal(sector.sensitive, true);
      assert.deepEqual(sector.area, area);
      const changed = await territory.sectors.update(sector.id, { sensitive: false, area: null, cameraIds: cameras.slice(0, 2).map((c) => c.id) });
      assert.equal(changed.sensitive, false);
      assert.equal(changed.area, null);
      assert.equal(changed.cameraIds.length, 2);
      assert.equal((await rejection(territory.sectors.create({ name: 'Hypercentre' }))).status, 409);
      assert.equal((await rejection(territory.sectors.create({ name: 'X', cameraIds: ['nope'] }))).status, 400);
      assert.equal((await rejection(territory.sectors.create({ name: 'Y', area: { type: 'Point', coordinates: [1, 48] } }))).status, 400);
      await territory.sectors.remove(sector.id);
      assert.equal(
        (await territory.cameras.get(cameras[0]?.id ?? ''))?.sectors.some((s) => s.id === sector.id),
        false,
      );
    });

    it(
      'imports the real Chartres métropole GeoJSON with outlines, and a later CSV keeps them',
      { skip: existsSync(SHARED_COMMUNES) ? false : `shared data absent at ${SHARED_COMMUNES}` },
      async () => {
        const report = await territory.communes.import({ kind: 'geojson', document: JSON.parse(readFileSync(SHARED_COMMUNES, 'utf8')) as unknown }, author);
        assert.deepEqual(report, { imported: 66, created: 63, updated: 3, errors: [] });
        await territory.communes.import({ kind: 'csv', text: COMMUNES_CSV }, author);
        const chartres = await territory.communes.get('28085');
        assert.equal((chartres.outline as { type: string }).type, 'Polygon');
        assert.equal(chartres.population, 38324);
        assert.equal((await territory.communes.list()).length, 66);
      },
    );

    it('refuses a malformed commune file without writing', async () => {
      const count = (await territory.communes.list()).length;
      const report = await territory.communes.import({ kind: 'csv', text: 'insee;nom;lat;lon\n28404;Saint-Prest;48.49;1.53\n"28405;Broken;48;1\n' }, author);
      assert.equal(report.imported, 0);
      assert.equal(report.errors[0]?.line, 3);
      assert.equal((await territory.communes.list()).length, count);
      const notCollection = await territory.communes.import({ kind: 'geojson', document: { type: 'Polygon', coordinates: [] } }, author);
      assert.match(notCollection.errors[0]?.message ?? '', /FeatureCollection/);
    });
  });

  describe(`demo seed (${dialect})`, () => {
    let database: TestDatabase;
    let territory: Territory;
    before(async () => {
      database = await openTestDatabase(dialect);
      territory = await createTerritory({
        db: database.db,
        clock: new ManualClock(0),
        config: { dataDir: database.dataDir, territory: { defaultRetentionDays: 15 } },
        journal: createJournal({ db: database.db, clock: new ManualClock(0), dataDir: database.dataDir }),
        logger: silentLogger,
      });
    });
    after(async () => database.close());

    it('loads the 66 communes and spreads N simulator cameras, most in Chartres, cam1 a PTZ', async () => {
      const report = await territory.seedDemo({ simulatorPort: 18555, cameras: 10 });
      assert.equal(report.communes, 66);
      assert.equal(report.outlines, existsSync(SHARED_COMMUNES) ? 66 : 0);
      assert.equal((await territory.communes.list()).length, 66);
      const cameras = await territory.cameras.list({ all: true });
      assert.equal(cameras.length, 10);
      const cam1 = cameras.find((c) => c.mainUrl === 'rtsp://127.0.0.1:18555/cam1/main');
      assert.equal(cam1?.type, 'ptz');
      assert.equal(cam1?.subUrl, 'rtsp://127.0.0.1:18555/cam1/sub');
      const byCommune = new Map<string, number>();
      for (const c of cameras) byCommune.set(c.communeInsee, (byCommune.get(c.communeInsee) ?? 0) + 1);
      assert.ok((byCommune.get('28085') ?? 0) > cameras.length / 2);
      assert.deepEqual([...byCommune.keys()].sort(), ['28085', '28209', '28218', '28229']);
      const centre = (await territory.sectors.list()).find((s) => s.name === 'Centre-ville');
      assert.equal(centre?.sensitive, true);
      assert.ok((centre?.cameraIds.length ?? 0) > 0);
    });

    it('is idempotent and follows a new simulator port', async () => {
      const report = await territory.seedDemo({ simulatorPort: 19555, cameras: 10 });
      assert.equal(report.camerasCreated, 0);
      assert.equal(report.camerasUpdated, 10);
      const cameras = await territory.cameras.list({ all: true });
      assert.equal(cameras.length, 10);
      assert.ok(cameras.every((c) => c.mainUrl.startsWith('rtsp://127.0.0.1:19555/cam')));
      assert.equal((await territory.sectors.list()).length, 1);
    });
  });
}
