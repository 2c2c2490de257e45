// WWW-Authenticate challenges (RFC 2617 §1.2, §3.2.1; RFC 7616 §3.3): Basic and Digest.
import { parseAuthParams, quote } from './auth-params.js';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

export type AuthChallenge =
  | { readonly scheme: 'basic'; readonly realm: string }
  | {
      readonly scheme: 'digest';
      readonly realm: string;
      readonly nonce: string;
      readonly opaque?: string;
      readonly algorithm: DigestAlgorithm;
      /** Offered qop values; empty for the RFC 2069 compatibility mode. */
      readonly qop: readonly string[];
      readonly stale: boolean;
    };

/** Undefined for schemes Vigie does not speak (or a Digest challenge with an unknown algorithm). */
export function parseWwwAuthenticate(value: string): AuthChallenge | undefined {
  const { scheme, params } = parseAuthParams(value);
  const realm = params.get('realm') ?? '';
  if (scheme.toLowerCase() === 'basic') return { scheme: 'basic', realm };
  if (scheme.toLowerCase() !== 'digest') return undefined;
  const nonce = params.get('nonce');
  const algorithmText = (params.get('algorithm') ?? 'MD5').toUpperCase();
  const algorithm: DigestAlgorithm | undefined = algorithmText === 'MD5' ? 'MD5' : algorithmText === 'SHA-256' ? 'SHA-256' : undefined;
  if (nonce === undefined || algorithm === undefined) return undefined;
  const qop = (params.get('qop') ?? '')
    .split(',')
    .map((q) => q.trim())
    .filter((q) => q !== '');
  const opaque = params.get('opaque');
  const challenge = { scheme: 'digest' as const, realm, nonce, algorithm, qop, stale: params.get('stale')?.toLowerCase() === 'true' };
  return opaque === undefined ? challenge : { ...challenge, opaque };
}

export function writeWwwAuthenticate(challenge: AuthChallenge): string {
  if (challenge.scheme === 'basic') return `Basic realm=${quote(challenge.realm)}`;
  const parts = [`realm=${quote(challenge.realm)}`, `nonce=${quote(challenge.nonce)}`, `algorithm=${challenge.algorithm}`];
  if (challenge.qop.length > 0) parts.push(`qop=${quote(challenge.qop.join(','))}`);
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (challenge.stale) parts.push('stale=true');
  return `Digest ${parts.join(', ')}`;
}
