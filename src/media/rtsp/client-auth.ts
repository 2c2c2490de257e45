// Client side of RTSP authentication: answers a 401 challenge once, Digest preferred over Basic (RFC 2617, RFC 7616).
import { randomBytes } from 'node:crypto';
import { digestResponse } from './digest-auth.js';
import { writeBasicAuthorization, writeDigestAuthorization } from './headers/authorization.js';
import { parseWwwAuthenticate, type AuthChallenge } from './headers/www-authenticate.js';

export class ClientAuthenticator {
  readonly #username: string | undefined;
  readonly #password: string | undefined;
  #challenge: AuthChallenge | undefined;
  #nonceCount = 0;
  #answeredCurrent = false;

  constructor(username: string | undefined, password: string | undefined) {
    this.#username = username;
    this.#password = password;
  }

  get hasCredentials(): boolean {
    return this.#username !== undefined;
  }

  /**
   * Takes the WWW-Authenticate values of a 401. True when a retry with credentials makes sense: there are
   * credentials, a supported challenge, and either it was never answered or the server says the nonce was stale.
   */
  acceptChallenge(values: readonly string[]): boolean {
    if (this.#username === undefined) return false;
    const challenges = values.map(parseWwwAuthenticate).filter((c): c is AuthChallenge => c !== undefined);
    const rank = (c: AuthChallenge): number => (c.scheme === 'basic' ? 0 : c.algorithm === 'SHA-256' ? 2 : 1);
    const best = challenges.sort((a, b) => rank(b) - rank(a))[0];
    if (best === undefined) return false;
    const stale = best.scheme === 'digest' && best.stale;
    if (this.#answeredCurrent && !stale) return false;
    this.#challenge = best;
    this.#nonceCount = 0;
    this.#answeredCurrent = false;
    return true;
  }

  /** The last answer was accepted: a later 401 (a camera renewing its nonce) deserves one more try. */
  accepted(): void {
    this.#answeredCurrent = false;
  }

  /** The Authorization header for a request, once a challenge was accepted. */
  authorization(method: string, uri: string): string | undefined {
    const challenge = this.#challenge;
    if (challenge === undefined || this.#username === undefined) return undefined;
    this.#answeredCurrent = true;
    const password = this.#password ?? '';
    if (challenge.scheme === 'basic') return writeBasicAuthorization(this.#username, password);
    const qop = challenge.qop.includes('auth') ? 'auth' : undefined;
    this.#nonceCount += 1;
    const nc = this.#nonceCount.toString(16).padStart(8, '0');
    const cnonce = qop === undefined ? undefined : randomBytes(8).toString('hex');
    const response = digestResponse({ algorithm: challenge.algorithm, username: this.#username, realm: challenge.realm, password, method, uri, nonce: challenge.nonce, qop, nc, cnonce });
    return writeDigestAuthorization({
      username: this.#username,
      realm: challenge.realm,
      nonce: challenge.nonce,
      uri,
      response,
      algorithm: challenge.algorithm,
      qop,
      nc: qop === undefined ? undefined : nc,
      cnonce,
      opaque: challenge.opaque,
    });
  }
}
