// The access capability's service: who is acting (sessions, tokens), what they may do (the policy, fed with
// fresh account data on every decision), which cameras they may see, and account bootstrap.
import type { Kysely } from 'kysely';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { COMMUNE_SCOPED_ROLES, type Action, type Role } from './actions.js';
import { journalActor, type Actor, type CameraScope } from './actor.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './demo-accounts.js';
import { PasswordLogin } from './login.js';
import { generatePassword } from './password.js';
import { decidePolicy, ROLE_ACTIONS, type Decision, type PolicyResource, type PolicySubject } from './policy.js';
import { Sessions } from './sessions.js';
import { ApiTokens, tokenActions } from './tokens.js';
import { parseCommunes, Users } from './users.js';

export type AccessResource = PolicyResource;

export interface Access {
  decide(actor: Actor, action: Action, resource?: AccessResource): Promise<Decision>;
  /**
   * For video used outside HTTP routes (RTSP restream, internal jobs): decides for one camera and journals the
   * outcome, allowed or denied, with the camera and the source.
   */
  authorizeVideo(actor: Actor, action: Action, cameraId: string, source: { ip?: string; via: string; timeRange?: { fromMs: number; toMs: number } }): Promise<Decision>;
  /** Throws VigieError 401 (wrong credentials), 423 (locked), 429 (address throttled), 403 (habilitation invalid). */
  authenticatePassword(username: string, password: string, source: { ip: string }): Promise<Actor>;
  cameraScope(actor: Actor): CameraScope;
  /** The commune of a camera, undefined when no such camera exists (from the territory). */
  resolveCameraCommune(cameraId: string): Promise<string | undefined>;
  /** The actor behind a session cookie value, with the session's CSRF hash; undefined when unknown or expired. */
  actorForSession(token: string): Promise<{ actor: Actor; sessionId: string; csrfHash: string } | undefined>;
  /** The actor behind an API token value; undefined when unknown, revoked or expired. */
  actorForToken(token: string): Promise<Actor | undefined>;
  readonly users: Users;
  readonly sessions: Sessions;
  readonly tokens: ApiTokens;
  readonly config: Config;
  ensureFirstAdministrator(): Promise<string | undefined>;
  seedDemoAccounts(): Promise<DemoAccount[]>;
}

export interface AccessDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly config: Config;
  readonly journal: Journal;
  readonly logger: Logger;
  readonly resolveCameraCommune: (cameraId: string) => Promise<string | undefined>;
}

export async function createAccess(deps: AccessDeps): Promise<Access> {
  return new AccessService(deps);
}

class AccessService implements Access {
  readonly users: Users;
  readonly sessions: Sessions;
  readonly tokens: ApiTokens;
  readonly config: Config;
  readonly #deps: AccessDeps;
  readonly #login: PasswordLogin;

  constructor(deps: AccessDeps) {
    this.#deps = deps;
    this.config = deps.config;
    const security = deps.config.security;
    this.users = new Users(deps.db, deps.clock, { minPasswordLength: deps.config.demo ? DEMO_PASSWORD.length : 12 });
    this.sessions = new Sessions(deps.db, deps.clock, { idleMs: security.sessionIdleMinutes * 60_000, absoluteMs: security.sessionAbsoluteHours * 3_600_000 });
    this.tokens = new ApiTokens(deps.db, deps.clock);
    this.#login = new PasswordLogin({ db: deps.db, users: this.users, journal: deps.journal, clock: deps.clock, policy: { maxFailures: security.loginMaxFailures, lockoutMs: security.lockoutMinutes * 60_000 } });
  }

  async decide(actor: Actor, action: Action, resource: AccessResource = {}): Promise<Decision> {
    const subject = await this.#subject(actor);
    if (subject === undefined) return { allowed: false, reason: `${actor.kind} ${actor.username} no longer exists` };
    let scoped = resource;
    if (resource.cameraId !== undefined && resource.communeInsee === undefined) {
      const communeInsee = await this.#deps.resolveCameraCommune(resource.cameraId);
      if (communeInsee === undefined) return { allowed: false, reason: `unknown camera ${resource.cameraId}` };
      scoped = { ...resource, communeInsee };
    }
    return decidePolicy(subject, action, scoped, this.#deps.clock.now());
  }

  async authorizeVideo(actor: Actor, action: Action, cameraId: string, source: { ip?: string; via: string; timeRange?: { fromMs: number; toMs: number } }): Promise<Decision> {
    const communeInsee = await this.#deps.resolveCameraCommune(cameraId);
    const decision = await this.decide(actor, action, { cameraId, ...(communeInsee === undefined ? {} : { communeInsee }), ...(source.timeRange === undefined ? {} : { timeRange: source.timeRange }) });
    await this.#deps.journal.append({
      actor: journalActor(actor),
      action,
      outcome: decision.allowed ? 'allowed' : 'denied',
      ...(source.ip === undefined ? {} : { ip: source.ip }),
      target: { type: 'camera', id: cameraId, cameraId, ...(communeInsee === undefined ? {} : { communeInsee }) },
      details: { via: source.via, reason: decision.reason, ...(source.timeRange === undefined ? {} : { from: new Date(source.timeRange.fromMs), to: new Date(source.timeRange.toMs) }) },
    });
    return decision;
  }

  authenticatePassword(username: string, password: string, source: { ip: string }): Promise<Actor> {
    return this.#login.authenticate(username, password, source);
  }

  cameraScope(actor: Actor): CameraScope {
    if (!ROLE_ACTIONS[actor.role].includes('camera.list')) return { all: false, communes: [] };
    if (COMMUNE_SCOPED_ROLES.includes(actor.role) || (actor.kind === 'token' && actor.communes.length > 0)) return { all: false, communes: actor.communes };
    return { all: true };
  }

  resolveCameraCommune(cameraId: string): Promise<string | undefined> {
    return this.#deps.resolveCameraCommune(cameraId);
  }

  async actorForSession(token: string): Promise<{ actor: Actor; sessionId: string; csrfHash: string } | undefined> {
    const session = await this.sessions.resolve(token);
    if (session === undefined) return undefined;
    const row = await this.#deps.db.selectFrom('users').selectAll().where('id', '=', session.userId).executeTakeFirst();
    if (row === undefined) return undefined;
    const actor: Actor = { kind: 'user', id: row.id, username: row.username, role: row.role as Role, communes: parseCommunes(row.communes) };
    return { actor, sessionId: session.id, csrfHash: session.csrfHash };
  }

  async actorForToken(token: string): Promise<Actor | undefined> {
    const row = await this.tokens.resolve(token);
    if (row === undefined) return undefined;
    return { kind: 'token', id: row.id, username: `token:${row.name}`, role: row.role as Role, communes: parseCommunes(row.communes) };
  }

  async ensureFirstAdministrator(): Promise<string | undefined> {
    if ((await this.users.countAdministrators()) > 0) return undefined;
    if ((await this.users.findByUsername('admin')) !== undefined) {
      this.#deps.logger.warn('no active administrator and the username "admin" is taken: create one with `vigie user add --role administrator`');
      return undefined;
    }
    const password = generatePassword();
    const admin = await this.users.create({ username: 'admin', displayName: 'Administrator', role: 'administrator', password, grantedBy: 'vigie first start', authority: 'installation' });
    await this.#deps.journal.append({ actor: null, action: 'user.create', outcome: 'allowed', target: { type: 'user', id: admin.id }, details: { via: 'first start', username: admin.username, role: admin.role } });
    return password;
  }

  async seedDemoAccounts(): Promise<DemoAccount[]> {
    const created: string[] = [];
    for (const account of DEMO_ACCOUNTS) {
      if ((await this.users.findByUsername(account.username)) !== undefined) continue;
      await this.users.create({ ...account, password: DEMO_PASSWORD, grantedBy: 'demo', authority: 'demo mode' });
      created.push(account.username);
    }
    if (created.length > 0) await this.#deps.journal.append({ actor: null, action: 'user.create', outcome: 'allowed', target: { type: 'user' }, details: { via: 'demo seed', usernames: created } });
    return DEMO_ACCOUNTS.map((a) => ({ ...a, password: DEMO_PASSWORD }));
  }

  /** The policy's view of the actor, read fresh: a role change, expiry, disabling or revocation applies at once. */
  async #subject(actor: Actor): Promise<PolicySubject | undefined> {
    const db = this.#deps.db;
    if (actor.kind === 'user') {
      const row = await db.selectFrom('users').select(['role', 'communes', 'disabled', 'valid_from', 'valid_until']).where('id', '=', actor.id).executeTakeFirst();
      if (row === undefined) return undefined;
      return { role: row.role as Role, communes: parseCommunes(row.communes), habilitation: { disabled: row.disabled === 1, validFromMs: row.valid_from, validUntilMs: row.valid_until } };
    }
    const row = await this.tokens.row(actor.id);
    if (row === undefined) return undefined;
    return {
      role: row.role as Role,
      communes: parseCommunes(row.communes),
      tokenActions: tokenActions(row),
      habilitation: { disabled: row.revoked_at !== null, validFromMs: null, validUntilMs: row.expires_at },
    };
  }
}
