// The `vigie` command line: one module per command group, each accepting --data and --config so that it
// acts on the same installation as the server.
import { VigieError } from '../core/errors.js';
import type { CliCommand } from './command.js';
import { startCommand } from './start-command.js';
import { userCommand } from './user-command.js';
import { journalCommand } from './journal-command.js';
import { cameraCommand } from './camera-command.js';
import { communeCommand } from './commune-command.js';
import { recordingsCommand } from '../recording/index.js';
import { exportCommand } from '../export/index.js';
import { simCommand } from './sim-command.js';

const COMMANDS: ReadonlyArray<CliCommand> = [startCommand, userCommand, journalCommand, cameraCommand, communeCommand, recordingsCommand, exportCommand, simCommand];

export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
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
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof VigieError) {
      process.stderr.write(`vigie ${name}: ${error.message}\n`);
      return error.status >= 400 && error.status < 500 ? 2 : 1;
    }
    process.stderr.write(`vigie ${name}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

function printUsage(): void {
  const lines = COMMANDS.map((c) => `  vigie ${c.name.padEnd(12)} ${c.summary}`);
  process.stdout.write(`usage: vigie <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nEvery command accepts --data DIR and --config FILE.\n`);
}
