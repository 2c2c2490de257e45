// `vigie recordings rebuild-index [--data DIR] [--config FILE]`: forgets the recording index and rebuilds it
// from the files on every volume (the files alone say camera, stream, times and fragments). It holds the data
// directory's lock meanwhile: it refuses to run beside a server (whose recorder writes and indexes), and a server
// cannot start during it.
import type { CliCommand } from '../cli/command.js';
import { commandConfig, openInstallation, parseCommandArgs, unknownSubcommand, usageError } from '../cli/command.js';
import { lockDataDir } from '../core/data-dir-lock.js';
import { createLogger } from '../core/logger.js';
import { rebuildIndex } from './recovery.js';
import { SegmentStore } from './segment-store.js';
import { Volumes } from './volumes.js';

export const recordingsCommand: CliCommand = {
  name: 'recordings',
  summary: 'recording index: rebuild-index (from the files alone; refused while the server runs)',
  help: { 'rebuild-index': { synopsis: ['   (forgets the index and rebuilds it from the files on every volume; the server must be stopped)'] } },
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {}, true);
    if (positionals[0] !== 'rebuild-index') throw unknownSubcommand(positionals[0]);
    if (positionals.length !== 1) throw usageError(`unexpected argument "${positionals[1] ?? ''}"`);
    const config = commandConfig(values);
    const database = await openInstallation(config);
    try {
      const lock = lockDataDir(config.dataDir, 'vigie recordings rebuild-index', 'stop it first (its recorder writes and indexes recordings while it runs)');
      try {
        const volumes = Volumes.fromConfig(config.dataDir, config.recording.volumes);
        const count = await rebuildIndex(new SegmentStore(database.db), volumes, createLogger({ level: 'warn', format: config.log.format }));
        process.stdout.write(`${JSON.stringify({ segments: count, volumes: volumes.roots })}\n`);
        return 0;
      } finally {
        lock.release();
      }
    } finally {
      await database.close();
    }
  },
};
