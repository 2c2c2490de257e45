// Just enough SOAP 1.2 (W3C SOAP 1.2 Part 1) for the ONVIF simulator: read the action and a few elements
// and attributes of a request by local name (prefixes vary between clients), and write envelopes and faults.
const NAME_PREFIX = '(?:[\\w.-]+:)?';

/** Local name of the first element inside Body, e.g. "GetProfiles". */
export function soapAction(xml: string): string | undefined {
  return new RegExp(`<${NAME_PREFIX}Body\\b[^>]*>\\s*<${NAME_PREFIX}([\\w]+)`).exec(xml)?.[1];
}

/** Inner XML of the first element with this local name. */
export function elementInner(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${NAME_PREFIX}${name}\\b[^>]*?(?:/>|>([\\s\\S]*?)</${NAME_PREFIX}${name}>)`).exec(xml);
  return match === null ? undefined : (match[1] ?? '');
}

export function elementText(xml: string, name: string): string | undefined {
  const inner = elementInner(xml, name);
  return inner === undefined ? undefined : unescapeXml(inner.trim());
}

/** Attributes of the first element with this local name (names without prefix). */
export function elementAttributes(xml: string, name: string): Readonly<Record<string, string>> | undefined {
  const match = new RegExp(`<${NAME_PREFIX}${name}\\b([^>]*?)/?>`).exec(xml);
  if (match === null) return undefined;
  const attributes: Record<string, string> = {};
  for (const [, key, value] of (match[1] ?? '').matchAll(/([\w.:-]+)\s*=\s*"([^"]*)"/g)) {
    if (key !== undefined) attributes[key.replace(/^[\w.-]+:/, '')] = unescapeXml(value ?? '');
  }
  return attributes;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const NAMESPACES = [
  'xmlns:s="http://www.w3.org/2003/05/soap-envelope"',
  'xmlns:tt="http://www.onvif.org/ver10/schema"',
  'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"',
  'xmlns:trt="http://www.onvif.org/ver10/media/wsdl"',
  'xmlns:tr2="http://www.onvif.org/ver20/media/wsdl"',
  'xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl"',
  'xmlns:ter="http://www.onvif.org/ver10/error"',
].join(' ');

export function soapEnvelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<s:Envelope ${NAMESPACES}><s:Body>${body}</s:Body></s:Envelope>`;
}

/** A SOAP fault with an ONVIF subcode (ONVIF Core §5.11.2), e.g. Sender / ter:NotAuthorized. */
export class SoapFault extends Error {
  readonly httpStatus: number;
  readonly code: 'Sender' | 'Receiver';
  readonly subcode: string;

  constructor(code: 'Sender' | 'Receiver', subcode: string, reason: string, httpStatus = code === 'Sender' ? 400 : 500) {
    super(reason);
    this.code = code;
    this.subcode = subcode;
    this.httpStatus = httpStatus;
  }

  toXml(): string {
    return soapEnvelope(
      `<s:Fault><s:Code><s:Value>s:${this.code}</s:Value><s:Subcode><s:Value>ter:${this.subcode}</s:Value></s:Subcode></s:Code>` +
        `<s:Reason><s:Text xml:lang="en">${escapeXml(this.message)}</s:Text></s:Reason></s:Fault>`,
    );
  }
}
