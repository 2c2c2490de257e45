// Demo accounts (demo mode only) and the first administrator (non-demo first start), on both engines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../config/load.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createJournal } from '../journal/index.js';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { createAccess, DEMO_ACCOUNTS } from './index.js';

for (const dialect of await testDialects()) {
  describe(`demo accounts and first administrator (${dialect})`, () => {
    it('seeds one account per role in demo mode, once, and skips the generated administrator', async () => {
      const handle = await openTestDatabase(dialect);
      try {
        const journal = createJournal({ db: handle.db, clock: systemClock, dataDir: handle.dataDir });
        const deps = { db: handle.db, clock: systemClock, journal, logger: silentLogger, territory: { cameraCommune: async () => undefined, unknownCommunes: async () => [] } };
        const demo = await createAccess({ ...deps, config: loadConfig({ env: {}, overrides: { dataDir: handle.dataDir, demo: true } }) });
        const seeded = await demo.seedDemoAccounts();
        assert.deepEqual(
          seeded.map((a) => a.username),
          DEMO_ACCOUNTS.map((a) => a.username),
        );
        assert.deepEqual(new Set(seeded.map((a) => a.role)).size, 7, 'every role has a demo account');
        await demo.seedDemoAccounts();
        assert.equal((await demo.users.list()).length, DEMO_ACCOUNTS.length, 'seeding twice creates nothing more');
        const mayor = await demo.authenticatePassword('maire.chartres', 'demo', { ip: '127.0.0.1' });
        assert.deepEqual([mayor.role, mayor.communes], ['mayor', ['28085']]);
        const production = await createAccess({ ...deps, config: loadConfig({ env: {}, overrides: { dataDir: handle.dataDir } }) });
        assert.equal(await production.ensureFirstAdministrator(), undefined, 'an administrator exists already');
        await assert.rejects(production.users.create({ username: 'weak', role: 'operator', password: 'demo' }), /12 to 1024/);
        assert.equal((await journal.verify()).ok, true);
      } finally {
        await handle.close();
      }
    });
  });
}
