// The `vigie user` and `vigie journal verify` commands as an installer runs them: a spawned process on the
// same data directory (SQLite) or database URL (PostgreSQL), exit codes, and the JSON last line of verify.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { runVigie as vigie } from '../support/vigie-cli.js';

const PASSWORD_LINE = 'a long enough password\n';

function lastJsonLine(output: string): Record<string, unknown> {
  const lines = output.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown>;
}

for (const dialect of await testDialects()) {
  describe(`vigie user / journal commands (${dialect})`, () => {
    let handle: TestDatabase;
    before(async () => {
      handle = await openTestDatabase(dialect);
    });
    after(async () => handle.close());

    it('adds a commune-scoped user from a password on stdin, verifies the journal, then detects tampering', async () => {
      const added = await vigie(
        handle,
        ['user', 'add', '--username', 'maire.chartres', '--role', 'mayor', '--commune', '28085', '--commune', '28218', '--password-stdin', '--valid-until', '2031-01-01'],
        PASSWORD_LINE,
      );
      assert.equal(added.code, 0, added.stderr);
      const id = added.stdout.trim();
      assert.match(id, /^[0-9a-f-]{36}$/);
      const row = await handle.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([row.username, row.role, JSON.parse(row.communes)], ['maire.chartres', 'mayor', ['28085', '28218']]);
      assert.equal(row.valid_until, Date.parse('2031-01-01'));
      assert.ok(!row.password_hash.includes('long enough'));

      if (dialect === 'sqlite') {
        // Commune validation is the same code on both engines (also covered over HTTP in src/access/access.test.ts).
        await sql`insert into communes (insee, name, centroid_lat, centroid_lon, created_at, updated_at) values ('28085', 'Chartres', 48.44, 1.49, 0, 0)`.execute(handle.db);
        const unknownCommune = await vigie(handle, ['user', 'add', '--username', 'maire.y', '--role', 'mayor', '--commune', '99999', '--password-stdin'], PASSWORD_LINE);
        assert.notEqual(unknownCommune.code, 0);
        assert.match(unknownCommune.stderr, /unknown commune: 99999/);
        const users = await handle.db.selectFrom('users').select('username').execute();
        assert.deepEqual(
          users.map((u) => u.username),
          ['maire.chartres'],
          'nothing written',
        );
      }

      const intact = await vigie(handle, ['journal', 'verify']);
      assert.equal(intact.code, 0, intact.stdout + intact.stderr);
      assert.deepEqual([lastJsonLine(intact.stdout)['ok'], lastJsonLine(intact.stdout)['entries']], [true, 1]);

      await handle.db.updateTable('journal_entries').set({ details: '{"via":"someone else"}' }).where('sequence', '=', 1).execute();
      const tampered = await vigie(handle, ['journal', 'verify']);
      assert.equal(tampered.code, 1, tampered.stdout + tampered.stderr);
      const summary = lastJsonLine(tampered.stdout);
      assert.equal(summary['ok'], false);
      assert.equal(summary['firstBadSequence'], 1);
      assert.match(String(summary['reason']), /modified/);
    });

    it('disables and lists users', { skip: dialect !== 'sqlite' && 'the same queries as user add; one engine keeps the test short' }, async () => {
      const disabled = await vigie(handle, ['user', 'disable', '--username', 'maire.chartres']);
      assert.equal(disabled.code, 0, disabled.stderr);
      const listed = await vigie(handle, ['user', 'list', '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(
        (JSON.parse(listed.stdout) as Array<{ username: string; disabled: boolean }>).map((u) => [u.username, u.disabled]),
        [['maire.chartres', true]],
      );
    });
  });
}
