// The `vigie` command line: one module per command group, each accepting --data and --config so that it
// acts on the same installation as the server.
import { VigieError } from '../core/errors.js';
import { helpText, wantsHelp, type CliCommand } from './command.js';
import { startCommand } from './start-command.js';
import { userCommand } from './user-command.js';
import { journalCommand } from './journal-command.js';
import { cameraCommand } from './camera-command.js';
import { communeCommand } from './commune-command.js';
import { recordingsCommand } from '../recording/index.js';
import { exportCommand } from '../export/index.js';
import { simCommand } from './sim-command.js';
import { analyzeCommand } from './analyze-command.js';

const COMMANDS: ReadonlyArray<CliCommand> = [startCommand, userCommand, journalCommand, cameraCommand, communeCommand, recordingsCommand, exportCommand, simCommand, analyzeCommand];

export async function runCli(argv: readonly string[]): Promise<number> {
  // `vigie help user add` is `vigie user add --help`.
  const [name, ...rest] = argv[0] === 'help' && argv.length > 1 ? [...argv.slice(1), '--help'] : argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printUsage();
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`vigie: unknown command "${name}"\n`);
    printUsage();
    return 2;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(helpText(command, rest));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof VigieError) {
      process.stderr.write(`vigie ${name}: ${error.message}\n`);
      if (error.code === 'VIGIE_CLI_USAGE') process.stderr.write(helpText(command, rest, false));
      return error.status >= 400 && error.status < 500 ? 2 : 1;
    }
    process.stderr.write(`vigie ${name}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

function printUsage(): void {
  const lines = COMMANDS.map((c) => `  vigie ${c.name.padEnd(12)} ${c.summary}`);
  process.stdout.write(
    [
      'usage: vigie <command> [options]',
      '',
      'commands:',
      ...lines,
      '',
      'Every command accepts --data DIR, --config FILE and --help ("vigie <command> --help" prints its options).',
      'Exit status: 0 done; 1 failed (when vigie start cannot start, its one-line message names the setting to change);',
      '2 refused (a wrong command line, no installation in --data, or the data directory in use by a running server).',
      '',
    ].join('\n'),
  );
}
