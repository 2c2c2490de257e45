// Camera stream URLs (RFC 2326 §3.2 rtsp/rtsps schemes): checked, and any user:password moved out of the URL
// so that URLs can be shown and logged while the credentials are kept encrypted apart.
import type { Credentials } from './model.js';
import type { Read } from './field-values.js';
import { describe } from './field-values.js';

export interface StreamUrl {
  /** The URL without user information. */
  readonly url: string;
  /** Credentials that were written into the URL, if any. */
  readonly credentials?: Credentials;
}

const MAX_URL_LENGTH = 2048;

export function readStreamUrl(value: unknown): Read<StreamUrl> {
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, message: `must be an rtsp:// or rtsps:// URL (got ${describe(value)})` };
  const text = value.trim();
  if (text.length > MAX_URL_LENGTH) return { ok: false, message: `must be at most ${MAX_URL_LENGTH} characters` };
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { ok: false, message: `is not a valid URL (got ${describe(redact(text))})` };
  }
  if (parsed.protocol !== 'rtsp:' && parsed.protocol !== 'rtsps:') {
    return { ok: false, message: `must use rtsp:// or rtsps:// (got ${parsed.protocol}//)` };
  }
  if (parsed.hostname === '') return { ok: false, message: 'must name a host' };
  if (parsed.port !== '' && Number(parsed.port) === 0) return { ok: false, message: 'port must be between 1 and 65535' };
  const username = decodeUserInfo(parsed.username);
  const password = decodeUserInfo(parsed.password);
  if (username === undefined || password === undefined) return { ok: false, message: 'has a malformed %-escape in its user:password part' };
  parsed.username = '';
  parsed.password = '';
  const url = parsed.toString();
  return { ok: true, value: username === '' ? { url } : { url, credentials: { username, password } } };
}

function decodeUserInfo(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** For messages: never echo a password written into a URL. */
function redact(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//***@');
}
