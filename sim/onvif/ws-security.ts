// WS-Security UsernameToken check (OASIS UsernameToken Profile 1.0 §3.1; ONVIF Core §5.12.2):
// PasswordDigest = Base64(SHA-1(nonce + created + password)), with Created close to the device clock.
import { createHash, timingSafeEqual } from 'node:crypto';
import { elementAttributes, elementText, SoapFault } from './soap.js';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

const MAX_CLOCK_SKEW_MS = 5 * 60_000;

function notAuthorized(reason: string): SoapFault {
  return new SoapFault('Sender', 'NotAuthorized', `Sender not authorized: ${reason}`);
}

/** Throws a NotAuthorized fault unless the request's UsernameToken matches the credentials. */
export function verifyUsernameToken(xml: string, expected: Credentials, nowMs: number): void {
  const token = /<(?:[\w.-]+:)?UsernameToken\b[\s\S]*?<\/(?:[\w.-]+:)?UsernameToken>/.exec(xml)?.[0];
  if (token === undefined) throw notAuthorized('no UsernameToken');
  const username = elementText(token, 'Username');
  const password = elementText(token, 'Password') ?? '';
  const type = elementAttributes(token, 'Password')?.['Type'] ?? '';
  if (username !== expected.username) throw notAuthorized('unknown user');
  if (type.endsWith('#PasswordText')) {
    if (!sameText(password, expected.password)) throw notAuthorized('wrong password');
    return;
  }
  const nonce = elementText(token, 'Nonce') ?? '';
  const created = elementText(token, 'Created') ?? '';
  const createdMs = Date.parse(created);
  if (!Number.isFinite(createdMs) || Math.abs(createdMs - nowMs) > MAX_CLOCK_SKEW_MS) throw notAuthorized('Created out of range');
  const digest = createHash('sha1')
    .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created, 'utf8'), Buffer.from(expected.password, 'utf8')]))
    .digest('base64');
  if (!sameText(password, digest)) throw notAuthorized('wrong password');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
