// `vigie start [--data DIR] [--port N] [--demo]`: runs the server until SIGINT/SIGTERM.
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
    // Loaded here so that the other commands do not pay for loading the whole server.
    const { startVigie } = await import('../main.js');
    const vigie = await startVigie(config);
    process.stdout.write(`Vigie ${vigie.version} is running: open ${vigie.url}\n`);
    for (const line of vigie.startupNotes) process.stdout.write(`${line}\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await vigie.close();
    return 0;
  },
};
