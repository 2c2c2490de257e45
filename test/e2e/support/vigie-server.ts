// Starts a real Vigie server for end-to-end tests: temp data directory, 127.0.0.1 on an ephemeral port,
// demo content (accounts, territory, simulated cameras), the web console built if its sources changed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../support/ports.js';
import { validateConfig } from '../../../src/config/load.js';
import { startVigie, type Vigie } from '../../../src/main.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface TestVigie {
  readonly vigie: Vigie;
  /** http://127.0.0.1:PORT, no trailing slash. */
  readonly baseUrl: string;
  /** True when the server answers this route (method + URL pattern as registered, e.g. '/api/cameras/:id/live'). */
  hasRoute(method: 'GET' | 'POST', url: string): boolean;
  close(): Promise<void>;
}

export interface TestVigieOptions {
  /** Simulated demo cameras (the demo places camera 1, 2, 4, 6, 8 in Chartres, 3 in Lucé, 5 in Mainvilliers). */
  readonly cameras?: number;
  readonly recording?: boolean;
  /** Where alert events are published over MQTT (docs/alerts.md); none by default. */
  readonly alertsMqttUrl?: string;
  /** Serve the RTSP restream on a free port (off by default). */
  readonly restream?: boolean;
}

export async function startTestVigie(options: TestVigieOptions = {}): Promise<TestVigie> {
  ensureWebBuilt();
  // The demo simulator needs a real port (camera URLs name it): take a free one from the kernel.
  const simulatorPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-e2e-'));
  const config = validateConfig({
    dataDir,
    demo: true,
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'warn' },
    // The simulator's generated loops are shared by every test run, as the simulator's own tests do.
    media: { rtspPort: options.restream === true ? await freePort() : 0, simulatorPort, demoCameras: options.cameras ?? 3, simulatorCacheDir: join(tmpdir(), 'vigie-sim-test-cache') },
    recording: { enabled: options.recording ?? false },
    ...(options.alertsMqttUrl === undefined ? {} : { alerts: { site: `e2e${process.pid}`, mqtt: { url: options.alertsMqttUrl } } }),
  });
  let vigie: Vigie;
  try {
    vigie = await startVigie(config);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const address = vigie.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    vigie,
    baseUrl: `http://127.0.0.1:${port}`,
    hasRoute: (method, url) => vigie.app.hasRoute({ method, url }),
    async close() {
      await vigie.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds web/dist when it is missing or older than web/src (scripts/setup.sh does the same before the suite). */
export function ensureWebBuilt(): void {
  const index = join(ROOT, 'web/dist/index.html');
  const sources = [join(ROOT, 'web/src'), join(ROOT, 'web/index.html'), join(ROOT, 'web/vite.config.ts')];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
