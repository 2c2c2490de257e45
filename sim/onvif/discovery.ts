// WS-Discovery responder (OASIS WS-Discovery 1.1, ONVIF Core §7.3) for the simulator's PTZ cameras: a UDP socket
// on the chosen address and port (3702 by default) that answers each Probe for NetworkVideoTransmitter (or for
// any type) with one ProbeMatches per camera, sent unicast to the prober. It joins the multicast group
// 239.255.255.250 on its address when it can, so a multicast probe on that interface reaches it too.
import { createSocket, type Socket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../src/core/logger.js';
import { elementInner, elementText, escapeXml } from './soap.js';

export const DISCOVERY_GROUP = '239.255.255.250';

export interface DiscoveryDevice {
  readonly camera: number;
  /** Device service URL announced in XAddrs. */
  readonly xaddr: string;
}

export interface DiscoveryResponder {
  readonly port: number;
  /** Whether the multicast group could be joined on the responder's address. */
  readonly multicast: boolean;
  close(): Promise<void>;
}

// Stable per camera and simulator run, as a real device keeps its endpoint reference.
const RUN_ID = randomUUID().slice(0, 24);

function probeMatch(device: DiscoveryDevice): string {
  return (
    `<d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:${RUN_ID}${String(device.camera).padStart(12, '0').slice(-12)}</a:Address></a:EndpointReference>` +
    '<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>' +
    `<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/type/ptz onvif://www.onvif.org/name/Vigie-sim-cam${device.camera} onvif://www.onvif.org/hardware/Simulated-PTZ</d:Scopes>` +
    `<d:XAddrs>${escapeXml(device.xaddr)}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch>`
  );
}

function probeMatches(relatesTo: string, devices: readonly DiscoveryDevice[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Header>' +
    `<a:MessageID>urn:uuid:${randomUUID()}</a:MessageID><a:RelatesTo>${escapeXml(relatesTo)}</a:RelatesTo>` +
    '<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action>' +
    `</s:Header><s:Body><d:ProbeMatches>${devices.map(probeMatch).join('')}</d:ProbeMatches></s:Body></s:Envelope>`
  );
}

/** Whether a probe asks for what the cameras are: no Types, or NetworkVideoTransmitter / Device. */
function wanted(xml: string): boolean {
  const types = elementText(xml, 'Types');
  return types === undefined || types === '' || /NetworkVideoTransmitter|Device\b/.test(types);
}

export async function startDiscoveryResponder(options: { host: string; port: number; devices: () => readonly DiscoveryDevice[]; logger: Logger }): Promise<DiscoveryResponder> {
  const socket: Socket = createSocket({ type: 'udp4', reuseAddr: true });
  socket.on('message', (message, remote) => {
    const xml = message.toString('utf8');
    if (elementInner(xml, 'Probe') === undefined || !wanted(xml)) return;
    const devices = options.devices();
    if (devices.length === 0) return;
    const reply = probeMatches(elementText(xml, 'MessageID') ?? '', devices);
    socket.send(reply, remote.port, remote.address, (error) => {
      if (error) options.logger.warn({ err: error, to: remote.address }, 'WS-Discovery answer not sent');
    });
  });
  socket.on('error', (error) => options.logger.warn({ err: error }, 'WS-Discovery responder error'));
  // Bound to the wildcard address so multicast datagrams are delivered; answers are still only for probes that
  // reach the chosen port.
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port: options.port, address: options.host === '127.0.0.1' || options.host === '0.0.0.0' ? undefined : options.host }, () => resolve());
  });
  let multicast = false;
  try {
    socket.addMembership(DISCOVERY_GROUP, options.host === '0.0.0.0' ? undefined : options.host);
    multicast = true;
  } catch {
    // No multicast route on this interface (typical of lo): unicast probes still work.
  }
  return {
    port: socket.address().port,
    multicast,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
