// The TOTP second factor (RFC 6238, 30 s steps, 6 digits, SHA-1 as authenticator apps expect) with the
// otpauth library: secrets for enrolment with their otpauth:// URI and QR code (SVG drawn on the server, so the
// secret never reaches a third-party service), and code checks with one step of clock drift either way.
// The secret is stored sealed with the credentials key, bound to the account id.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Config } from '../config/schema.js';
import { ROLE_ACTIONS } from './policy.js';
import { VIDEO_ACTIONS, type Role } from './actions.js';

const ISSUER = 'Vigie';
const CODE = /^\d{6}$/;

export type SecondFactorSetting = Config['access']['secondFactor'];

/** What a sealed secret needs: the same envelope as camera credentials. */
export interface SecretSealer {
  seal(credentials: { username: string; password: string }, boundTo: string): string;
  open(envelope: string, boundTo: string): { username: string; password: string };
}

export interface Enrolment {
  /** Base32, for typing into an app by hand; shown during enrolment only. */
  readonly secret: string;
  readonly uri: string;
  readonly qrSvg: string;
}

function totp(username: string, secret: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export async function newEnrolment(username: string): Promise<Enrolment> {
  const secret = new Secret({ size: 20 }).base32;
  const uri = totp(username, secret).toString();
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) };
}

/** Whether `code` is the secret's code now (or one step before or after). A malformed code is simply wrong. */
export function codeMatches(secret: string, code: string, nowMs: number): boolean {
  if (!CODE.test(code)) return false;
  try {
    return totp('', secret).validate({ token: code, timestamp: nowMs, window: 1 }) !== null;
  } catch {
    return false;
  }
}

export const sealSecret = (sealer: SecretSealer, userId: string, secret: string): string => sealer.seal({ username: 'totp', password: secret }, `user:${userId}`);
export const openSecret = (sealer: SecretSealer, userId: string, sealed: string): string => sealer.open(sealed, `user:${userId}`).password;

/** Roles that see video: with `required-for-video` they must have a second factor before anything else. */
export function seesVideo(role: Role): boolean {
  return ROLE_ACTIONS[role].some((action) => (VIDEO_ACTIONS as readonly string[]).includes(action));
}

export function secondFactorRequired(setting: SecondFactorSetting, role: Role): boolean {
  return setting === 'required-for-video' && seesVideo(role);
}
