// WS-Discovery (OASIS WS-Discovery 1.1; ONVIF Core §7.3): a Probe for NetworkVideoTransmitter sent from a chosen
// local address to the multicast group 239.255.255.250:3702 (or to one address, unicast), and the ProbeMatches
// that arrive before the deadline.
import { createSocket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { VigieError } from '../core/errors.js';
import { find, findAll, parseXml, textOf } from './xml.js';

export const WS_DISCOVERY_GROUP = '239.255.255.250';
export const WS_DISCOVERY_PORT = 3702;

export interface DiscoveredDevice {
  /** wsa:EndpointReference address, e.g. urn:uuid:… */
  readonly endpoint: string;
  /** Device service URLs the device announced. */
  readonly xaddrs: readonly string[];
  readonly scopes: readonly string[];
  /** From onvif://www.onvif.org/name/… and hardware/… scopes, when present. */
  readonly name: string | null;
  readonly hardware: string | null;
  /** Source address of the answer. */
  readonly from: string;
}

export interface ProbeOptions {
  /** Local address to send from (chooses the interface); default all. */
  readonly localAddress?: string;
  /** Where to send: the multicast group (default) or one device (unicast). */
  readonly target?: string;
  readonly port?: number;
  /** How long to wait for answers; default 3000 ms. */
  readonly waitMs?: number;
}

export function probeMessage(messageId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><s:Header>' +
    `<a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action><a:MessageID>urn:uuid:${messageId}</a:MessageID>` +
    '<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
    '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>' +
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>'
  );
}

/** The devices of a ProbeMatches answering our probe; [] for anything else (other messages, garbage). */
export function parseProbeMatches(xml: string, messageId: string, from: string): DiscoveredDevice[] {
  let envelope;
  try {
    envelope = parseXml(xml);
  } catch {
    return [];
  }
  const relatesTo = textOf(envelope, 'RelatesTo');
  if (relatesTo !== undefined && relatesTo !== `urn:uuid:${messageId}`) return [];
  return findAll(find(envelope, 'Body'), 'ProbeMatch').map((match) => {
    const scopes = (textOf(match, 'Scopes') ?? '').split(/\s+/).filter((s) => s !== '');
    const scope = (kind: string): string | null => {
      const found = scopes.find((s) => s.startsWith(`onvif://www.onvif.org/${kind}/`));
      return found === undefined ? null : decodeURIComponent(found.slice(`onvif://www.onvif.org/${kind}/`.length));
    };
    return {
      endpoint: textOf(find(match, 'EndpointReference'), 'Address') ?? '',
      xaddrs: (textOf(match, 'XAddrs') ?? '').split(/\s+/).filter((s) => s !== ''),
      scopes,
      name: scope('name'),
      hardware: scope('hardware'),
      from,
    };
  });
}

/** Sends one Probe and gathers the answers until waitMs; duplicates (same endpoint) are kept once. */
export async function probeOnvifDevices(options: ProbeOptions = {}): Promise<DiscoveredDevice[]> {
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  const messageId = randomUUID();
  const found = new Map<string, DiscoveredDevice>();
  socket.on('message', (message, remote) => {
    for (const device of parseProbeMatches(message.toString('utf8'), messageId, remote.address)) {
      if (!found.has(device.endpoint)) found.set(device.endpoint, device);
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port: 0, ...(options.localAddress === undefined ? {} : { address: options.localAddress }) }, () => resolve());
    });
    const target = options.target ?? WS_DISCOVERY_GROUP;
    if (target === WS_DISCOVERY_GROUP && options.localAddress !== undefined) socket.setMulticastInterface(options.localAddress);
    await new Promise<void>((resolve, reject) => socket.send(probeMessage(messageId), options.port ?? WS_DISCOVERY_PORT, target, (error) => (error ? reject(error) : resolve())));
  } catch (error) {
    socket.close();
    throw new VigieError(
      'VIGIE_ONVIF_DISCOVERY',
      `La recherche de caméras ONVIF n'a pas pu être envoyée depuis ${options.localAddress ?? 'toutes les interfaces'} (${(error as NodeJS.ErrnoException).code ?? 'erreur réseau'}).`,
      {
        status: 400,
        cause: error,
      },
    );
  }
  await new Promise((resolve) => setTimeout(resolve, options.waitMs ?? 3000));
  socket.close();
  return [...found.values()];
}
