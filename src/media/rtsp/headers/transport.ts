// Transport header (RFC 2326 §12.39): RTP over UDP (client_port/server_port) or TCP interleaved channels.

export interface TransportSpec {
  /** `RTP/AVP` (UDP), `RTP/AVP/UDP` or `RTP/AVP/TCP`. */
  readonly protocol: string;
  readonly unicast: boolean;
  readonly interleaved?: readonly [number, number];
  readonly clientPort?: readonly [number, number];
  readonly serverPort?: readonly [number, number];
  readonly ssrc?: number;
  readonly source?: string;
  readonly mode?: string;
}

export function isTcpTransport(spec: TransportSpec): boolean {
  return spec.protocol.toUpperCase().endsWith('/TCP');
}

/** Several alternatives may be listed, comma-separated; unknown parameters are ignored. */
export function parseTransports(value: string): TransportSpec[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseTransport);
}

export function parseTransport(value: string): TransportSpec {
  const [protocol = '', ...params] = value.split(';').map((part) => part.trim());
  let spec: TransportSpec = { protocol, unicast: !params.some((p) => p.toLowerCase() === 'multicast') };
  for (const param of params) {
    const equals = param.indexOf('=');
    const name = (equals < 0 ? param : param.slice(0, equals)).toLowerCase();
    const text = equals < 0 ? '' : param.slice(equals + 1);
    if (name === 'interleaved') spec = withPair(spec, 'interleaved', text);
    else if (name === 'client_port') spec = withPair(spec, 'clientPort', text);
    else if (name === 'server_port') spec = withPair(spec, 'serverPort', text);
    else if (name === 'ssrc' && /^[0-9a-f]{1,8}$/i.test(text)) spec = { ...spec, ssrc: Number.parseInt(text, 16) };
    else if (name === 'source' && text !== '') spec = { ...spec, source: text };
    else if (name === 'mode' && text !== '') spec = { ...spec, mode: text.replace(/"/g, '') };
  }
  return spec;
}

/**  a-b, or a single number meaning a-(a+1)  */
function withPair(spec: TransportSpec, key: 'interleaved' | 'clientPort' | 'serverPort', text: string): TransportSpec {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (match === null) return spec;
  const first = Number(match[1]);
  const second = match[2] === undefined ? first + 1 : Number(match[2]);
  const limit = key === 'interleaved' ? 255 : 65535;
  if (first > limit || second > limit) return spec;
  return { ...spec, [key]: [first, second] as const };
}

export function writeTransport(spec: TransportSpec): string {
  const parts = [spec.protocol, spec.unicast ? 'unicast' : 'multicast'];
  if (spec.source !== undefined) parts.push(`source=${spec.source}`);
  if (spec.interleaved !== undefined) parts.push(`interleaved=${spec.interleaved[0]}-${spec.interleaved[1]}`);
  if (spec.clientPort !== undefined) parts.push(`client_port=${spec.clientPort[0]}-${spec.clientPort[1]}`);
  if (spec.serverPort !== undefined) parts.push(`server_port=${spec.serverPort[0]}-${spec.serverPort[1]}`);
  if (spec.ssrc !== undefined) parts.push(`ssrc=${(spec.ssrc >>> 0).toString(16).toUpperCase().padStart(8, '0')}`);
  if (spec.mode !== undefined) parts.push(`mode=${spec.mode}`);
  return parts.join(';');
}
