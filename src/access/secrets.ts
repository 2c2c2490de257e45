// Random bearer secrets (session cookies, CSRF tokens, API tokens) and the hash under which they are stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits of randomness, URL-safe. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Secrets are high-entropy, so a plain SHA-256 suffices to store them (no KDF needed). */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameSecret(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(secretHash(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
