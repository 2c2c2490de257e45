// `vigie start [--data DIR] [--port N] [--demo]`: runs the server until SIGINT/SIGTERM.
import { tuneHeapForMedia } from '../core/heap-tuning.js';
import type { CliCommand } from './command.js';
import { commandConfig, parseCommandArgs } from './command.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the Vigie server (--port N, --host H, --demo for demo content)',
  async run(argv) {
    const { values } = parseCommandArgs(argv, { port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' } });
    const config = commandConfig(values, {
      'http.port': values.port === undefined ? undefined : Number(values.port),
      'http.host': values.host,
      demo: values.demo,
    });
    // Listen for the stop signals before starting, so that a stop asked for during start-up is honoured too.
    const stopRequested = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    tuneHeapForMedia();
    // Loaded here so that the other commands do not pay for loading the whole server.
    const { startVigie } = await import('../main.js');
    const vigie = await startVigie(config);
    for (const line of vigie.startupNotes) process.stdout.write(`${line}\n`);
    process.stdout.write(`Vigie ${vigie.version} is running: open ${vigie.url}\n`);
    await stopRequested;
    await vigie.close();
    return 0;
  },
};
