// Test helper run as a separate process: appends N entries to the journal of the database at URL, so that
// tests can check that appends from several processes stay one chain. Usage: append-many.ts URL DATA_DIR N TAG
import { systemClock } from '../../core/clock.js';
import { openDatabase } from '../../db/database.js';
import { createJournal } from '../journal.js';

const [url = '', dataDir = '', count = '0', tag = 'child'] = process.argv.slice(2);
const database = await openDatabase({ url, dataDir, migrate: false });
try {
  const journal = createJournal({ db: database.db, clock: systemClock, dataDir });
  await Promise.all(Array.from({ length: Number(count) }, (_, i) => journal.append({ actor: null, action: 'test.concurrent', outcome: 'allowed', details: { tag, i } })));
} finally {
  await database.close();
}
