// SDP session description (RFC 8866 §5): session and media sections with their attributes, rtpmap and fmtp.
import { sdpError } from './errors.js';

export interface SdpAttribute {
  readonly name: string;
  /** Text after the first colon; undefined for a flag attribute such as `a=recvonly`. */
  readonly value: string | undefined;
}

export interface SdpRtpMap {
  readonly payloadType: number;
  /** Encoding name as written, e.g. `H264`, `H265`, `MPEG4-GENERIC`. */
  readonly encoding: string;
  readonly clockRate: number;
  readonly channels?: number;
}

export interface SdpMedia {
  /** `video`, `audio`, `application` … */
  readonly kind: string;
  readonly port: number;
  readonly protocol: string;
  readonly formats: readonly number[];
  readonly attributes: readonly SdpAttribute[];
  readonly rtpMaps: ReadonlyMap<number, SdpRtpMap>;
  /** fmtp parameters per payload type, names lower-cased. */
  readonly fmtp: ReadonlyMap<number, ReadonlyMap<string, string>>;
  readonly control: string | undefined;
}

export interface SessionDescription {
  readonly origin: string | undefined;
  readonly sessionName: string | undefined;
  readonly attributes: readonly SdpAttribute[];
  readonly control: string | undefined;
  readonly media: readonly SdpMedia[];
}

/** Cameras send a few hundred bytes; 64 KiB and 64 media sections are far beyond any real description. */
export const MAX_SDP_BYTES = 64 * 1024;
const MAX_MEDIA_SECTIONS = 64;

interface MediaDraft {
  kind: string;
  port: number;
  protocol: string;
  formats: number[];
  attributes: SdpAttribute[];
}

export function parseSdp(text: string): SessionDescription {
  if (text.length > MAX_SDP_BYTES) throw sdpError('SDP larger than 64 KiB', { length: text.length });
  const session: SdpAttribute[] = [];
  const drafts: MediaDraft[] = [];
  let origin: string | undefined;
  let sessionName: string | undefined;
  let sawVersion = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.length < 2 || line[1] !== '=') throw sdpError('SDP line is not <type>=<value>', { line: line.slice(0, 80) });
    const type = line[0];
    const value = line.slice(2);
    const current = drafts[drafts.length - 1];
    if (type === 'v') sawVersion = true;
    else if (type === 'o' && current === undefined) origin = value;
    else if (type === 's' && current === undefined) sessionName = value;
    else if (type === 'm') {
      if (drafts.length >= MAX_MEDIA_SECTIONS) throw sdpError('too many SDP media sections');
      drafts.push(parseMediaLine(value));
    } else if (type === 'a') (current?.attributes ?? session).push(parseAttribute(value));
  }
  if (!sawVersion) throw sdpError('SDP has no v= line');
  return {
    origin,
    sessionName,
    attributes: session,
    control: findAttribute(session, 'control'),
    media: drafts.map(finishMedia),
  };
}

export function findAttribute(attributes: readonly SdpAttribute[], name: string): string | undefined {
  return attributes.find((attribute) => attribute.name === name)?.value;
}

function parseMediaLine(value: string): MediaDraft {
  const [kind, portText, protocol, ...formats] = value.split(/\s+/);
  const port = Number.parseInt(portText ?? '', 10);
  if (kind === undefined || protocol === undefined || !Number.isFinite(port)) throw sdpError('malformed m= line', { line: value.slice(0, 80) });
  return {
    kind,
    port,
    protocol,
    formats: formats.map((format) => Number.parseInt(format, 10)).filter((format) => Number.isInteger(format) && format >= 0 && format < 128),
    attributes: [],
  };
}

function parseAttribute(value: string): SdpAttribute {
  const colon = value.indexOf(':');
  return colon < 0 ? { name: value, value: undefined } : { name: value.slice(0, colon), value: value.slice(colon + 1).trim() };
}

function finishMedia(draft: MediaDraft): SdpMedia {
  const rtpMaps = new Map<number, SdpRtpMap>();
  const fmtp = new Map<number, ReadonlyMap<string, string>>();
  for (const attribute of draft.attributes) {
    if (attribute.value === undefined) continue;
    if (attribute.name === 'rtpmap') {
      const rtpMap = parseRtpMap(attribute.value);
      if (rtpMap !== undefined) rtpMaps.set(rtpMap.payloadType, rtpMap);
    } else if (attribute.name === 'fmtp') {
      const match = /^(\d+)\s+(.*)$/.exec(attribute.value);
      if (match !== null) fmtp.set(Number(match[1]), parseFmtpParameters(match[2] ?? ''));
    }
  }
  return { ...draft, rtpMaps, fmtp, control: findAttribute(draft.attributes, 'control') };
}

/**  <payload type> <encoding name>/<clock rate>[/<channels>]  */
function parseRtpMap(value: string): SdpRtpMap | undefined {
  const match = /^(\d+)\s+([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(value);
  if (match === null) return undefined;
  const base = { payloadType: Number(match[1]), encoding: match[2] ?? '', clockRate: Number(match[3]) };
  return match[4] === undefined ? base : { ...base, channels: Number(match[4]) };
}

/**  name=value; name=value …  (values may contain '=', as base64 does)  */
function parseFmtpParameters(text: string): ReadonlyMap<string, string> {
  const parameters = new Map<string, string>();
  for (const part of text.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    if (equals < 0) parameters.set(trimmed.toLowerCase(), '');
    else parameters.set(trimmed.slice(0, equals).trim().toLowerCase(), trimmed.slice(equals + 1).trim());
  }
  return parameters;
}
