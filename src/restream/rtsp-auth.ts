// Who may pull a camera over RTSP: a Vigie account (Basic; an API token may stand in for the password),
// authorised for `video.live` on that camera by the same policy as the web. Successful checks are remembered
// briefly, because a client authenticates every request (DESCRIBE, SETUP, PLAY) and password hashing is slow.
import { createHash } from 'node:crypto';
import { actorDetails, journalActor, TOKEN_PREFIX, type Access, type Actor } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import type { Journal } from '../journal/index.js';
import type { RtspAuthRequest, RtspAuthResult } from '../media/rtsp/index.js';

export type RestreamAccess = Pick<Access, 'authenticatePassword' | 'actorForToken' | 'decideCamera' | 'watchStream'>;

const REMEMBER_MS = 30_000;
const MAX_REMEMBERED = 1000;

export interface AuthenticatedClient {
  readonly actor: Actor;
  readonly ip: string;
}

export class RestreamAuthenticator {
  readonly #access: RestreamAccess;
  readonly #journal: Pick<Journal, 'append'>;
  readonly #clock: Clock;
  readonly #remembered = new Map<string, { actor: Actor; untilMs: number }>();
  /** principal ("alice@10.0.0.5") → who it is, for the session journal. */
  readonly #principals = new Map<string, AuthenticatedClient>();

  constructor(access: RestreamAccess, journal: Pick<Journal, 'append'>, clock: Clock) {
    this.#access = access;
    this.#journal = journal;
    this.#clock = clock;
  }

  client(principal: string | undefined): AuthenticatedClient | undefined {
    return principal === undefined ? undefined : this.#principals.get(principal);
  }

  readonly authenticate = async (request: RtspAuthRequest): Promise<RtspAuthResult> => {
    const credentials = request.credentials;
    if (credentials?.scheme !== 'basic') return false;
    const actor = await this.#actor(credentials.username, credentials.password, request.remoteAddress);
    if (actor === undefined) return false;
    const cameraId = request.path.split('/')[0] ?? '';
    const decision = await this.#access.decideCamera(actor, 'video.live', { cameraId });
    if (!decision.allowed) {
      await this.#journal.append({
        actor: journalActor(actor),
        action: 'video.live',
        outcome: 'denied',
        ip: request.remoteAddress,
        target: { type: 'camera', id: cameraId, cameraId, ...(decision.communeInsee === undefined ? {} : { communeInsee: decision.communeInsee }) },
        details: { via: 'rtsp', reason: decision.reason, ...actorDetails(actor) },
      });
      return false;
    }
    const principal = `${actor.username}@${request.remoteAddress}`;
    if (this.#principals.size >= MAX_REMEMBERED) this.#principals.clear();
    this.#principals.set(principal, { actor, ip: request.remoteAddress });
    return { principal };
  };

  async #actor(username: string, password: string, ip: string): Promise<Actor | undefined> {
    const key = createHash('sha256').update(`${username}\0${password}\0${ip}`).digest('hex');
    const nowMs = this.#clock.now();
    const remembered = this.#remembered.get(key);
    if (remembered !== undefined && remembered.untilMs > nowMs) return remembered.actor;
    let actor: Actor | undefined;
    try {
      // An API token may stand in for the password (for devices that only know user/password).
      if (password.startsWith(TOKEN_PREFIX)) {
        const byToken = await this.#access.actorForToken(password);
        actor = 'actor' in byToken ? byToken.actor : undefined;
      } else {
        actor = await this.#access.authenticatePassword(username, password, { ip });
      }
    } catch {
      // Wrong password, locked account or throttled address: the access capability has journaled it.
      return undefined;
    }
    if (actor === undefined) return undefined;
    if (this.#remembered.size >= MAX_REMEMBERED) this.#remembered.clear();
    this.#remembered.set(key, { actor, untilMs: nowMs + REMEMBER_MS });
    return actor;
  }
}
