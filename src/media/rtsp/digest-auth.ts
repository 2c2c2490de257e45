// HTTP Digest access authentication as RTSP uses it (RFC 2617 §3.2.2.1; RFC 7616 §3.4.1 for SHA-256).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { DigestAlgorithm } from './headers/www-authenticate.js';

const hash = (algorithm: DigestAlgorithm, text: string): string =>
  createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(text, 'utf8')
    .digest('hex');

export interface DigestInput {
  readonly algorithm: DigestAlgorithm;
  readonly username: string;
  readonly realm: string;
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  /** 'auth' when the challenge offered it; undefined for RFC 2069 mode. */
  readonly qop?: string | undefined;
  readonly nc?: string | undefined;
  readonly cnonce?: string | undefined;
}

/** HA1 = H(username:realm:password), what a server may store instead of the password. */
export function digestHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return hash(algorithm, `${username}:${realm}:${password}`);
}

/** response = H(HA1:nonce[:nc:cnonce:qop]:HA2), HA2 = H(method:uri). */
export function digestResponseFromHa1(input: Omit<DigestInput, 'password' | 'username' | 'realm'> & { readonly ha1: string }): string {
  const ha2 = hash(input.algorithm, `${input.method}:${input.uri}`);
  if (input.qop === undefined) return hash(input.algorithm, `${input.ha1}:${input.nonce}:${ha2}`);
  return hash(input.algorithm, `${input.ha1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:${input.qop}:${ha2}`);
}

export function digestResponse(input: DigestInput): string {
  return digestResponseFromHa1({ ...input, ha1: digestHa1(input.algorithm, input.username, input.realm, input.password) });
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase(), 'utf8');
  const right = Buffer.from(b.toLowerCase(), 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
