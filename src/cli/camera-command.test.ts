import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { runVigie as vigie } from '../../test/support/vigie-cli.js';

// Each spawned command costs a few seconds of CPU (tsx plus the libraries), so the full round trip runs on
// SQLite and PostgreSQL gets one command proving the same installation is reached through VIGIE_DATABASE_URL.

const lastLine = (text: string): string => text.trim().split('\n').at(-1) ?? '';
const COMMUNES = 'insee_code;nom;centroid_lon;centroid_lat\n28085;Chartres;1.50569;48.44695\n28218;Lucé;1.4529;48.43504\n';

const dialects = await testDialects();

describe('vigie camera / commune commands (sqlite)', () => {
  let database: TestDatabase;
  before(async () => {
    database = await openTestDatabase('sqlite');
  });
  after(async () => database.close());

  it('imports communes, then adds, updates, imports and removes cameras, journaling each change', async () => {
    const communes = join(database.dataDir, 'communes.csv');
    writeFileSync(communes, COMMUNES);
    const communeRun = await vigie(database, ['commune', 'import', communes]);
    assert.equal(communeRun.code, 0, communeRun.stderr);
    assert.deepEqual(JSON.parse(lastLine(communeRun.stdout)), { imported: 2, errors: [] });

    const add = await vigie(
      database,
      [
        'camera',
        'add',
        '--name',
        'Place des Épars',
        '--commune',
        '28085',
        '--lat',
        '48.4447',
        '--lon',
        '1.4896',
        '--main-url',
        'rtsp://10.5.0.1/main',
        '--type',
        'ptz',
        '--username',
        'admin',
        '--password-stdin',
        '--json',
      ],
      'Pa55word!\n',
    );
    assert.equal(add.code, 0, add.stderr);
    const camera = JSON.parse(lastLine(add.stdout)) as { id: string; hasCredentials: boolean; type: string };
    assert.equal(camera.type, 'ptz');
    assert.equal(camera.hasCredentials, true);
    assert.ok(!add.stdout.includes('Pa55word'));
    const row = await database.db.selectFrom('cameras').select('credentials').where('id', '=', camera.id).executeTakeFirstOrThrow();
    assert.ok(row.credentials !== null && !row.credentials.includes('Pa55word'));

    const update = await vigie(database, ['camera', 'update', 'Place des Épars', '--retention-days', '20', '--enabled', 'false', '--json']);
    assert.equal(update.code, 0, update.stderr);
    const updated = JSON.parse(lastLine(update.stdout)) as { id: string; retentionDays: number; enabled: boolean };
    assert.deepEqual([updated.id, updated.retentionDays, updated.enabled], [camera.id, 20, false]);

    const file = join(database.dataDir, 'cameras.csv');
    writeFileSync(file, 'name;commune;lat;lon;main_url;retention_days\nLucé 1;28218;48.435;1.453;rtsp://10.5.0.2/main;15\nLucé 2;28404;48.436;1.454;rtsp://10.5.0.3/main;31\n');
    const rejected = await vigie(database, ['camera', 'import', file]);
    assert.equal(rejected.code, 2);
    assert.match(rejected.stderr, /line 3, commune: unknown commune 28404/);
    assert.match(rejected.stderr, /line 3, retentionDays: 31 days exceeds the legal cap of 30 days/);
    assert.equal((JSON.parse(lastLine(rejected.stdout)) as { imported: number }).imported, 0);
    assert.equal((await database.db.selectFrom('cameras').select('id').execute()).length, 1, 'nothing written');

    writeFileSync(file, 'name;commune;lat;lon;main_url\nLucé 1;28218;48.435;1.453;rtsp://10.5.0.2/main\nLucé 2;28218;48.436;1.454;rtsp://10.5.0.3/main\n');
    const imported = await vigie(database, ['camera', 'import', file]);
    assert.equal(imported.code, 0, imported.stderr);
    const remove = await vigie(database, ['camera', 'remove', 'Lucé 2']);
    assert.equal(remove.code, 0, remove.stderr);
    const names = await database.db.selectFrom('cameras').select('name').orderBy('name').execute();
    assert.deepEqual(
      names.map((c) => c.name),
      ['Lucé 1', 'Place des Épars'],
    );

    const journal = await database.db.selectFrom('journal_entries').select(['action', 'outcome']).orderBy('sequence').execute();
    assert.deepEqual(
      journal.map((e) => `${e.action}:${e.outcome}`),
      ['commune.import:allowed', 'camera.create:allowed', 'camera.update:allowed', 'camera.import:failed', 'camera.import:allowed', 'camera.remove:allowed'],
    );
  });
});

describe('vigie commune import (postgres)', { skip: dialects.includes('postgres') ? false : 'PostgreSQL not reachable' }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await openTestDatabase('postgres');
  });
  after(async () => database.close());

  it('writes to the PostgreSQL installation named by VIGIE_DATABASE_URL', async () => {
    const communes = join(database.dataDir, 'communes.csv');
    writeFileSync(communes, COMMUNES);
    const run = await vigie(database, ['commune', 'import', communes]);
    assert.equal(run.code, 0, run.stderr);
    const rows = await database.db.selectFrom('communes').select('name').orderBy('insee').execute();
    assert.deepEqual(
      rows.map((r) => r.name),
      ['Chartres', 'Lucé'],
    );
  });
});
