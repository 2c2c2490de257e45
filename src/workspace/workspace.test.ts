import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAccess } from '../access/index.js';
import { loadConfig } from '../config/load.js';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createJournal } from '../journal/index.js';
import { createTerritory, type Territory } from '../territory/index.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { countPositions, simplifyGeometry } from './outline-simplify.js';
import { createWorkspace, type Workspace } from './workspace.js';

const SHARED_COMMUNES = resolve(process.cwd(), '../shared/data/geo/chartres-metropole-communes.geojson');
const COMMUNES_CSV = 'insee;nom;lat;lon\n28085;Chartres;48.44695;1.50569\n28218;Lucé;48.43504;1.4529\n';
const author = { actor: null, via: 'cli', osUser: 'test' } as const;

describe('outline simplification', () => {
  it('drops the points of a straight edge, keeps the corners, and closes the ring', () => {
    const edge = Array.from({ length: 50 }, (_, i) => [1 + i * 0.001, 48]);
    const ring = [...edge, [1.05, 48.05], [1, 48.05], [1, 48]];
    const simplified = simplifyGeometry({ type: 'Polygon', coordinates: [ring] });
    assert.ok(simplified !== null && simplified.type === 'Polygon');
    assert.deepEqual(simplified.coordinates[0], [
      [1, 48],
      [1.049, 48],
      [1.05, 48.05],
      [1, 48.05],
      [1, 48],
    ]);
  });

  it('refuses what is not a polygon', () => {
    assert.equal(simplifyGeometry({ type: 'Point', coordinates: [1, 48] }), null);
    assert.equal(simplifyGeometry({ type: 'Polygon', coordinates: [[['a', 'b']]] }), null);
    assert.equal(simplifyGeometry(null), null);
  });
});

for (const dialect of await testDialects()) {
  describe(`workspace (${dialect})`, () => {
    let database: TestDatabase;
    let territory: Territory;
    let workspace: Workspace;
    const clock = new ManualClock(Date.UTC(2026, 11, 5, 12));
    const cameras: Record<'chartres' | 'luce', string> = { chartres: '', luce: '' };
    let userId = '';

    before(async () => {
      database = await openTestDatabase(dialect);
      const journal = createJournal({ db: database.db, clock, dataDir: database.dataDir });
      territory = await createTerritory({ db: database.db, clock, config: { dataDir: database.dataDir, territory: { defaultRetentionDays: 15 } }, journal, logger: silentLogger, credentialsKey: '' });
      const source = existsSync(SHARED_COMMUNES) ? { kind: 'geojson' as const, document: JSON.parse(readFileSync(SHARED_COMMUNES, 'utf8')) as unknown } : { kind: 'csv' as const, text: COMMUNES_CSV };
      assert.deepEqual((await territory.communes.import(source, author)).errors, []);
      for (const [key, commune, lat, lon] of [
        ['chartres', '28085', 48.4447, 1.4896],
        ['luce', '28218', 48.435, 1.4529],
      ] as const) {
        cameras[key] = (await territory.cameras.create({ name: `Fav ${key}`, commune, lat, lon, mainUrl: `rtsp://10.9.0.${key.length}/main` }, author)).id;
      }
      const access = await createAccess({
        db: database.db,
        clock,
        config: loadConfig({ env: {}, overrides: { dataDir: database.dataDir } }),
        journal,
        logger: silentLogger,
        territory: { cameraCommune: async () => undefined, unknownCommunes: async () => [] },
      });
      userId = (await access.users.create({ username: 'fav.user', role: 'operator', password: 'Brume-Cathédrale-Eure-1194' })).id;
      workspace = createWorkspace({ db: database.db, clock, config: { console: { mapTileUrl: '', mapTileAttribution: '' } }, territory });
    });
    after(async () => database.close());

    it('stars cameras once each, lists them oldest first, and unstars', async () => {
      await workspace.favourites.add(userId, cameras.luce);
      clock.advance(1000);
      await workspace.favourites.add(userId, cameras.chartres);
      await workspace.favourites.add(userId, cameras.luce);
      assert.deepEqual(await workspace.favourites.list(userId), [cameras.luce, cameras.chartres]);
      await workspace.favourites.remove(userId, cameras.luce);
      await workspace.favourites.remove(userId, 'no-such-camera');
      assert.deepEqual(await workspace.favourites.list(userId), [cameras.chartres]);
      clock.advance(1000);
      await workspace.favourites.add(userId, cameras.luce);
    });

    it('returns only the favourites the scope still covers, and forgets a removed camera', async () => {
      assert.deepEqual(await workspace.visibleFavourites(userId, { all: true }), [cameras.chartres, cameras.luce]);
      assert.deepEqual(await workspace.visibleFavourites(userId, { all: false, communes: ['28218'] }), [cameras.luce]);
      assert.deepEqual(await workspace.visibleFavourites(userId, { all: false, communes: [] }), []);
      await territory.cameras.remove(cameras.luce, author);
      assert.deepEqual(await workspace.favourites.list(userId), [cameras.chartres]);
    });

    it('gives the outlines of the communes a scope covers, simplified', async (t) => {
      const everything = await workspace.communeOutlines({ all: true });
      const mayor = await workspace.communeOutlines({ all: false, communes: ['28085'] });
      assert.deepEqual(
        mayor.features.map((f) => f.id),
        ['28085'],
      );
      assert.equal(mayor.features[0]?.properties.name, 'Chartres');
      if (!existsSync(SHARED_COMMUNES)) {
        t.diagnostic('shared commune outlines absent: outline checks skipped');
        assert.equal(everything.features.length, 2);
        return;
      }
      assert.equal(everything.features.length, 66);
      const original = JSON.parse(readFileSync(SHARED_COMMUNES, 'utf8')) as { features: Array<{ geometry: unknown }> };
      const before = original.features.reduce((n, f) => n + countPositions(simplifyGeometry(f.geometry, 0) ?? { type: 'Polygon', coordinates: [] }), 0);
      const after = everything.features.reduce((n, f) => n + (f.geometry === null ? 0 : countPositions(f.geometry)), 0);
      assert.ok(
        everything.features.every((f) => f.geometry !== null),
        'every commune has its outline',
      );
      assert.ok(after < before && after > before / 4, `simplified from ${before} to ${after} positions`);
      t.diagnostic(`66 outlines: ${before} → ${after} positions, ${JSON.stringify(everything).length} bytes`);
    });
  });
}
