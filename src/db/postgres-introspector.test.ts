// The migrator asks the introspector which tables exist. On PostgreSQL it must see the installation's own
// schema only: another schema's tables are not Vigie's, and another schema dropped meanwhile must not fail it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';

const onPostgres = (await testDialects()).includes('postgres');

test('PostgreSQL introspection lists the tables of the connection schema only', { skip: !onPostgres && 'PostgreSQL not reachable' }, async () => {
  const mine = await openTestDatabase('postgres');
  const other = await openTestDatabase('postgres');
  try {
    const [schema] = await mine.db.introspection.getSchemas();
    const tables = await mine.db.introspection.getTables();
    assert.ok(tables.length > 10, `${tables.length} tables read`);
    assert.deepEqual(new Set(tables.map((t) => t.schema)), new Set([schema?.name]));
    const migrations = tables.find((t) => t.name === 'vigie_migration');
    assert.ok(migrations, 'the migrator finds its bookkeeping table');
    const name = migrations.columns.find((c) => c.name === 'name');
    assert.equal(name?.isNullable, false);
    assert.match(name?.dataType ?? '', /character varying/);
  } finally {
    await other.close();
    await mine.close();
  }
});

test('a database opens while other schemas are being dropped', { skip: !onPostgres && 'PostgreSQL not reachable' }, async () => {
  const others = await Promise.all(Array.from({ length: 4 }, () => openTestDatabase('postgres')));
  const dropping = Promise.all(others.map((o) => o.close()));
  const opened = await Promise.all(Array.from({ length: 4 }, () => openTestDatabase('postgres')));
  await dropping;
  await Promise.all(opened.map((o) => o.close()));
});
