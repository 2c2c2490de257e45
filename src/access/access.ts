// The access capability's service: who is acting (sessions, tokens), what they may do (the policy, fed with
// fresh account data on every decision), which cameras they may see, running streams re-checked, and account
// bootstrap. What it needs to know of cameras and communes it asks the territory (wired by main.ts).
import type { Kysely, Selectable } from 'kysely';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { CredentialsCipher, NO_CAMERAS, type CameraScope } from '../territory/index.js';
import type { Action, Role } from './actions.js';
import { actorDetails, journalActor, type Actor } from './actor.js';
import type { CommuneDirectory } from './communes.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './demo-accounts.js';
import { reviewHabilitations } from './habilitation-review.js';
import { PasswordLogin, pendingOf } from './login.js';
import { LoginAttempts, loginLimits } from './login-attempts.js';
import { passwordRules } from './password-policy.js';
import { generatePassword } from './password.js';
import {
  allowedActions,
  decidePolicy,
  decideScope,
  GRANT_SCOPED_ROLES,
  habilitationProblem,
  tokenOverreach,
  type Decision,
  type PolicyResource,
  type PolicySubject,
  type ScopeGrant,
} from './policy.js';
import { codeMatches, type SecondFactorSetting, type SecretSealer } from './second-factor.js';
import { Sessions } from './sessions.js';
import { StreamWatch, type WatchedStream } from './stream-watch.js';
import type { ApiTokenTable, UserTable } from './tables.js';
import { ApiTokens, tokenActions } from './tokens.js';
import { parseCommunes, Users } from './users.js';

/** What access needs of the territory: a camera's commune (undefined: no such camera), and commune codes. */
export interface AccessTerritory extends CommuneDirectory {
  cameraCommune(cameraId: string): Promise<string | undefined>;
}

/** The resource of a camera action, as the routes and streams name it; access looks up the camera's commune. */
export interface CameraRequest {
  readonly cameraId: string;
  readonly timeRange?: PolicyResource['timeRange'];
}

export type CameraDecision = Decision & { readonly unknownCamera?: true; readonly communeInsee?: string };

/** Where a camera decision reads the subject and the camera's commune (straight from storage, or cached for a sweep). */
interface DecisionLookups {
  subject(actor: Actor): Promise<PolicySubject | undefined>;
  commune(cameraId: string): Promise<string | undefined>;
}

export interface Access {
  /** For actions on no camera (the policy refuses camera actions here: use decideCamera). */
  decide(actor: Actor, action: Action): Promise<Decision>;
  /** For one camera: its commune from the territory; an unknown camera is refused with `unknownCamera` set. */
  decideCamera(actor: Actor, action: Action, request: CameraRequest): Promise<CameraDecision>;
  /** Every action the actor may attempt now (camera actions: within its scope). */
  allowedActions(actor: Actor): Promise<readonly Action[]>;
  /** For camera data in bulk: whether the actor may do `action`, and the cameras it may see. */
  decideScope(actor: Actor, action: Action): Promise<Decision & { readonly scope: CameraScope }>;
  /**
   * For video used outside HTTP routes (RTSP restream, internal jobs): decides for one camera and journals the
   * outcome, allowed or denied, with the camera and the source.
   */
  authorizeVideo(actor: Actor, action: Action, request: CameraRequest, source: { ip?: string; via: string }): Promise<Decision>;
  /** Throws VigieError 401 (wrong credentials, one-time code missing or wrong), 429 (throttled), 403 (habilitation invalid). */
  authenticatePassword(username: string, password: string, source: { ip: string }, code?: string): Promise<Actor>;
  /** The actor behind a session cookie value, with the session's CSRF hash; undefined when unknown or expired. */
  actorForSession(token: string): Promise<{ actor: Actor; csrfHash: string } | undefined>;
  /** The actor behind an API token value, or why it is refused (unknown, revoked, expired, owner gone). */
  actorForToken(token: string): Promise<{ actor: Actor } | { refused: string }>;
  /** Running streams: watched until they end, ended when their subject loses the right (see stream-watch.ts). */
  watchStream(stream: WatchedStream): () => void;
  /** Re-checks running streams now (after a logout, an account change, a token revocation). */
  recheckStreams(): Promise<void>;
  /**
   * Where the policy reads an investigator's scope grants (his validated requisitions), at every decision: wired
   * by main.ts once the investigations capability exists. Until then an investigator is granted nothing.
   */
  useScopeGrants(source: ScopeGrantSource): void;
  readonly users: Users;
  readonly sessions: Sessions;
  readonly tokens: ApiTokens;
  /** Login-attempt counters: the lockouts in force, an administrator's unlock. */
  readonly loginAttempts: LoginAttempts;
  readonly config: Config;
  /** The second factor's setting, the sealer of its secrets (the camera credentials' key), and a code check on the service's clock. */
  readonly secondFactor: SecondFactorService;
  /** Journals once each habilitation entering its last 30 days, and each one that ended (housekeeping). */
  reviewHabilitations(): Promise<void>;
  ensureFirstAdministrator(): Promise<string | undefined>;
  seedDemoAccounts(): Promise<DemoAccount[]>;
  close(): void;
}

/** The scope grants of one person now (validated requisitions not yet past their end date). */
export type ScopeGrantSource = (userId: string) => Promise<readonly ScopeGrant[]>;

export interface SecondFactorService {
  readonly setting: SecondFactorSetting;
  readonly sealer: SecretSealer;
  codeMatches(secret: string, code: string): boolean;
}

export interface AccessDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly config: Config;
  readonly journal: Journal;
  readonly logger: Logger;
  readonly territory: AccessTerritory;
}

export async function createAccess(deps: AccessDeps): Promise<Access> {
  return new AccessService(deps);
}

class AccessService implements Access {
  readonly users: Users;
  readonly sessions: Sessions;
  readonly tokens: ApiTokens;
  readonly loginAttempts: LoginAttempts;
  readonly config: Config;
  readonly secondFactor: SecondFactorService;
  readonly #deps: AccessDeps;
  readonly #login: PasswordLogin;
  readonly #streams: StreamWatch;
  #grants: ScopeGrantSource = () => Promise.resolve([]);

  constructor(deps: AccessDeps) {
    this.#deps = deps;
    this.config = deps.config;
    const security = deps.config.security;
    this.users = new Users(deps.db, deps.clock, deps.territory, passwordRules(deps.config));
    this.sessions = new Sessions(deps.db, deps.clock, { idleMs: security.sessionIdleMinutes * 60_000, absoluteMs: security.sessionAbsoluteHours * 3_600_000 });
    this.tokens = new ApiTokens(deps.db, deps.clock, deps.territory);
    this.loginAttempts = new LoginAttempts(deps.db, deps.clock, loginLimits(security));
    this.secondFactor = {
      setting: deps.config.access.secondFactor,
      sealer: new CredentialsCipher({ dataDir: deps.config.dataDir, envKey: process.env['VIGIE_CREDENTIALS_KEY'] }),
      codeMatches: (secret, code) => codeMatches(secret, code, deps.clock.now()),
    };
    this.#login = new PasswordLogin({
      users: this.users,
      attempts: this.loginAttempts,
      journal: deps.journal,
      clock: deps.clock,
      secondFactor: this.secondFactor.setting,
      sealer: this.secondFactor.sealer,
    });
    this.#streams = new StreamWatch({
      journal: deps.journal,
      logger: deps.logger,
      credentialsProblem: (actor) => this.#credentialsProblem(actor),
      sweepDecider: () => this.#sweepDecider(),
      touchSessions: (ids) => this.sessions.touch(ids),
    });
  }

  async decide(actor: Actor, action: Action): Promise<Decision> {
    const subject = await this.#subject(actor);
    if (subject === undefined) return { allowed: false, reason: `account ${actor.username} no longer exists` };
    return decidePolicy(subject, action, {}, this.#deps.clock.now());
  }

  decideCamera(actor: Actor, action: Action, request: CameraRequest): Promise<CameraDecision> {
    return this.#decideCameraWith({ subject: (who) => this.#subject(who), commune: (id) => this.#deps.territory.cameraCommune(id) }, actor, action, request);
  }

  async #decideCameraWith(lookups: DecisionLookups, actor: Actor, action: Action, request: CameraRequest): Promise<CameraDecision> {
    const subject = await lookups.subject(actor);
    if (subject === undefined) return { allowed: false, reason: `account ${actor.username} no longer exists` };
    const communeInsee = await lookups.commune(request.cameraId);
    const now = this.#deps.clock.now();
    if (communeInsee === undefined) {
      // Whether the role may act at all comes first, so that camera ids cannot be probed.
      const general = decideScope(subject, action, now);
      return general.allowed ? { allowed: false, reason: `no camera ${request.cameraId}`, unknownCamera: true } : { allowed: false, reason: general.reason };
    }
    const resource = { communeInsee, cameraId: request.cameraId, ...(request.timeRange === undefined ? {} : { timeRange: request.timeRange }) };
    return { ...decidePolicy(subject, action, resource, now), communeInsee };
  }

  /** Camera decisions for one re-check of the running streams: each actor and each camera read once, however many tiles. */
  #sweepDecider(): (actor: Actor, action: Action, cameraId: string | undefined, timeRange: PolicyResource['timeRange']) => Promise<Decision> {
    const subjects = new Map<string, Promise<PolicySubject | undefined>>();
    const communes = new Map<string, Promise<string | undefined>>();
    const once = <T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> => {
      const known = cache.get(key);
      if (known !== undefined) return known;
      const reading = read();
      cache.set(key, reading);
      return reading;
    };
    const lookups: DecisionLookups = {
      subject: (actor) => once(subjects, `${actor.id}:${actor.token?.id ?? ''}`, () => this.#subject(actor)),
      commune: (cameraId) => once(communes, cameraId, () => this.#deps.territory.cameraCommune(cameraId)),
    };
    return async (actor, action, cameraId, timeRange) => {
      if (cameraId !== undefined) return this.#decideCameraWith(lookups, actor, action, { cameraId, ...(timeRange === undefined ? {} : { timeRange }) });
      const subject = await lookups.subject(actor);
      return subject === undefined ? { allowed: false, reason: `account ${actor.username} no longer exists` } : decidePolicy(subject, action, {}, this.#deps.clock.now());
    };
  }

  async allowedActions(actor: Actor): Promise<readonly Action[]> {
    const subject = await this.#subject(actor);
    return subject === undefined ? [] : allowedActions(subject, this.#deps.clock.now());
  }

  async decideScope(actor: Actor, action: Action): Promise<Decision & { readonly scope: CameraScope }> {
    const subject = await this.#subject(actor);
    if (subject === undefined) return { allowed: false, reason: `account ${actor.username} no longer exists`, scope: NO_CAMERAS };
    return decideScope(subject, action, this.#deps.clock.now());
  }

  async authorizeVideo(actor: Actor, action: Action, request: CameraRequest, source: { ip?: string; via: string }): Promise<Decision> {
    const decision = await this.decideCamera(actor, action, request);
    const { cameraId, timeRange } = request;
    await this.#deps.journal.append({
      actor: journalActor(actor),
      action,
      outcome: decision.allowed ? 'allowed' : 'denied',
      ...(source.ip === undefined ? {} : { ip: source.ip }),
      target: { type: 'camera', id: cameraId, cameraId, ...(decision.communeInsee === undefined ? {} : { communeInsee: decision.communeInsee }) },
      details: { via: source.via, reason: decision.reason, ...actorDetails(actor), ...(timeRange === undefined ? {} : { from: new Date(timeRange.fromMs), to: new Date(timeRange.toMs) }) },
    });
    return decision;
  }

  authenticatePassword(username: string, password: string, source: { ip: string }, code?: string): Promise<Actor> {
    return this.#login.authenticate(username, password, source, code);
  }

  reviewHabilitations(): Promise<void> {
    return reviewHabilitations(this.#deps.db, this.#deps.journal, this.#deps.clock.now());
  }

  async actorForSession(token: string): Promise<{ actor: Actor; csrfHash: string } | undefined> {
    const session = await this.sessions.resolve(token);
    if (session === undefined) return undefined;
    const row = await this.#userRow(session.userId);
    if (row === undefined) return undefined;
    const pending = pendingOf(row, this.secondFactor.setting);
    return { actor: { ...userActor(row), sessionId: session.id, ...(pending === undefined ? {} : { pending }) }, csrfHash: session.csrfHash };
  }

  async actorForToken(token: string): Promise<{ actor: Actor } | { refused: string }> {
    const row = await this.tokens.resolve(token);
    if (row === undefined) return { refused: 'unknown, revoked or expired API token' };
    const owner = row.owner_id === null ? undefined : await this.#userRow(row.owner_id);
    if (owner === undefined) return { refused: 'the account that minted this API token no longer exists' };
    const subject = tokenSubject(row, owner, this.#deps.clock.now());
    const problem = subject.refusal ?? habilitationProblem(subject.habilitation, this.#deps.clock.now());
    if (problem !== undefined) return { refused: problem };
    return { actor: { kind: 'token', id: owner.id, username: owner.username, role: subject.role, communes: subject.communes, token: { id: row.id, name: row.name } } };
  }

  watchStream(stream: WatchedStream): () => void {
    return this.#streams.watch(stream);
  }

  recheckStreams(): Promise<void> {
    return this.#streams.sweep();
  }

  useScopeGrants(source: ScopeGrantSource): void {
    this.#grants = source;
  }

  async ensureFirstAdministrator(): Promise<string | undefined> {
    if ((await this.users.countAdministrators()) > 0) return undefined;
    if ((await this.users.findByUsername('admin')) !== undefined) {
      this.#deps.logger.warn('no active administrator and the username "admin" is taken: create one with `vigie user add --role administrator`');
      return undefined;
    }
    const password = generatePassword();
    const admin = await this.users.create({ username: 'admin', displayName: 'Administrator', role: 'administrator', password, grantedBy: 'vigie first start', authority: 'installation' });
    await this.#deps.journal.append({
      actor: null,
      action: 'user.create',
      outcome: 'allowed',
      target: { type: 'user', id: admin.id },
      details: { via: 'first start', username: admin.username, role: admin.role },
    });
    return password;
  }

  async seedDemoAccounts(): Promise<DemoAccount[]> {
    const created: string[] = [];
    for (const account of DEMO_ACCOUNTS) {
      if ((await this.users.findByUsername(account.username)) !== undefined) continue;
      await this.users.create({ ...account, password: DEMO_PASSWORD, grantedBy: 'démonstration', authority: 'mode démonstration' });
      created.push(account.username);
    }
    if (created.length > 0) await this.#deps.journal.append({ actor: null, action: 'user.create', outcome: 'allowed', target: { type: 'user' }, details: { via: 'demo seed', usernames: created } });
    return DEMO_ACCOUNTS.map((a) => ({ ...a, password: DEMO_PASSWORD }));
  }

  close(): void {
    this.#streams.close();
  }

  /** Why a running stream's credentials no longer hold: its login session is over, or its token was revoked. */
  async #credentialsProblem(actor: Actor): Promise<string | undefined> {
    if (actor.token !== undefined) {
      const row = await this.tokens.row(actor.token.id);
      if (row === undefined || row.revoked_at !== null) return 'the API token was revoked';
      if (row.expires_at <= this.#deps.clock.now()) return 'the API token expired';
      return undefined;
    }
    if (actor.sessionId !== undefined && !(await this.sessions.isLive(actor.sessionId))) return 'the login session ended (logout or expiry)';
    return undefined;
  }

  async #userRow(id: string): Promise<Selectable<UserTable> | undefined> {
    return this.#deps.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The policy's view of the actor, read fresh: a role change, expiry, disabling or revocation applies at once. */
  async #subject(actor: Actor): Promise<PolicySubject | undefined> {
    const owner = await this.#userRow(actor.id);
    if (owner === undefined) return undefined;
    const grants = GRANT_SCOPED_ROLES.includes(owner.role as Role) ? { grants: await this.#grants(owner.id) } : {};
    if (actor.token === undefined) return { ...userSubject(owner, this.secondFactor.setting), ...grants };
    const row = await this.tokens.row(actor.token.id);
    if (row === undefined) return undefined;
    return { ...tokenSubject(row, owner, this.#deps.clock.now()), ...grants };
  }
}

function userActor(row: Selectable<UserTable>): Actor {
  return { kind: 'user', id: row.id, username: row.username, role: row.role as Role, communes: parseCommunes(row.communes) };
}

/** A person's subject; while he must change his password or enrol a second factor, he may only read his session. */
function userSubject(row: Selectable<UserTable>, secondFactor?: SecondFactorSetting): PolicySubject {
  const pending = secondFactor === undefined ? undefined : pendingOf(row, secondFactor);
  return {
    role: row.role as Role,
    communes: parseCommunes(row.communes),
    habilitation: { disabled: row.disabled === 1, validFromMs: row.valid_from, validUntilMs: row.valid_until },
    ...(pending === undefined ? {} : { pending: pending === 'password-change' ? 'the password must be changed first' : 'a second factor must be enrolled first' }),
  };
}

/**
 * A token acts as its owner narrowed to the token's actions and communes: the owner's current role and
 * habilitation, and a refusal when the token was revoked or expired, or when the owner no longer holds every
 * right the token carries (downgraded, moved to other communes).
 */
function tokenSubject(row: Selectable<ApiTokenTable>, owner: Selectable<UserTable>, nowMs: number): PolicySubject {
  const ownerSubject = userSubject(owner);
  const actions = tokenActions(row);
  const tokenCommunes = parseCommunes(row.communes);
  const communes = tokenCommunes.length > 0 ? tokenCommunes : ownerSubject.communes;
  const overreach = tokenOverreach(ownerSubject, { actions, communes });
  const refusal =
    row.revoked_at !== null
      ? 'the API token was revoked'
      : row.expires_at <= nowMs
        ? 'the API token expired'
        : overreach === undefined
          ? undefined
          : `the token's owner no longer holds its rights (${overreach})`;
  return { role: ownerSubject.role, communes, tokenActions: actions, habilitation: ownerSubject.habilitation, ...(refusal === undefined ? {} : { refusal }) };
}
