// Server side of RTSP authentication: Basic and Digest challenges (RFC 2617, RFC 7616) with stateless nonces, and
// the request handed to the application's hook, which decides who may watch.
import { createHmac, randomBytes } from 'node:crypto';
import { digestHa1, digestResponseFromHa1, sameDigest } from './digest-auth.js';
import { parseAuthorization, type Credentials } from './headers/authorization.js';
import { writeWwwAuthenticate } from './headers/www-authenticate.js';

export type RtspAuthMethod = 'basic' | 'digest';

export interface RtspAuthRequest {
  readonly method: string;
  /** Stream path without the leading slash, e.g. `cam-042/main`. */
  readonly path: string;
  readonly remoteAddress: string;
  /** The raw Authorization header, if any. */
  readonly authorization: string | undefined;
  /** Parsed credentials: Basic gives username and password; Digest gives its fields (the nonce already checked). */
  readonly credentials: Credentials | undefined;
  /** Digest only: whether the response matches this password. */
  verifyDigestPassword(password: string): boolean;
  /** Digest only: whether the response matches this stored HA1 = MD5(username:realm:password). */
  verifyDigestHa1(ha1: string): boolean;
}

/** `true` lets the request in anonymously, `{ principal }` names who it is (for the journal), `false` answers 401. */
export type RtspAuthResult = boolean | { readonly principal: string };

/** A nonce older than this is answered with stale=true, so clients retry without asking the user again. */
const NONCE_LIFETIME_MS = 5 * 60 * 1000;

export class ServerAuthenticator {
  readonly #realm: string;
  readonly #methods: readonly RtspAuthMethod[];
  readonly #secret = randomBytes(32);

  constructor(realm: string, methods: readonly RtspAuthMethod[]) {
    this.#realm = realm;
    this.#methods = methods;
  }

  /** WWW-Authenticate values for a 401 answer. */
  challenges(stale: boolean, nowMs: number): string[] {
    return this.#methods.map((method) =>
      method === 'basic'
        ? writeWwwAuthenticate({ scheme: 'basic', realm: this.#realm })
        : writeWwwAuthenticate({ scheme: 'digest', realm: this.#realm, nonce: this.#nonce(nowMs), algorithm: 'MD5', qop: [], stale }),
    );
  }

  /** Builds the hook's request; `stale` tells the caller to re-challenge with stale=true instead of asking the hook. */
  prepare(method: string, path: string, remoteAddress: string, authorization: string | undefined, nowMs: number): { request: RtspAuthRequest; stale: boolean } {
    const parsed = authorization === undefined ? undefined : parseAuthorization(authorization);
    const allowed = parsed !== undefined && this.#methods.includes(parsed.scheme) ? parsed : undefined;
    const digest = allowed?.scheme === 'digest' ? allowed : undefined;
    const nonceState = digest === undefined ? 'valid' : this.#checkNonce(digest.nonce, nowMs);
    const usable = nonceState === 'valid' && (digest === undefined || digest.realm === this.#realm) ? allowed : undefined;
    const verifyHa1 = (ha1: string): boolean =>
      digest !== undefined &&
      usable !== undefined &&
      sameDigest(digestResponseFromHa1({ algorithm: 'MD5', ha1, method, uri: digest.uri, nonce: digest.nonce, qop: digest.qop, nc: digest.nc, cnonce: digest.cnonce }), digest.response);
    const request: RtspAuthRequest = {
      method,
      path,
      remoteAddress,
      authorization,
      credentials: usable,
      verifyDigestHa1: verifyHa1,
      verifyDigestPassword: (password) => digest !== undefined && verifyHa1(digestHa1('MD5', digest.username, this.#realm, password)),
    };
    return { request, stale: nonceState === 'stale' };
  }

  /**  nonce = <issue time, hex ms> <HMAC(secret, issue time), 24 hex>  — no server-side state to keep.  */
  #nonce(nowMs: number): string {
    const time = Math.floor(nowMs).toString(16).padStart(12, '0');
    return time + this.#mac(time);
  }

  #checkNonce(nonce: string, nowMs: number): 'valid' | 'stale' | 'invalid' {
    const time = nonce.slice(0, 12);
    if (!/^[0-9a-f]{12}$/.test(time) || !sameDigest(this.#mac(time), nonce.slice(12))) return 'invalid';
    return nowMs - Number.parseInt(time, 16) > NONCE_LIFETIME_MS ? 'stale' : 'valid';
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('hex').slice(0, 24);
  }
}
