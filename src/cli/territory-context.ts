// What the `camera` and `commune` commands share: opening the installation's territory, reading import
// files, journaling as the command line, and printing import reports.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { VigieError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { systemClock } from '../core/clock.js';
import { usageError } from './command.js';
import { openInstallation } from './installation.js';
import { createJournal } from '../journal/index.js';
import { createTerritory, sourceFromText, type ChangeAuthor, type ImportReport, type ImportSource, type Territory } from '../territory/index.js';
import type { Config } from '../config/schema.js';

export async function withTerritory(config: Config, work: (territory: Territory) => Promise<number>): Promise<number> {
  const database = await openInstallation(config);
  try {
    const logger = createLogger({ level: 'warn', format: config.log.format });
    const journal = createJournal({ db: database.db, clock: systemClock, dataDir: config.dataDir, logger });
    return await work(await createTerritory({ db: database.db, clock: systemClock, config, journal, logger }));
  } finally {
    await database.close();
  }
}

/** Changes made here are journaled with no logged-in actor and the operating-system user. */
export function cliAuthor(): ChangeAuthor {
  let osUser = 'unknown';
  try {
    osUser = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep "unknown"
  }
  return { actor: null, via: 'cli', osUser };
}

export function readImportFile(file: string | undefined): ImportSource {
  if (file === undefined) throw usageError('a FILE to import is required');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new VigieError('VIGIE_CLI_FILE_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`, { status: 400, context: { file } });
  }
  const source = sourceFromText(text);
  if ('kind' in source) return source;
  throw new VigieError('VIGIE_IMPORT_MALFORMED', `${file}: ${source.message}`, { status: 400, context: { file } });
}

/** One line per error on stderr, then the JSON summary as the last line of stdout. Exit 2 when rejected. */
export function printImportReport(what: string, report: ImportReport): number {
  for (const error of report.errors) process.stderr.write(`line ${error.line}, ${error.field}: ${error.message}\n`);
  if (report.errors.length > 0) process.stderr.write(`import rejected: nothing was written (${report.errors.length} error(s))\n`);
  else process.stdout.write(`imported ${report.imported} ${what}\n`);
  process.stdout.write(`${JSON.stringify({ imported: report.imported, errors: report.errors })}\n`);
  return report.errors.length > 0 ? 2 : 0;
}

export async function readSecretFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
