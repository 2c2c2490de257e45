// `vigie journal verify`: checks the whole hash chain of the journal, then the chain against the signed
// checkpoints kept outside the database (the local file, or shipped copies given with --checkpoints). Exit 0 when
// intact, 1 when tampered, 2 when it could not be checked; the last line of output is always one JSON summary
// (for scripts and monitoring).
// `vigie journal export`: the journal (or a period of it) as CSV on standard output, oldest first, for an
// auditor without the console; the export is itself journaled first, as the console's CSV download is.
// `vigie journal verify-extract FILE`: checks a signed HTML extract offline (exit 0 genuine, 1 altered, 2 unreadable).
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { systemClock } from '../core/clock.js';
import { checkpointFilePath, createJournal, CSV_HEADER, csvLine, entryCsvLine, extractKeyPaths, parseJournalTime, verifyExtractHtml, type JournalVerifyResult } from '../journal/index.js';
import { commandConfig, parseCommandArgs, unknownSubcommand, usageError, type CliCommand } from './command.js';
import { openInstallation } from './installation.js';

export const journalCommand: CliCommand = {
  name: 'journal',
  summary: 'journal verify|export|verify-extract: check the journal (exit 1 if tampered), print it as CSV, check a signed extract',
  help: {
    verify: {
      synopsis: ['[--checkpoints FILE]... [--public-key FILE]'],
      options: [
        ['--checkpoints FILE', "a checkpoint file to check against (repeat; default: the data directory's own)"],
        ['--public-key FILE', "the checkpoint signing public key (default: the data directory's own)"],
      ],
    },
    export: {
      synopsis: ['[--from ISO] [--to ISO] --format csv'],
      options: [
        ['--from ISO', 'first instant included (ISO 8601 date or date-time, or epoch milliseconds)'],
        ['--to ISO', 'last instant included (same forms); a date alone is its midnight'],
        ['--format csv', 'the output format (csv: a header line, then one line per entry, oldest first)'],
      ],
    },
    'verify-extract': {
      synopsis: ['FILE [--public-key FILE]'],
      options: [['--public-key FILE', "the extract signing public key (default: the data directory's keys/journal-extract-ed25519.pub.pem)"]],
    },
  },
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'verify') return verify(rest);
    if (sub === 'export') return exportCsv(rest);
    if (sub === 'verify-extract') return verifyExtract(rest);
    throw unknownSubcommand(sub);
  },
};

async function exportCsv(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' } });
  if (values.format !== 'csv') throw usageError(values.format === undefined ? '--format csv is required' : `unknown format "${values.format}" (only csv)`);
  const fromMs = values.from === undefined ? undefined : timeOption('--from', values.from);
  const toMs = values.to === undefined ? undefined : timeOption('--to', values.to);
  if (fromMs !== undefined && toMs !== undefined && toMs < fromMs) throw usageError(`--to (${values.to}) is before --from (${values.from})`);
  const selection = { ...(fromMs === undefined ? {} : { fromMs }), ...(toMs === undefined ? {} : { toMs }) };
  const config = commandConfig(values);
  const database = await openInstallation(config);
  const journal = createJournal({ db: database.db, clock: systemClock, dataDir: config.dataDir });
  try {
    await journal.append({ actor: null, action: 'journal.read', outcome: 'allowed', target: { type: 'journal' }, details: { via: 'cli', format: 'csv', filter: selection } });
    await write(csvLine(CSV_HEADER));
    for await (const entry of journal.entries(selection)) await write(entryCsvLine(entry));
  } finally {
    await journal.close();
    await database.close();
  }
  return 0;
}

async function verifyExtract(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { 'public-key': { type: 'string' } }, true);
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw usageError('give exactly one extract file');
  const keyFile = values['public-key'] ?? extractKeyPaths(commandConfig(values).dataDir).publicFile;
  let html: string;
  let key: KeyObject;
  try {
    html = readFileSync(file, 'utf8');
    key = createPublicKey(readFileSync(keyFile, 'utf8'));
  } catch (error) {
    process.stdout.write(`extract could not be checked: ${(error as Error).message}\n`);
    return 2;
  }
  const verdict = verifyExtractHtml(html, key);
  if (verdict.ok) process.stdout.write(`extract genuine: ${verdict.entries} entries, signed ${verdict.generatedAt} by the key ${verdict.keyFingerprint} (${keyFile})\n`);
  else process.stdout.write(`EXTRACT NOT GENUINE: ${verdict.reason} (${keyFile})\n`);
  return verdict.ok ? 0 : 1;
}

function timeOption(option: string, text: string): number {
  const ms = parseJournalTime(text);
  if (ms === undefined) throw usageError(`${option} "${text}" is not an ISO 8601 date or date-time (e.g. 2026-12-04T08:00:00Z) nor epoch milliseconds`);
  return ms;
}

/** Writes to standard output, waiting when the reader is slower than the database. */
function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.stdout.write(text, (error) => (error ? reject(error) : undefined))) resolve();
    else process.stdout.once('drain', resolve);
  });
}

async function verify(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { checkpoints: { type: 'string', multiple: true }, 'public-key': { type: 'string' } });
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
}
