// RTSP 1.0 requests and responses (RFC 2326 §6, §7): the parsed shapes, header lookup, and writing them.

export type RtspHeaderList = readonly (readonly [name: string, value: string])[];

export interface RtspRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly url: string;
  readonly headers: RtspHeaderList;
  readonly body: Uint8Array;
}

export interface RtspResponse {
  readonly kind: 'response';
  readonly statusCode: number;
  readonly reason: string;
  readonly headers: RtspHeaderList;
  readonly body: Uint8Array;
}

export type RtspMessage = RtspRequest | RtspResponse;

/** First value of a header, names compared without case. */
export function getHeader(message: { readonly headers: RtspHeaderList }, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of message.headers) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Every value of a header that may repeat (WWW-Authenticate). */
export function getHeaders(message: { readonly headers: RtspHeaderList }, name: string): string[] {
  const wanted = name.toLowerCase();
  return message.headers.filter(([key]) => key.toLowerCase() === wanted).map(([, value]) => value);
}

export type HeaderInput = readonly (readonly [string, string | number])[];

export function writeRequest(method: string, url: string, headers: HeaderInput, body?: Uint8Array | string): Buffer {
  return writeMessage(`${method} ${url} RTSP/1.0`, headers, body);
}

export function writeResponse(statusCode: number, reason: string, headers: HeaderInput, body?: Uint8Array | string): Buffer {
  return writeMessage(`RTSP/1.0 ${statusCode} ${reason}`, headers, body);
}

function writeMessage(startLine: string, headers: HeaderInput, body: Uint8Array | string | undefined): Buffer {
  const bodyBytes = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const lines = [startLine];
  for (const [name, value] of headers) {
    // A header value with a line break would let a caller's input forge headers.
    lines.push(`${name}: ${String(value).replace(/[\r\n]+/g, ' ')}`);
  }
  if (bodyBytes !== undefined && bodyBytes.length > 0) lines.push(`Content-Length: ${bodyBytes.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
  return bodyBytes === undefined || bodyBytes.length === 0 ? head : Buffer.concat([head, bodyBytes]);
}
