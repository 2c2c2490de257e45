// The simulator's HTTP port: ONVIF SOAP services and JPEG snapshots of the PTZ cameras under
// /onvif/cam<N>/…, and fault injection under POST /sim/cam<N>/fault {"kind": …} and /sim/cam<N>/restore.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isVigieError } from '../src/core/errors.js';
import type { Logger } from '../src/core/logger.js';
import { parseFaultKind, type FaultKind } from './faults.js';
import type { OnvifDeviceContext } from './onvif/device-context.js';
import { deviceAction } from './onvif/device-service.js';
import { mediaAction } from './onvif/media-service.js';
import { media2Action } from './onvif/media2-service.js';
import { ptzAction } from './onvif/ptz-service.js';
import { soapAction, soapEnvelope, SoapFault } from './onvif/soap.js';
import { verifyUsernameToken, type Credentials } from './onvif/ws-security.js';

const MAX_BODY_BYTES = 64 * 1024;

export interface ControlTarget {
  /** The ONVIF view of a PTZ camera, or undefined when the camera has no ONVIF service. */
  onvifDevice(camera: number, baseUrl: string): OnvifDeviceContext | undefined;
  snapshot(camera: number): Promise<Buffer> | undefined;
  fault(camera: number, kind: FaultKind): void;
  restore(camera: number): void;
}

export async function startControlServer(options: {
  host: string;
  port: number;
  target: ControlTarget;
  credentials?: Credentials | undefined;
  logger: Logger;
}): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      options.logger.warn({ err: error, url: request.url }, 'simulator control request failed');
      if (!response.headersSent) reply(response, 500, 'text/plain', 'internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, options: { target: ControlTarget; credentials?: Credentials | undefined }): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://simulator');
  const onvif = /^\/onvif\/cam(\d+)\/([\w.]+)$/.exec(url.pathname);
  const control = /^\/sim\/cam(\d+)\/(fault|restore)$/.exec(url.pathname);
  if (onvif !== null && request.method === 'GET' && onvif[2] === 'snapshot.jpg') {
    if (options.credentials !== undefined && !basicAuthorized(request, options.credentials)) {
      response.setHeader('WWW-Authenticate', 'Basic realm="vigie-sim"');
      return reply(response, 401, 'text/plain', 'unauthorized');
    }
    const jpeg = options.target.snapshot(Number(onvif[1]));
    if (jpeg === undefined) return reply(response, 404, 'text/plain', 'no such camera');
    return reply(response, 200, 'image/jpeg', await jpeg);
  }
  if (onvif !== null && request.method === 'POST') {
    const base = `http://${request.headers.host ?? 'localhost'}/onvif/cam${onvif[1]}`;
    const device = options.target.onvifDevice(Number(onvif[1]), base);
    if (device === undefined) return reply(response, 404, 'text/plain', 'no ONVIF device at this path');
    const [status, xml] = soap(await readBody(request), device, options.credentials);
    return reply(response, status, 'application/soap+xml; charset=utf-8', xml);
  }
  if (control !== null && request.method === 'POST') {
    const camera = Number(control[1]);
    try {
      if (control[2] === 'restore') options.target.restore(camera);
      else options.target.fault(camera, parseFaultKind(url.searchParams.get('kind') ?? kindFromJson(await readBody(request))));
      return reply(response, 200, 'application/json', JSON.stringify({ camera, [control[2] === 'restore' ? 'restored' : 'fault']: true }));
    } catch (error) {
      if (!isVigieError(error)) throw error;
      return reply(response, error.status, 'application/json', JSON.stringify({ code: error.code, message: error.message }));
    }
  }
  reply(response, 404, 'text/plain', 'not found');
}

function soap(xml: string, device: OnvifDeviceContext, credentials: Credentials | undefined): [number, string] {
  const now = Date.now();
  try {
    const action = soapAction(xml);
    if (action === undefined) throw new SoapFault('Sender', 'InvalidArgs', 'not a SOAP request');
    // The clock is public so that clients can compute their UsernameToken (ONVIF Core §5.9.4).
    if (credentials !== undefined && action !== 'GetSystemDateAndTime') verifyUsernameToken(xml, credentials, now);
    const body = deviceAction(action, device, now) ?? mediaAction(action, xml, device) ?? media2Action(action, xml, device) ?? ptzAction(action, xml, device, now);
    if (body === undefined) throw new SoapFault('Receiver', 'ActionNotSupported', `${action} is not supported`);
    return [200, soapEnvelope(body)];
  } catch (error) {
    if (error instanceof SoapFault) return [error.httpStatus, error.toXml()];
    throw error;
  }
}

function kindFromJson(body: string): unknown {
  try {
    return (JSON.parse(body) as { kind?: unknown }).kind;
  } catch {
    return undefined;
  }
}

function basicAuthorized(request: IncomingMessage, credentials: Credentials): boolean {
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${credentials.username}:${credentials.password}`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}
