// `vigie journal verify`: checks the whole hash chain of the journal, then the chain against the signed
// checkpoints kept outside the database (the local file, or shipped copies given with --checkpoints). Exit 0 when
// intact, 1 when tampered, 2 when it could not be checked; the last line of output is always one JSON summary
// (for scripts and monitoring).
import { VigieError } from '../core/errors.js';
import { systemClock } from '../core/clock.js';
import { checkpointFilePath, createJournal, type JournalVerifyResult } from '../journal/index.js';
import { commandConfig, parseCommandArgs, type CliCommand } from './command.js';
import { openInstallation } from './installation.js';

export const journalCommand: CliCommand = {
  name: 'journal',
  summary: 'journal verify: check the tamper-evident journal (exit 1 if tampered)',
  help: {
    verify: {
      synopsis: ['[--checkpoints FILE]... [--public-key FILE]'],
      options: [
        ['--checkpoints FILE', "a checkpoint file to check against (repeat; default: the data directory's own)"],
        ['--public-key FILE', "the checkpoint signing public key (default: the data directory's own)"],
      ],
    },
  },
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'verify')
      throw new VigieError('VIGIE_CLI_USAGE', `unknown or missing subcommand "${sub ?? ''}"\nusage: vigie journal verify [--data DIR] [--config FILE] [--checkpoints FILE]... [--public-key FILE]`, {
        status: 400,
      });
    const { values } = parseCommandArgs(rest, { checkpoints: { type: 'string', multiple: true }, 'public-key': { type: 'string' } });
    let result: JournalVerifyResult;
    let location = '';
    let checkpointFiles: readonly string[] = [];
    try {
      const config = commandConfig(values);
      const database = await openInstallation(config);
      location = database.location;
      try {
        checkpointFiles = values.checkpoints ?? [checkpointFilePath(config.dataDir)];
        result = await createJournal({ db: database.db, clock: systemClock, dataDir: config.dataDir }).verify({ checkpointFiles, publicKeyFile: values['public-key'] });
      } finally {
        await database.close();
      }
    } catch (error) {
      const message = (error as Error).message;
      process.stdout.write(`journal could not be checked: ${message}\n${JSON.stringify({ ok: false, entries: 0, error: message })}\n`);
      return 2;
    }
    const anchored =
      result.lastCheckpointSequence === null ? 'no checkpoint' : `${result.checkpoints} signed checkpoints, the last of entry ${result.lastCheckpointSequence} at ${result.lastCheckpointTime}`;
    if (result.ok)
      process.stdout.write(`journal intact: ${result.entries} entries, sequences ${result.firstSequence}–${result.lastSequence}; ${anchored} (${location}; ${checkpointFiles.join(', ')})\n`);
    else process.stdout.write(`JOURNAL TAMPERED at entry ${result.firstBadSequence}: ${result.reason} (${location}; ${anchored})\n`);
    process.stdout.write(`${JSON.stringify({ ...result, database: location, checkpointFiles })}\n`);
    return result.ok ? 0 : 1;
  },
};
