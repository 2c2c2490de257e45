// A real Vigie for access tests: demo mode (simulator cameras in Chartres 28085 and Lucé 28218, recording on, the
// RTSP restream on a free port) on SQLite or PostgreSQL, one account per role whose communes are Chartres, a
// camera with credentials, a sector holding cameras of both communes. Every fixture that cannot be made fails
// the start: an access test never skips a case for want of a camera.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES, type Role } from '../../../src/access/index.js';
import { validateConfig } from '../../../src/config/load.js';
import type { Clock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { DialectName } from '../../../src/db/database.js';
import { startVigie, type Vigie } from '../../../src/main.js';
import { openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { freePort } from '../../support/ports.js';
import { isCommuneScoped } from './access-expectations.js';
import { HttpSession } from './http-session.js';
import { ensureWebBuilt } from './vigie-server.js';

export const HOME_COMMUNE = '28085';
export const OTHER_COMMUNE = '28218';
/** The password of the camera with credentials: it must never appear in any answer. */
export const CAMERA_SECRET = `cam-secret-${randomUUID().slice(0, 8)}`;
export const CAMERA_USER = `camuser${randomUUID().slice(0, 6)}`;

export interface AccessWorld {
  readonly vigie: Vigie;
  /** The server's database (for the `vigie` command on the same installation, and checks of what was written). */
  readonly database: TestDatabase;
  readonly baseUrl: string;
  readonly wsUrl: string;
  readonly rtspPort: number;
  readonly admin: HttpSession;
  /** One logged-in session per role (communes: Chartres for commune-scoped roles). */
  readonly sessions: ReadonlyMap<Role, HttpSession>;
  readonly credentials: ReadonlyMap<Role, { username: string; password: string }>;
  /** Simulator cameras: one in Chartres (in scope), one in Lucé (out of scope). */
  readonly cameras: { readonly in: string; readonly out: string; readonly withCredentials: string };
  /** Camera ids per commune, as the administrator lists them. */
  readonly cameraCommunes: ReadonlyMap<string, string>;
  /** Creates an account (communes: Chartres for commune-scoped roles unless `fields` says otherwise) and logs it in. */
  addAccount(role: Role, fields?: Record<string, unknown>): Promise<Account>;
  close(): Promise<void>;
}

export interface Account {
  readonly id: string;
  readonly session: HttpSession;
  readonly username: string;
  readonly password: string;
}

export interface AccessWorldOptions {
  readonly dialect: DialectName;
  /** Demo simulator cameras (3: Chartres, Chartres, Lucé). */
  readonly cameras?: number;
  readonly recording?: boolean;
  /** The server's clock (default: the system's); tests move time with it, e.g. past a requisition's end date. */
  readonly clock?: Clock;
  /** Overrides of the `security` settings, e.g. a short investigator time box. */
  readonly security?: Readonly<Record<string, unknown>>;
}

export const strongPassword = (): string => `Vigie-${randomUUID()}`;

export async function startAccessWorld(options: AccessWorldOptions): Promise<AccessWorld> {
  ensureWebBuilt();
  const database: TestDatabase = await openTestDatabase(options.dialect);
  const [simulatorPort, rtspPort] = [await freePort(), await freePort()];
  const config = validateConfig({
    dataDir: database.dataDir,
    database: { url: database.url },
    demo: true,
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'silent' },
    media: { rtspPort, simulatorPort, demoCameras: options.cameras ?? 3, simulatorCacheDir: join(tmpdir(), 'vigie-sim-test-cache') },
    recording: { enabled: options.recording ?? true, minFreeBytes: 0, segmentSeconds: 4 },
    ...(options.security === undefined ? {} : { security: options.security }),
  });
  let vigie: Vigie;
  try {
    vigie = await startVigie(config, { logger: silentLogger, ...(options.clock === undefined ? {} : { clock: options.clock }) });
  } catch (error) {
    await database.close();
    throw error;
  }
  const address = vigie.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const close = async () => {
    await vigie.close();
    await database.close();
  };
  try {
    const admin = new HttpSession(baseUrl, { username: 'admin', password: 'demo' });
    const login = await admin.login();
    assert.equal(login.status, 200, `demo administrator login: ${await login.clone().text()}`);

    const addAccount = async (role: Role, fields: Record<string, unknown> = {}): Promise<Account> => {
      const username = `t.${role.replace('_', '-')}.${randomUUID().slice(0, 6)}`;
      const password = strongPassword();
      const communes = isCommuneScoped(role) ? [HOME_COMMUNE] : [];
      const created = await admin.send('POST', '/api/users', { username, role, communes, password, ...fields });
      assert.equal(created.status, 201, `fixture: creating a ${role} account: ${await created.clone().text()}`);
      const { id } = (await created.json()) as { id: string };
      const session = new HttpSession(baseUrl, { username, password });
      const signedIn = await session.login();
      assert.equal(signedIn.status, 200, `fixture: ${role} login: ${await signedIn.clone().text()}`);
      return { id, session, username, password };
    };
    const sessions = new Map<Role, HttpSession>();
    const credentials = new Map<Role, { username: string; password: string }>();
    for (const role of ROLES) {
      const account = await addAccount(role);
      sessions.set(role, account.session);
      credentials.set(role, { username: account.username, password: account.password });
    }

    const listed = await admin.send('GET', '/api/cameras');
    assert.equal(listed.status, 200, 'fixture: the administrator lists cameras');
    const all = (await listed.json()) as Array<{ id: string; commune: string }>;
    const inScope = all.find((c) => c.commune === HOME_COMMUNE)?.id;
    const outOfScope = all.find((c) => c.commune === OTHER_COMMUNE)?.id;
    assert.ok(inScope !== undefined && outOfScope !== undefined, `fixture: demo cameras in ${HOME_COMMUNE} and ${OTHER_COMMUNE}: ${JSON.stringify(all)}`);

    const credentialed = await admin.send('POST', '/api/cameras', {
      name: `matrix credentials ${randomUUID().slice(0, 6)}`,
      commune: HOME_COMMUNE,
      lat: 48.447,
      lon: 1.489,
      mainUrl: 'rtsp://127.0.0.1:9/credentialed',
      username: CAMERA_USER,
      password: CAMERA_SECRET,
      enabled: false,
    });
    assert.equal(credentialed.status, 201, `fixture: a camera with credentials: ${await credentialed.clone().text()}`);
    const withCredentials = ((await credentialed.json()) as { id: string }).id;
    const sector = await admin.send('POST', '/api/sectors', { name: `matrix sector ${randomUUID().slice(0, 6)}`, cameraIds: [inScope, outOfScope, withCredentials] });
    assert.equal(sector.status, 201, `fixture: a sector over both communes: ${await sector.text()}`);

    const cameraCommunes = new Map<string, string>([...all.map((c) => [c.id, c.commune] as const), [withCredentials, HOME_COMMUNE]]);
    return {
      vigie,
      database,
      baseUrl,
      wsUrl: baseUrl.replace(/^http/, 'ws'),
      rtspPort,
      admin,
      sessions,
      credentials,
      cameras: { in: inScope, out: outOfScope, withCredentials },
      cameraCommunes,
      addAccount,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
