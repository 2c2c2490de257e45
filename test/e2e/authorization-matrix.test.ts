// The authorization matrix, generated from the server's own route table: every route × every role × camera in
// scope / out of scope / unknown, plus no login at all, checked over HTTP against the policy's answer. A route
// added later is covered without touching this file; a route without an access declaration fails it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/core/logger.js';
import { startVigie, type Vigie } from '../../src/main.js';
import { COMMUNE_SCOPED_ROLES, ROLES, type Role } from '../../src/access/actions.js';
import { decidePolicy, type PolicySubject } from '../../src/access/policy.js';
import type { RouteEntry } from '../../src/api/route-table.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { ensureCameraFixtures, HOME_COMMUNE, type CameraFixtures } from './support/camera-fixtures.js';
import { HttpSession } from './support/http-session.js';

const PASSWORD = 'matrix password 1234';
type Scope = 'in' | 'out' | 'unknown';

const dialects = await testDialects();
// The engines run side by side: most of the time is spent waiting on password hashing and the network.
describe('authorization matrix', { concurrency: dialects.length }, () => {
  for (const dialect of dialects) {
    describe(`${dialect}`, () => {
      let handle: TestDatabase;
      let vigie: Vigie;
      let fixtures: CameraFixtures | string;
      const sessions = new Map<Role, HttpSession>();

      before(async () => {
        handle = await openTestDatabase(dialect);
        const config = loadConfig({
          env: {},
          overrides: { dataDir: handle.dataDir, 'database.url': handle.url, 'http.host': '127.0.0.1', 'http.port': 0, 'log.level': 'silent', 'media.rtspPort': 0, 'recording.enabled': false },
        });
        vigie = await startVigie(config, { logger: silentLogger });
        const adminPassword = /password (\S+)/.exec(vigie.startupNotes.join('\n'))?.[1];
        assert.ok(adminPassword !== undefined, `no generated administrator password in ${JSON.stringify(vigie.startupNotes)}`);
        const admin = new HttpSession(vigie.url);
        assert.equal((await admin.login('admin', adminPassword)).status, 200);
        for (const role of ROLES) {
          const username = `matrix.${role.replace('_', '-')}`;
          const communes = COMMUNE_SCOPED_ROLES.includes(role) ? [HOME_COMMUNE] : [];
          const created = await admin.send('POST', '/api/users', { username, role, communes, password: PASSWORD });
          assert.equal(created.status, 201, await created.text());
          const session = new HttpSession(vigie.url, { username, password: PASSWORD });
          assert.equal((await session.login()).status, 200);
          sessions.set(role, session);
        }
        fixtures = await ensureCameraFixtures(handle.db);
      });
      after(async () => {
        await vigie.close();
        await handle.close();
      });

      it('every registered route declares an access rule', () => {
        const undeclared = vigie.app.routeTable.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`);
        assert.deepEqual(undeclared, []);
        assert.ok(vigie.app.routeTable.length >= 10);
      });

      it('every route × every role × camera scope answers as the policy decides', async (t) => {
        if (typeof fixtures === 'string') t.diagnostic(`camera in/out-of-scope cases skipped: ${fixtures}`);
        const failures: string[] = [];
        let cases = 0;
        for (const route of vigie.app.routeTable.filter((r) => r.method !== 'HEAD' && r.access !== undefined)) {
          const scopes: Array<Scope | undefined> = route.access?.kind !== 'camera' ? [undefined] : typeof fixtures === 'string' ? ['unknown'] : ['in', 'out', 'unknown'];
          const anonymous = await new HttpSession(vigie.url).probe(route.method, requestFor(route, scopes[0], fixtures).path, {});
          cases += 1;
          if (!matches(route, anonymous, null, scopes[0])) failures.push(describeCase(route, 'no login', scopes[0], anonymous));
          for (const scope of scopes) {
            const target = requestFor(route, scope, fixtures);
            for (const role of ROLES) {
              const session = sessions.get(role) as HttpSession;
              let status = await session.probe(route.method, target.path, target.body);
              // An earlier probe (a logout) may have ended this role's session: log in again and retry once.
              if (status === 401 && (await session.ensureLoggedIn())) status = await session.probe(route.method, target.path, target.body);
              cases += 1;
              if (!matches(route, status, role, scope)) failures.push(describeCase(route, role, scope, status));
              // A probe may have deleted a fixture camera (DELETE /api/cameras/:id as administrator).
              if (scope !== undefined && route.method !== 'GET' && typeof fixtures !== 'string') fixtures = await ensureCameraFixtures(handle.db);
            }
          }
        }
        t.diagnostic(`${cases} cases over ${vigie.app.routeTable.length} routes`);
        assert.deepEqual(failures, []);
      });
    });
  }
});

/** What the policy says this role should get on this route (null role: not logged in). */
function expectation(route: RouteEntry, role: Role | null, scope: Scope | undefined): 'pass' | 401 | 403 | 404 {
  const access = route.access;
  if (access === undefined) return 403;
  if (access.kind === 'public') return 'pass';
  if (role === null) return 401;
  const subject: PolicySubject = { role, communes: COMMUNE_SCOPED_ROLES.includes(role) ? [HOME_COMMUNE] : [], habilitation: { disabled: false, validFromMs: null, validUntilMs: null } };
  const now = Date.now();
  if (access.kind === 'action' || scope === undefined) return decidePolicy(subject, access.action, {}, now).allowed ? 'pass' : 403;
  if (scope === 'unknown') return decidePolicy(subject, access.action, {}, now).allowed ? 404 : 403;
  const communeInsee = scope === 'in' ? HOME_COMMUNE : 'elsewhere';
  return decidePolicy(subject, access.action, { communeInsee }, now).allowed ? 'pass' : 403;
}

function matches(route: RouteEntry, status: number, role: Role | null, scope: Scope | undefined): boolean {
  const expected = expectation(route, role, scope);
  if (expected !== 'pass') return status === expected;
  // Allowed: anything but an authorization refusal (the handler may still say 400 or 404 to a probe body).
  return status !== 401 && status !== 403;
}

function describeCase(route: RouteEntry, who: string, scope: Scope | undefined, status: number): string {
  return `${route.method} ${route.url} as ${who}${scope === undefined ? '' : ` (camera ${scope})`}: got ${status}, expected ${String(expectation(route, who === 'no login' ? null : (who as Role), scope))}`;
}

/** A concrete request for a route: camera routes get the camera id everywhere a route might read it. */
function requestFor(route: RouteEntry, scope: Scope | undefined, fixtures: CameraFixtures | string): { path: string; body: unknown } {
  const cameraId = scope === undefined ? undefined : scope === 'unknown' || typeof fixtures === 'string' ? `unknown-${randomUUID()}` : scope === 'in' ? fixtures.inScope : fixtures.outOfScope;
  const filler = cameraId ?? randomUUID();
  let path = route.url.replace(/:[A-Za-z0-9_]+/g, encodeURIComponent(filler)).replace(/\*$/, 'matrix-probe');
  if (cameraId !== undefined) path += `${path.includes('?') ? '&' : '?'}cameraId=${encodeURIComponent(cameraId)}&camera=${encodeURIComponent(cameraId)}`;
  return { path, body: cameraId === undefined ? {} : { cameraId, camera: cameraId } };
}
