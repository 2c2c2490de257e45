// `vigie journal verify`: checks the whole hash chain of the journal. Exit 0 when intact, 1 when tampered;
// the last line of output is always one JSON summary (for scripts and monitoring).
import { VigieError } from '../core/errors.js';
import { systemClock } from '../core/clock.js';
import { openDatabase } from '../db/database.js';
import { createJournal } from '../journal/index.js';
import { commandConfig, parseCommandArgs, type CliCommand } from './command.js';

export const journalCommand: CliCommand = {
  name: 'journal',
  summary: 'journal verify: check the tamper-evident journal (exit 1 if tampered)',
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'verify') throw new VigieError('VIGIE_CLI_USAGE', `unknown or missing subcommand "${sub ?? ''}"\nusage: vigie journal verify [--data DIR] [--config FILE]`, { status: 400 });
    const { values } = parseCommandArgs(rest, {});
    const config = commandConfig(values);
    const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir });
    try {
      const result = await createJournal({ db: database.db, clock: systemClock }).verify();
      if (result.ok) {
        process.stdout.write(`journal intact: ${result.entries} entries, sequences ${result.firstSequence}–${result.lastSequence} (${database.location})\n`);
      } else {
        process.stdout.write(`JOURNAL TAMPERED at entry ${result.firstBadSequence}: ${result.reason} (${database.location})\n`);
      }
      process.stdout.write(`${JSON.stringify({ ...result, database: database.location })}\n`);
      return result.ok ? 0 : 1;
    } finally {
      await database.close();
    }
  },
};
