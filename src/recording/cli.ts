// `vigie recordings rebuild-index [--data DIR] [--config FILE]`: forgets the recording index and rebuilds it
// from the files on every volume (the files alone say camera, stream, times and fragments).
import type { CliCommand } from '../cli/command.js';
import { commandConfig, parseCommandArgs } from '../cli/command.js';
import { VigieError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { openDatabase } from '../db/database.js';
import { rebuildIndex } from './recovery.js';
import { SegmentStore } from './segment-store.js';
import { Volumes } from './volumes.js';

export const recordingsCommand: CliCommand = {
  name: 'recordings',
  summary: 'recording index: rebuild-index (from the files alone; run with the server stopped)',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {}, true);
    if (positionals[0] !== 'rebuild-index' || positionals.length !== 1) {
      throw new VigieError('VIGIE_CLI_USAGE', 'usage: vigie recordings rebuild-index [--data DIR] [--config FILE]', { status: 400 });
    }
    const config = commandConfig(values);
    const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir });
    try {
      const volumes = Volumes.fromConfig(config.dataDir, config.recording.volumes);
      const count = await rebuildIndex(new SegmentStore(database.db), volumes, createLogger({ level: 'warn' }));
      process.stdout.write(`${JSON.stringify({ segments: count, volumes: volumes.roots })}\n`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
