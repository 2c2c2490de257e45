// The simulator for the ingest bench, in its own process so that its CPU is not counted against Vigie:
// prints "READY <json>" with the main stream URLs, runs until SIGTERM.
import { startSimulator } from '../../sim/index.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';

const cameras = Number(process.argv[2] ?? '50');
const simulator = await startSimulator({ cameras, port: 0, cacheDir: TEST_CACHE_DIR });
process.stdout.write(`READY ${JSON.stringify({ urls: simulator.urls.map((u) => u.main) })}\n`);
await new Promise<void>((resolve) => {
  process.once('SIGTERM', () => resolve());
  process.once('SIGINT', () => resolve());
});
await simulator.close();
process.exit(0);
