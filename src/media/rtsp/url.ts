// rtsp:// URLs (RFC 2326 §3.2): host, port (554 by default) and credentials taken out of the URL sent on the wire.
import { rtspError } from './errors.js';

export interface RtspTarget {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
}

export function parseRtspUrl(text: string): RtspTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw rtspError('VIGIE_RTSP_INVALID_URL', 'not a URL', {}, error);
  }
  if (url.protocol !== 'rtsp:') throw rtspError('VIGIE_RTSP_INVALID_URL', 'only rtsp:// URLs are supported', { protocol: url.protocol });
  const username = url.username === '' ? undefined : decodeComponent(url.username);
  const password = url.password === '' ? undefined : decodeComponent(url.password);
  url.username = '';
  url.password = '';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { url: url.toString(), host, port: url.port === '' ? 554 : Number(url.port), username, password };
}

/** A stray '%' in a password is taken literally rather than failing. */
function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
