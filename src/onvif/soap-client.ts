// SOAP 1.2 over HTTP for ONVIF: one request per call, a WS-Security UsernameToken with PasswordDigest
// (OASIS UsernameToken Profile 1.0 §3.1, ONVIF Core §5.12.2) computed on the device's clock, and the answer
// turned into an XML tree or a VigieError with a French message (never the device's own text or the password).
import { createHash, randomBytes } from 'node:crypto';
import { VigieError } from '../core/errors.js';
import { escapeXml, find, parseXml, textOf, XmlError, type XmlElement } from './xml.js';

export interface OnvifCredentials {
  readonly username: string;
  readonly password: string;
}

const NAMESPACES =
  'xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" ' +
  'xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tr2="http://www.onvif.org/ver20/media/wsdl" xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl"';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const BASE64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

/** The UsernameToken header: PasswordDigest = Base64(SHA-1(nonce + created + password)). */
export function usernameToken(credentials: OnvifCredentials, createdMs: number, nonce: Buffer = randomBytes(16)): string {
  const created = new Date(createdMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const digest = createHash('sha1')
    .update(Buffer.concat([nonce, Buffer.from(created, 'utf8'), Buffer.from(credentials.password, 'utf8')]))
    .digest('base64');
  return (
    `<wsse:Security s:mustUnderstand="1" xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}"><wsse:UsernameToken>` +
    `<wsse:Username>${escapeXml(credentials.username)}</wsse:Username><wsse:Password Type="${DIGEST}">${digest}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${BASE64}">${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created>` +
    '</wsse:UsernameToken></wsse:Security>'
  );
}

export function soapRequest(body: string, header = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope ${NAMESPACES}><s:Header>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

export interface SoapCallOptions {
  readonly url: string;
  readonly body: string;
  readonly credentials?: OnvifCredentials | undefined;
  /** Device clock minus ours, so Created falls within the device's tolerance. */
  readonly clockOffsetMs?: number;
  readonly timeoutMs: number;
}

/** Where the device is, for messages: scheme, host and port only. */
export function deviceLabel(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Posts one SOAP request; returns the Body's first element, or throws a VigieError. */
export async function soapCall(options: SoapCallOptions): Promise<XmlElement> {
  const header = options.credentials === undefined ? '' : usernameToken(options.credentials, Date.now() + (options.clockOffsetMs ?? 0));
  const where = deviceLabel(options.url);
  let response: Response;
  let text: string;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest(options.body, header),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    throw new VigieError('VIGIE_ONVIF_UNREACHABLE', `La caméra ONVIF ${where} ne répond pas (connexion refusée, hôte injoignable ou délai de ${Math.round(options.timeoutMs / 1000)} s dépassé).`, {
      status: 502,
      context: { device: where },
      cause: error,
    });
  }
  if (response.status === 401) throw authError(where);
  let envelope: XmlElement;
  try {
    envelope = parseXml(text);
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    throw badResponse(where, `HTTP ${response.status}, XML illisible`);
  }
  const body = find(envelope, 'Body');
  if (envelope.name !== 'Envelope' || body === undefined) throw badResponse(where, 'pas une enveloppe SOAP');
  const fault = find(body, 'Fault');
  if (fault !== undefined) {
    const subcodes = (find(fault, 'Subcode') === undefined ? [] : collectValues(find(fault, 'Subcode'))).map((v) => v.slice(v.indexOf(':') + 1));
    const subcode = subcodes.at(-1) ?? textOf(fault, 'Value')?.replace(/^.*:/, '') ?? 'inconnu';
    if (subcodes.includes('NotAuthorized') || subcodes.includes('FailedAuthentication')) throw authError(where);
    throw new VigieError('VIGIE_ONVIF_FAULT', `La caméra ONVIF ${where} a refusé la commande (erreur SOAP « ${subcode} »).`, { status: 502, context: { device: where, subcode } });
  }
  if (response.status >= 400) throw badResponse(where, `HTTP ${response.status}`);
  const first = body.children[0];
  if (first === undefined) throw badResponse(where, 'corps SOAP vide');
  return first;
}

function collectValues(element: XmlElement | undefined): string[] {
  if (element === undefined) return [];
  return [...(element.name === 'Value' ? [element.text] : []), ...element.children.flatMap(collectValues)];
}

function authError(where: string): VigieError {
  return new VigieError('VIGIE_ONVIF_AUTH', `La caméra ONVIF ${where} refuse l'identifiant ou le mot de passe.`, { status: 502, context: { device: where } });
}

function badResponse(where: string, why: string): VigieError {
  return new VigieError('VIGIE_ONVIF_BAD_RESPONSE', `La caméra ONVIF ${where} a répondu de façon incompréhensible (${why}).`, { status: 502, context: { device: where, why } });
}
