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
/** The carry starts small (an RTP packet is ~1.5 KB) and grows to the largest item split across two chunks. */
const INITIAL_CARRY_BYTES = 4096;

/**
 * Reads items in place from each pushed chunk; only an item split across chunks is copied, into a carry buffer the
 * reader owns. So the caller may reuse its receive buffer once `next()` has returned undefined, and an interleaved
 * payload is a view that is valid until the next call to `next()` or `push()`: consume or copy it at once.
 * Message bodies are copies.
 */
export class RtspMessageReader {
  #chunk: Uint8Array = EMPTY;
  #offset = 0;
  #carry: Uint8Array = EMPTY;
  #carryStart = 0;
  #carryEnd = 0;
  /** Where the item `#read` returned last ends (a field rather than a wrapper object: this runs per packet). */
  #itemEnd = 0;

  /** Bytes received but not yet returned by `next()`. */
  get pendingBytes(): number {
    return this.#carryEnd - this.#carryStart + this.#chunk.length - this.#offset;
  }

  /** Hands the reader the next received chunk; call `next()` until it returns undefined before pushing again. */
  push(chunk: Uint8Array): void {
    this.#keepRestOfChunk();
    this.#chunk = chunk;
    this.#offset = 0;
  }

  /** The next whole item, or undefined when more bytes are needed. Throws a VigieError on malformed input. */
  next(): RtspStreamItem | undefined {
    while (this.#carryEnd > this.#carryStart) {
      const item = this.#readFromCarry();
      if (item !== undefined) return item;
      if (!this.#feedCarry()) return undefined;
    }
    const item = this.#chunk.length > this.#offset ? this.#read(this.#chunk, this.#offset) : undefined;
    if (item === undefined) {
      this.#keepRestOfChunk();
      return undefined;
    }
    this.#offset = this.#itemEnd;
    return item;
  }

  #readFromCarry(): RtspStreamItem | undefined {
    const item = this.#read(this.#carry.subarray(0, this.#carryEnd), this.#carryStart);
    if (item !== undefined) this.#carryStart = this.#itemEnd;
    return item;
  }

  /**
   * Moves chunk bytes into the carry to complete its item: exactly the missing bytes of an interleaved frame
   * (the rest of the chunk is then read in place), everything for a message (rare: replies and keepalives).
   * False when the chunk is used up.
   */
  #feedCarry(): boolean {
    const available = this.#chunk.length - this.#offset;
    if (available <= 0) return false;
    const carried = this.#carry.subarray(this.#carryStart, this.#carryEnd);
    const missing = carried[0] === 0x24 ? (missingFrameBytes(carried) ?? INTERLEAVED_HEADER_SIZE - carried.length) : available;
    const take = Math.min(missing, available);
    this.#appendToCarry(this.#chunk.subarray(this.#offset, this.#offset + take));
    this.#offset += take;
    return true;
  }

  #keepRestOfChunk(): void {
    if (this.#chunk.length > this.#offset) this.#appendToCarry(this.#chunk.subarray(this.#offset));
    this.#chunk = EMPTY;
    this.#offset = 0;
  }

  #appendToCarry(bytes: Uint8Array): void {
    const kept = this.#carryEnd - this.#carryStart;
    if (kept + bytes.length > this.#carry.length) {
      const grown = new Uint8Array(Math.max(INITIAL_CARRY_BYTES, 2 * (kept + bytes.length)));
      grown.set(this.#carry.subarray(this.#carryStart, this.#carryEnd), 0);
      this.#carry = grown;
    } else if (this.#carryStart > 0) {
      this.#carry.copyWithin(0, this.#carryStart, this.#carryEnd);
    }
    this.#carry.set(bytes, kept);
    this.#carryStart = 0;
    this.#carryEnd = kept + bytes.length;
  }

  /** One item of `buffer` at `start` (its end in `#itemEnd`); undefined when it is not whole yet. */
  #read(buffer: Uint8Array, start: number): RtspStreamItem | undefined {
    if (buffer[start] === 0x24) {
      if (buffer.length - start < INTERLEAVED_HEADER_SIZE) return undefined;
      const end = start + INTERLEAVED_HEADER_SIZE + (((buffer[start + 2] ?? 0) << 8) | (buffer[start + 3] ?? 0));
      if (buffer.length < end) return undefined;
      this.#itemEnd = end;
      return { kind: 'interleaved', channel: buffer[start + 1] ?? 0, payload: buffer.subarray(start + INTERLEAVED_HEADER_SIZE, end) };
    }
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
    const end = bodyStart + bodyLength;
    if (buffer.length < end) return undefined;
    const body = new Uint8Array(buffer.subarray(bodyStart, end)); // a copy (Buffer#slice would be a view)
    this.#itemEnd = end;
    if (head.kind === 'request') return { kind: 'request', method: head.method, url: head.url, headers: head.headers, body };
    return { kind: 'response', statusCode: head.statusCode, reason: head.reason, headers: head.headers, body };
  }
}

/** Bytes still missing from an interleaved frame whose 4-byte header has come; undefined otherwise. */
function missingFrameBytes(rest: Uint8Array): number | undefined {
  if (rest[0] !== 0x24 || rest.length < INTERLEAVED_HEADER_SIZE) return undefined;
  return INTERLEAVED_HEADER_SIZE + (((rest[2] ?? 0) << 8) | (rest[3] ?? 0)) - rest.length;
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
