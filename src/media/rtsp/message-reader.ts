// Incremental reader for an RTSP TCP stream (RFC 2326 §4, §10.12): requests, responses and '$' interleaved frames
// as they arrive, with ceilings on header and body sizes.
import { rtspError } from './errors.js';
import { INTERLEAVED_HEADER_SIZE, type InterleavedFrame } from './interleaved-frame.js';
import type { RtspMessage } from './message.js';

export type RtspStreamItem = RtspMessage | InterleavedFrame;

/**
 * Real replies carry headers of a few hundred bytes; 16 KiB leaves room for long Digest challenges and RTP-Info
 * lists. Bodies are SDP (a few KiB) or GET_PARAMETER text; 256 KiB is far beyond both.
 */
export const MAX_HEADER_BYTES = 16 * 1024;
export const MAX_BODY_BYTES = 256 * 1024;
const MAX_HEADER_LINES = 128;

const EMPTY = new Uint8Array(0);
const latin1 = new TextDecoder('latin1');

export class RtspMessageReader {
  #buffer: Uint8Array = EMPTY;
  #offset = 0;
  /** The rest of a chunk, read in place once the frame joined across two chunks has been returned. */
  #queued: Uint8Array | undefined;

  /** Bytes received but not yet returned by `next()`. */
  get pendingBytes(): number {
    return this.#buffer.length - this.#offset + (this.#queued?.length ?? 0);
  }

  /**
   * Appends a received chunk. Views returned earlier stay valid: old buffers are never written to again. An
   * interleaved frame split across chunks is joined alone; the rest of the new chunk is not copied.
   */
  push(chunk: Uint8Array): void {
    if (this.#queued !== undefined) {
      this.#queued = concat(this.#queued, chunk);
      return;
    }
    if (this.#offset >= this.#buffer.length) {
      this.#buffer = chunk;
      this.#offset = 0;
      return;
    }
    const rest = this.#buffer.subarray(this.#offset);
    const missing = missingFrameBytes(rest);
    if (missing !== undefined && missing > 0 && missing < chunk.length) {
      this.#buffer = concat(rest, chunk.subarray(0, missing));
      this.#queued = chunk.subarray(missing);
    } else {
      this.#buffer = concat(rest, chunk);
    }
    this.#offset = 0;
  }

  /** The next whole item, or undefined when more bytes are needed. Throws a VigieError on malformed input. */
  next(): RtspStreamItem | undefined {
    if (this.#offset >= this.#buffer.length && this.#queued !== undefined) {
      this.#buffer = this.#queued;
      this.#offset = 0;
      this.#queued = undefined;
    }
    const buffer = this.#buffer;
    const start = this.#offset;
    if (start >= buffer.length) return undefined;
    if (buffer[start] === 0x24) return this.#nextInterleaved(buffer, start);
    const headerEnd = findHeaderEnd(buffer, start);
    if (headerEnd === undefined) {
      if (buffer.length - start > MAX_HEADER_BYTES) {
        throw rtspError('VIGIE_RTSP_MESSAGE_TOO_LARGE', 'RTSP header section larger than 16 KiB', { bytes: buffer.length - start });
      }
      return undefined;
    }
    if (headerEnd.textEnd - start > MAX_HEADER_BYTES) {
      throw rtspError('VIGIE_RTSP_MESSAGE_TOO_LARGE', 'RTSP header section larger than 16 KiB', { bytes: headerEnd.textEnd - start });
    }
    const head = parseHead(latin1.decode(buffer.subarray(start, headerEnd.textEnd)));
    const lengthText = head.headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1];
    const bodyLength = lengthText === undefined ? 0 : Number(lengthText);
    if (!Number.isInteger(bodyLength) || bodyLength < 0) throw rtspError('VIGIE_RTSP_MALFORMED', 'invalid Content-Length', { value: lengthText });
    if (bodyLength > MAX_BODY_BYTES) throw rtspError('VIGIE_RTSP_MESSAGE_TOO_LARGE', 'RTSP body larger than 256 KiB', { bodyLength });
    const bodyStart = headerEnd.bodyStart;
    if (buffer.length < bodyStart + bodyLength) return undefined;
    this.#offset = bodyStart + bodyLength;
    const body = buffer.subarray(bodyStart, bodyStart + bodyLength);
    if (head.kind === 'request') return { kind: 'request', method: head.method, url: head.url, headers: head.headers, body };
    return { kind: 'response', statusCode: head.statusCode, reason: head.reason, headers: head.headers, body };
  }

  #nextInterleaved(buffer: Uint8Array, start: number): InterleavedFrame | undefined {
    if (buffer.length - start < INTERLEAVED_HEADER_SIZE) return undefined;
    const length = ((buffer[start + 2] ?? 0) << 8) | (buffer[start + 3] ?? 0);
    const end = start + INTERLEAVED_HEADER_SIZE + length;
    if (buffer.length < end) return undefined;
    this.#offset = end;
    return { kind: 'interleaved', channel: buffer[start + 1] ?? 0, payload: buffer.subarray(start + INTERLEAVED_HEADER_SIZE, end) };
  }
}

/** Bytes still missing from an interleaved frame whose 4-byte header has come; undefined otherwise. */
function missingFrameBytes(rest: Uint8Array): number | undefined {
  if (rest[0] !== 0x24 || rest.length < INTERLEAVED_HEADER_SIZE) return undefined;
  return INTERLEAVED_HEADER_SIZE + (((rest[2] ?? 0) << 8) | (rest[3] ?? 0)) - rest.length;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/** Finds CRLFCRLF (or a bare LFLF from sloppy cameras). */
function findHeaderEnd(buffer: Uint8Array, start: number): { textEnd: number; bodyStart: number } | undefined {
  const limit = Math.min(buffer.length, start + MAX_HEADER_BYTES + 4);
  for (let i = start; i + 1 < limit; i += 1) {
    if (buffer[i] !== 0x0a) continue;
    if (buffer[i + 1] === 0x0a) return { textEnd: i, bodyStart: i + 2 };
    if (buffer[i + 1] === 0x0d && buffer[i + 2] === 0x0a) return { textEnd: i, bodyStart: i + 3 };
  }
  return undefined;
}

type Head =
  | { readonly kind: 'request'; readonly method: string; readonly url: string; readonly headers: [string, string][] }
  | { readonly kind: 'response'; readonly statusCode: number; readonly reason: string; readonly headers: [string, string][] };

function parseHead(text: string): Head {
  const lines = text.replace(/\r$/, '').split(/\r?\n/);
  if (lines.length > MAX_HEADER_LINES) throw rtspError('VIGIE_RTSP_MESSAGE_TOO_LARGE', 'too many RTSP header lines', { lines: lines.length });
  const startLine = lines[0] ?? '';
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const last = headers[headers.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw rtspError('VIGIE_RTSP_MALFORMED', 'RTSP header line without a name', { line: line.slice(0, 80) });
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  const response = /^RTSP\/(\d)\.(\d)\s+(\d{3})(?:\s+(.*))?$/.exec(startLine);
  if (response !== null) return { kind: 'response', statusCode: Number(response[3]), reason: response[4] ?? '', headers };
  const request = /^([A-Z_]{1,32})\s+(\S{1,4096})\s+RTSP\/\d\.\d$/.exec(startLine);
  if (request !== null) return { kind: 'request', method: request[1] ?? '', url: request[2] ?? '', headers };
  throw rtspError('VIGIE_RTSP_MALFORMED', 'not an RTSP start line', { line: startLine.slice(0, 80) });
}
