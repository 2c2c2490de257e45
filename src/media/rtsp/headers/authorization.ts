// Authorization credentials (RFC 2617 §2 Basic, §3.2.2 Digest; RFC 7616 §3.4): parse on the server, write on the client.
import { parseAuthParams, quote } from './auth-params.js';

export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: string;
  readonly qop: string | undefined;
  readonly nc: string | undefined;
  readonly cnonce: string | undefined;
  readonly opaque: string | undefined;
}

export type Credentials = { readonly scheme: 'basic'; readonly username: string; readonly password: string } | ({ readonly scheme: 'digest' } & DigestCredentials);

export function parseAuthorization(value: string): Credentials | undefined {
  const { scheme, params, token } = parseAuthParams(value);
  if (scheme.toLowerCase() === 'basic') {
    if (token === undefined) return undefined;
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (scheme.toLowerCase() !== 'digest') return undefined;
  const username = params.get('username');
  const nonce = params.get('nonce');
  const uri = params.get('uri');
  const response = params.get('response');
  if (username === undefined || nonce === undefined || uri === undefined || response === undefined) return undefined;
  return {
    scheme: 'digest',
    username,
    realm: params.get('realm') ?? '',
    nonce,
    uri,
    response,
    algorithm: params.get('algorithm') ?? 'MD5',
    qop: params.get('qop'),
    nc: params.get('nc'),
    cnonce: params.get('cnonce'),
    opaque: params.get('opaque'),
  };
}

export function writeBasicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export function writeDigestAuthorization(credentials: DigestCredentials): string {
  const parts = [
    `username=${quote(credentials.username)}`,
    `realm=${quote(credentials.realm)}`,
    `nonce=${quote(credentials.nonce)}`,
    `uri=${quote(credentials.uri)}`,
    `response=${quote(credentials.response)}`,
  ];
  if (credentials.algorithm !== 'MD5') parts.push(`algorithm=${credentials.algorithm}`);
  if (credentials.qop !== undefined) parts.push(`qop=${credentials.qop}`, `nc=${credentials.nc ?? '00000001'}`, `cnonce=${quote(credentials.cnonce ?? '')}`);
  if (credentials.opaque !== undefined) parts.push(`opaque=${quote(credentials.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}
