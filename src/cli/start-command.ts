// `vigie start [--data DIR] [--port N] [--rtsp-port N] [--sim-port N] [--host H] [--demo]`: runs the server until
// SIGINT/SIGTERM. When it cannot start, it closes what it had started and exits with one line naming the setting.
import { tuneHeapForMedia } from '../core/heap-tuning.js';
import { settingAndOverrides, START_FLAGS, validateConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { CliCommand } from './command.js';
import { commandConfig, parseCommandArgs } from './command.js';

const FLAG_OPTIONS = Object.fromEntries(Object.keys(START_FLAGS).map((flag) => [flag, { type: 'string' as const }]));

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the Vigie server (--port N, --rtsp-port N, --host H, --demo for demo content)',
  help: {
    '': {
      synopsis: ['[--port N] [--rtsp-port N] [--host H] [--demo [--sim-port N]]'],
      options: [
        ...Object.entries(START_FLAGS).map(([flag, { path, meaning }]): readonly [string, string] => [
          `--${flag} ${path.endsWith('host') ? 'H' : 'N'}`,
          `${meaning}: ${settingAndOverrides(path)}, default ${String(defaultOf(path))}`,
        ]),
        ['--demo', 'demo territory, demo accounts and simulated cameras (never in production)'],
      ],
    },
  },
  async run(argv) {
    const { values } = parseCommandArgs(argv, { ...FLAG_OPTIONS, demo: { type: 'boolean' } });
    const config = commandConfig(values, {
      ...Object.fromEntries(Object.entries(START_FLAGS).map(([flag, { path }]) => [path, (values as Readonly<Record<string, string | undefined>>)[flag]])),
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
    process.stdout.write(portsNote(config, Number(new URL(vigie.url).port)));
    process.stdout.write(`Vigie ${vigie.version} is running: open ${vigie.url}\n`);
    await stopRequested;
    await vigie.close();
    return 0;
  },
};

/** Which ports this start uses and how to change each: a newcomer's first question when one is taken. */
function portsNote(config: Config, httpPort: number): string {
  const ports: Array<readonly [string, string, string]> = [['HTTP', String(httpPort), 'http.port']];
  ports.push(['RTSP restream', config.media.rtspPort === 0 ? 'off' : String(config.media.rtspPort), 'media.rtspPort']);
  if (config.demo && config.media.demoCameras > 0) ports.push(['camera simulator', String(config.media.simulatorPort), 'media.simulatorPort']);
  return `Ports (change one with its setting, flag or variable):\n${ports.map(([what, port, path]) => `  ${what.padEnd(17)} ${port.padEnd(5)}  ${settingAndOverrides(path)}\n`).join('')}`;
}

function defaultOf(path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], validateConfig({}));
}
