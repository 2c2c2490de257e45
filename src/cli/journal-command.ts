// `vigie journal verify`: checks the whole hash chain of the journal. Exit 0 when intact, 1 when tampered,
// 2 when it could not be checked; the last line of output is always one JSON summary (for scripts and monitoring).
import { VigieError } from '../core/errors.js';
import { systemClock } from '../core/clock.js';
import { openDatabase } from '../db/database.js';
import { createJournal, type JournalVerifyResult } from '../journal/index.js';
import { commandConfig, parseCommandArgs, type CliCommand } from './command.js';

export const journalCommand: CliCommand = {
  name: 'journal',
  summary: 'journal verify: check the tamper-evident journal (exit 1 if tampered)',
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'verify') throw new VigieError('VIGIE_CLI_USAGE', `unknown or missing subcommand "${sub ?? ''}"\nusage: vigie journal verify [--data DIR] [--config FILE]`, { status: 400 });
    const { values } = parseCommandArgs(rest, {});
    let result: JournalVerifyResult;
    let location = '';
    try {
      const config = commandConfig(values);
      const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir });
      location = database.location;
      try {
        result = await createJournal({ db: database.db, clock: systemClock }).verify();
      } finally {
        await database.close();
      }
    } catch (error) {
      const message = (error as Error).message;
      process.stdout.write(`journal could not be checked: ${message}\n${JSON.stringify({ ok: false, entries: 0, error: message })}\n`);
      return 2;
    }
    if (result.ok) process.stdout.write(`journal intact: ${result.entries} entries, sequences ${result.firstSequence}–${result.lastSequence} (${location})\n`);
    else process.stdout.write(`JOURNAL TAMPERED at entry ${result.firstBadSequence}: ${result.reason} (${location})\n`);
    process.stdout.write(`${JSON.stringify({ ...result, database: location })}\n`);
    return result.ok ? 0 : 1;
  },
};
