// `vigie sim --cameras N [--port P] [--clip FILE]… [--live N] [--ptz N] [--codec h264|h265] [--h265 N]
// [--auth user:pass] [--onvif-port P] [--host H] [--cache DIR] [--data DIR]`: runs the camera simulator until SIGINT.
import { join } from 'node:path';
import { VigieError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { startSimulator } from '../../sim/index.js';
import type { CliCommand } from './command.js';
import { commandConfig, parseCommandArgs } from './command.js';

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new VigieError('VIGIE_CLI_USAGE', `--${name} must be a non-negative integer, got "${value}"`, { status: 400 });
  return n;
}

export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'run the camera simulator (--cameras N, --port P, --clip FILE…, --live N, --ptz N, --codec h264|h265, --auth u:p)',
  help: {
    '': {
      synopsis: ['[--cameras N] [--port P] [--clip FILE]... [--live N] [--ptz N] [--codec h264|h265] [--auth USER:PASS]'],
      options: [
        ['--cameras N', 'simulated cameras (default 4)'],
        ['--port P', 'RTSP port (default: the setting media.simulatorPort, VIGIE_SIM_PORT, 8555)'],
        ['--host H', 'address to listen on (default 0.0.0.0)'],
        ['--onvif-port P', 'ONVIF and control HTTP port (default: the RTSP port + 1)'],
        ['--clip FILE', 'a video the cameras loop instead of the generated pattern (repeat)'],
        ['--live N', 'cameras encoding live (a clock in the picture) instead of looping'],
        ['--ptz N', 'PTZ cameras, steerable over ONVIF'],
        ['--codec C', 'h264 (default) or h265'],
        ['--h265 N', 'that many cameras in H.265, the others in H.264'],
        ['--auth USER:PASS', 'cameras require this RTSP/ONVIF login'],
        ['--cache DIR', 'where generated loops are kept (default <data>/sim-cache)'],
      ],
    },
  },
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      cameras: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'onvif-port': { type: 'string' },
      clip: { type: 'string', multiple: true },
      live: { type: 'string' },
      ptz: { type: 'string' },
      codec: { type: 'string' },
      h265: { type: 'string' },
      auth: { type: 'string' },
      cache: { type: 'string' },
    });
    const codec = values.codec ?? 'h264';
    if (codec !== 'h264' && codec !== 'h265') throw new VigieError('VIGIE_CLI_USAGE', `--codec must be h264 or h265, got "${codec}"`, { status: 400 });
    const config = commandConfig(values);
    const port = integer('port', values.port, config.media.simulatorPort);
    // Warnings only: stdout is for the URLs, one per line.
    const logger = createLogger({ level: 'warn', name: 'vigie-sim', format: config.log.format });
    process.stderr.write('vigie sim: preparing loops (generated with ffmpeg on first use)…\n');
    const simulator = await startSimulator({
      cameras: integer('cameras', values.cameras, 4),
      port,
      host: values.host ?? '0.0.0.0',
      controlPort: integer('onvif-port', values['onvif-port'], port === 0 ? 0 : port + 1),
      clips: values.clip ?? [],
      live: integer('live', values.live, 0),
      ptz: integer('ptz', values.ptz, 0),
      codec,
      h265Cameras: integer('h265', values.h265, 0),
      ...(values.auth === undefined ? {} : { auth: values.auth }),
      cacheDir: values.cache ?? join(config.dataDir, 'sim-cache'),
      logger,
    });
    for (const camera of simulator.urls) process.stdout.write(`${camera.main}\n${camera.sub}\n`);
    process.stdout.write(`ONVIF/control: http://127.0.0.1:${simulator.onvifPort}/  (POST /sim/cam<N>/fault {"kind":"drop|stall|garbage|resolution"}, /sim/cam<N>/restore)\n`);
    for (const camera of simulator.urls) if (camera.onvif !== undefined) process.stdout.write(`ONVIF cam${camera.camera}: ${camera.onvif}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await simulator.close();
    return 0;
  },
};
