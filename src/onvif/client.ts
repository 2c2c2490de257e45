// OnvifClient: the ONVIF operations Vigie uses on one device — identity, services, media profiles and their
// stream and snapshot URIs, and PTZ (nodes, limits, moves, status, presets, home) in the generic spaces.
import { VigieError } from '../core/errors.js';
import { maskXml, parseMaskOptions, parseMasks, type OnvifMask, type OnvifMaskOptions, type PicturePoint } from './privacy-masks.js';
import { soapCall, deviceLabel, type OnvifCredentials } from './soap-client.js';
import { childrenNamed, escapeXml, find, findAll, textOf, type XmlElement } from './xml.js';

export interface OnvifDeviceInformation {
  readonly manufacturer: string;
  readonly model: string;
  readonly firmwareVersion: string;
  readonly serialNumber: string;
  readonly hardwareId: string;
}

export interface OnvifServices {
  readonly device: string;
  readonly media?: string;
  /** Media2 (ver20), where privacy masks live. */
  readonly media2?: string;
  readonly ptz?: string;
}

export interface OnvifProfile {
  readonly token: string;
  readonly name: string;
  readonly encoding?: string;
  readonly width?: number;
  readonly height?: number;
  readonly fps?: number;
  /** Token of the PTZ configuration bound to this profile, when any. */
  readonly ptzConfigurationToken?: string;
  /** Token of the video source configuration (what privacy masks are attached to). */
  readonly videoSourceConfigurationToken?: string;
}

/** Pan, tilt in [-1, 1] and zoom in [0, 1] (generic position spaces); translations and velocities alike. */
export interface PtzVector {
  readonly pan?: number;
  readonly tilt?: number;
  readonly zoom?: number;
}

export interface PtzLimits {
  readonly pan: { readonly min: number; readonly max: number };
  readonly tilt: { readonly min: number; readonly max: number };
  readonly zoom: { readonly min: number; readonly max: number };
  readonly maxPresets: number | null;
  readonly homeSupported: boolean;
}

export interface OnvifPtzStatus {
  readonly pan: number;
  readonly tilt: number;
  readonly zoom: number;
  readonly moving: boolean;
  readonly utcTimeMs: number | null;
}

export interface OnvifPreset {
  readonly token: string;
  readonly name: string;
  readonly position: { readonly pan: number; readonly tilt: number; readonly zoom: number } | null;
}

export interface OnvifClientOptions {
  /** Device service URL, e.g. http://10.0.0.5/onvif/device_service. */
  readonly url: string;
  readonly credentials?: OnvifCredentials | undefined;
  /** Per request; default 5000 ms. */
  readonly timeoutMs?: number;
}

const SPACE = 'http://www.onvif.org/ver10/tptz';

/** http://host[:port]/path from what an administrator typed: a URL, or host[:port] (standard device path). */
export function deviceServiceUrl(address: string): string {
  const trimmed = address.trim();
  const candidate = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw invalidAddress(address);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || url.username !== '' || url.password !== '') throw invalidAddress(address);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/onvif/device_service';
  return url.toString();
}

function invalidAddress(address: string): VigieError {
  return new VigieError(
    'VIGIE_ONVIF_ADDRESS_INVALID',
    `« ${address.slice(0, 100)} » n'est pas une adresse ONVIF (attendu : http://hôte[:port]/chemin ou hôte[:port]), sans identifiants dans l'adresse.`,
    {
      status: 400,
    },
  );
}

const number = (text: string | undefined, fallback = 0): number => {
  const value = Number(text);
  return text === undefined || text === '' || !Number.isFinite(value) ? fallback : value;
};

function range(element: XmlElement | undefined, fallback: { min: number; max: number }): { min: number; max: number } {
  const x = find(element, 'XRange') ?? element;
  if (x === undefined || find(x, 'Min') === undefined) return fallback;
  return { min: number(textOf(x, 'Min'), fallback.min), max: number(textOf(x, 'Max'), fallback.max) };
}

function yRange(element: XmlElement | undefined, fallback: { min: number; max: number }): { min: number; max: number } {
  const y = find(element, 'YRange');
  return y === undefined ? fallback : range(y, fallback);
}

function position(element: XmlElement | undefined): { pan: number; tilt: number; zoom: number } | null {
  if (element === undefined) return null;
  const panTilt = find(element, 'PanTilt');
  const zoom = find(element, 'Zoom');
  return { pan: number(panTilt?.attributes['x']), tilt: number(panTilt?.attributes['y']), zoom: number(zoom?.attributes['x']) };
}

function vectorXml(element: string, vector: PtzVector, kind: 'Position' | 'Translation' | 'Velocity'): string {
  const panTiltSpace = { Position: 'PositionGenericSpace', Translation: 'TranslationGenericSpace', Velocity: 'VelocityGenericSpace' }[kind];
  const panTilt =
    vector.pan !== undefined || vector.tilt !== undefined ? `<tt:PanTilt x="${clean(vector.pan ?? 0)}" y="${clean(vector.tilt ?? 0)}" space="${SPACE}/PanTiltSpaces/${panTiltSpace}"/>` : '';
  const zoom = vector.zoom !== undefined ? `<tt:Zoom x="${clean(vector.zoom)}" space="${SPACE}/ZoomSpaces/${panTiltSpace}"/>` : '';
  return `<tptz:${element}>${panTilt}${zoom}</tptz:${element}>`;
}

function clean(value: number): string {
  if (!Number.isFinite(value)) throw new VigieError('VIGIE_ONVIF_BAD_RESPONSE', 'Coordonnée PTZ non numérique.', { status: 400 });
  return String(Math.round(value * 10_000) / 10_000);
}

export class OnvifClient {
  readonly url: string;
  readonly #credentials: OnvifCredentials | undefined;
  readonly #timeoutMs: number;
  #clockOffsetMs: number | undefined;
  #services: OnvifServices | undefined;

  constructor(options: OnvifClientOptions) {
    this.url = deviceServiceUrl(options.url);
    this.#credentials = options.credentials;
    this.#timeoutMs = options.timeoutMs ?? 5000;
  }

  /** host:port of the device, for messages and the journal. */
  get label(): string {
    return deviceLabel(this.url);
  }

  async #call(url: string, body: string): Promise<XmlElement> {
    if (this.#credentials !== undefined && this.#clockOffsetMs === undefined) this.#clockOffsetMs = await this.#measureClock();
    return soapCall({ url, body, credentials: this.#credentials, clockOffsetMs: this.#clockOffsetMs ?? 0, timeoutMs: this.#timeoutMs });
  }

  /** GetSystemDateAndTime needs no credentials (ONVIF Core §5.9.4): the device's clock minus ours. */
  async #measureClock(): Promise<number> {
    const answer = await soapCall({ url: this.url, body: '<tds:GetSystemDateAndTime/>', timeoutMs: this.#timeoutMs });
    const utc = find(answer, 'UTCDateTime');
    if (utc === undefined) return 0;
    const device = Date.UTC(
      number(textOf(find(utc, 'Date'), 'Year')),
      number(textOf(find(utc, 'Date'), 'Month'), 1) - 1,
      number(textOf(find(utc, 'Date'), 'Day'), 1),
      number(textOf(find(utc, 'Time'), 'Hour')),
      number(textOf(find(utc, 'Time'), 'Minute')),
      number(textOf(find(utc, 'Time'), 'Second')),
    );
    // Within a few seconds we keep our own clock: Created is then exact to the millisecond.
    const offset = device - Date.now();
    return Number.isFinite(offset) && Math.abs(offset) > 5000 ? offset : 0;
  }

  async getDeviceInformation(): Promise<OnvifDeviceInformation> {
    const answer = await this.#call(this.url, '<tds:GetDeviceInformation/>');
    return {
      manufacturer: textOf(answer, 'Manufacturer') ?? '',
      model: textOf(answer, 'Model') ?? '',
      firmwareVersion: textOf(answer, 'FirmwareVersion') ?? '',
      serialNumber: textOf(answer, 'SerialNumber') ?? '',
      hardwareId: textOf(answer, 'HardwareId') ?? '',
    };
  }

  /** Service addresses from GetServices, or GetCapabilities for older devices. */
  async getServices(): Promise<OnvifServices> {
    if (this.#services !== undefined) return this.#services;
    let services: { device: string; media?: string; media2?: string; ptz?: string } = { device: this.url };
    try {
      const answer = await this.#call(this.url, '<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>');
      for (const service of findAll(answer, 'Service')) {
        const namespace = textOf(service, 'Namespace') ?? '';
        const xaddr = textOf(service, 'XAddr');
        if (xaddr === undefined) continue;
        if (namespace === 'http://www.onvif.org/ver10/media/wsdl') services.media = xaddr;
        if (namespace === 'http://www.onvif.org/ver20/media/wsdl') services.media2 = xaddr;
        if (namespace === 'http://www.onvif.org/ver20/ptz/wsdl') services.ptz = xaddr;
      }
    } catch (error) {
      if (!(error instanceof VigieError) || error.code !== 'VIGIE_ONVIF_FAULT') throw error;
    }
    if (services.media === undefined) services = { ...services, ...(await this.getCapabilities()) };
    this.#services = services;
    return services;
  }

  async getCapabilities(): Promise<{ media?: string; ptz?: string }> {
    const answer = await this.#call(this.url, '<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>');
    const media = textOf(find(answer, 'Media'), 'XAddr');
    const ptz = textOf(find(answer, 'PTZ'), 'XAddr');
    return { ...(media === undefined ? {} : { media }), ...(ptz === undefined ? {} : { ptz }) };
  }

  async #media(): Promise<string> {
    const services = await this.getServices();
    if (services.media === undefined) throw new VigieError('VIGIE_ONVIF_BAD_RESPONSE', `La caméra ONVIF ${this.label} n'annonce pas de service média.`, { status: 502 });
    return this.#sameHost(services.media);
  }

  async #ptz(): Promise<string> {
    const services = await this.getServices();
    if (services.ptz === undefined) throw new VigieError('VIGIE_ONVIF_NO_PTZ', `La caméra ONVIF ${this.label} n'a pas de tourelle PTZ (aucun service PTZ).`, { status: 409 });
    return this.#sameHost(services.ptz);
  }

  /** Service addresses a device announces may name an address we cannot reach (NAT): keep its path, our host. */
  #sameHost(xaddr: string): string {
    try {
      const announced = new URL(xaddr);
      const ours = new URL(this.url);
      announced.protocol = ours.protocol;
      announced.host = ours.host;
      return announced.toString();
    } catch {
      throw new VigieError('VIGIE_ONVIF_BAD_RESPONSE', `La caméra ONVIF ${this.label} annonce une adresse de service invalide.`, { status: 502 });
    }
  }

  async getProfiles(): Promise<OnvifProfile[]> {
    const answer = await this.#call(await this.#media(), '<trt:GetProfiles/>');
    return childrenNamed(answer, 'Profiles').map((profile): OnvifProfile => {
      const encoder = find(profile, 'VideoEncoderConfiguration');
      const resolution = find(encoder, 'Resolution');
      const ptz = find(profile, 'PTZConfiguration');
      const source = find(profile, 'VideoSourceConfiguration');
      return {
        token: profile.attributes['token'] ?? '',
        name: textOf(profile, 'Name') ?? '',
        ...(encoder === undefined ? {} : { encoding: textOf(encoder, 'Encoding') ?? '' }),
        ...(resolution === undefined ? {} : { width: number(textOf(resolution, 'Width')), height: number(textOf(resolution, 'Height')) }),
        ...(find(encoder, 'FrameRateLimit') === undefined ? {} : { fps: number(textOf(encoder, 'FrameRateLimit')) }),
        ...(ptz?.attributes['token'] === undefined ? {} : { ptzConfigurationToken: ptz.attributes['token'] }),
        ...(source?.attributes['token'] === undefined ? {} : { videoSourceConfigurationToken: source.attributes['token'] }),
      };
    });
  }

  /** Whether the device announces a Media2 service (privacy masks need it). */
  async hasMedia2(): Promise<boolean> {
    return (await this.getServices()).media2 !== undefined;
  }

  async #media2(): Promise<string> {
    const services = await this.getServices();
    if (services.media2 === undefined) throw new VigieError('VIGIE_ONVIF_NO_MASKS', `La caméra ONVIF ${this.label} ne gère pas de masques de confidentialité (aucun service Media2).`, { status: 409 });
    return this.#sameHost(services.media2);
  }

  async getMaskOptions(configurationToken: string): Promise<OnvifMaskOptions> {
    return parseMaskOptions(await this.#call(await this.#media2(), `<tr2:GetMaskOptions><tr2:ConfigurationToken>${escapeXml(configurationToken)}</tr2:ConfigurationToken></tr2:GetMaskOptions>`));
  }

  async getMasks(configurationToken?: string): Promise<OnvifMask[]> {
    const filter = configurationToken === undefined ? '' : `<tr2:ConfigurationToken>${escapeXml(configurationToken)}</tr2:ConfigurationToken>`;
    return parseMasks(await this.#call(await this.#media2(), `<tr2:GetMasks>${filter}</tr2:GetMasks>`));
  }

  /** Creates a black mask over a polygon (picture fractions); returns the camera's token for it. */
  async createMask(configurationToken: string, polygon: readonly PicturePoint[]): Promise<string> {
    const answer = await this.#call(await this.#media2(), `<tr2:CreateMask>${maskXml('tr2:Mask', configurationToken, polygon)}</tr2:CreateMask>`);
    const token = textOf(answer, 'Token');
    if (token === undefined || token === '') throw new VigieError('VIGIE_ONVIF_BAD_RESPONSE', `La caméra ONVIF ${this.label} n'a pas donné de jeton au masque créé.`, { status: 502 });
    return token;
  }

  async setMask(token: string, configurationToken: string, polygon: readonly PicturePoint[]): Promise<void> {
    await this.#call(await this.#media2(), `<tr2:SetMask>${maskXml('tr2:Mask', configurationToken, polygon, token)}</tr2:SetMask>`);
  }

  async deleteMask(token: string): Promise<void> {
    await this.#call(await this.#media2(), `<tr2:DeleteMask><tr2:Token>${escapeXml(token)}</tr2:Token></tr2:DeleteMask>`);
  }

  async getStreamUri(profileToken: string): Promise<string> {
    const answer = await this.#call(
      await this.#media(),
      `<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>${escapeXml(profileToken)}</trt:ProfileToken></trt:GetStreamUri>`,
    );
    return this.#uri(answer);
  }

  async getSnapshotUri(profileToken: string): Promise<string> {
    return this.#uri(await this.#call(await this.#media(), `<trt:GetSnapshotUri><trt:ProfileToken>${escapeXml(profileToken)}</trt:ProfileToken></trt:GetSnapshotUri>`));
  }

  #uri(answer: XmlElement): string {
    const uri = textOf(answer, 'Uri');
    if (uri === undefined || uri === '') throw new VigieError('VIGIE_ONVIF_BAD_RESPONSE', `La caméra ONVIF ${this.label} n'a pas donné d'adresse de flux.`, { status: 502 });
    return uri;
  }

  /** Whether the device has a PTZ service (without raising when it has none). */
  async hasPtz(): Promise<boolean> {
    return (await this.getServices()).ptz !== undefined;
  }

  /** Ranges of the first PTZ node (absolute position spaces), presets capacity, home support. */
  async getPtzLimits(): Promise<PtzLimits> {
    const url = await this.#ptz();
    const nodes = await this.#call(url, '<tptz:GetNodes/>');
    const node = find(nodes, 'PTZNode');
    if (node === undefined) throw new VigieError('VIGIE_ONVIF_NO_PTZ', `La caméra ONVIF ${this.label} n'a aucune tourelle PTZ configurée.`, { status: 409 });
    const configurations = await this.#call(url, '<tptz:GetConfigurations/>');
    const configuration = find(configurations, 'PTZConfiguration');
    const panTiltSpace = find(node, 'AbsolutePanTiltPositionSpace');
    const zoomSpace = find(node, 'AbsoluteZoomPositionSpace');
    const panTiltLimits = find(configuration, 'PanTiltLimits');
    const zoomLimits = find(configuration, 'ZoomLimits');
    const pan = range(panTiltLimits ?? panTiltSpace, { min: -1, max: 1 });
    const tilt = yRange(panTiltLimits ?? panTiltSpace, { min: -1, max: 1 });
    const zoom = range(zoomLimits ?? zoomSpace, { min: 0, max: 1 });
    const maxPresets = textOf(node, 'MaximumNumberOfPresets');
    return { pan, tilt, zoom, maxPresets: maxPresets === undefined ? null : number(maxPresets), homeSupported: textOf(node, 'HomeSupported') === 'true' };
  }

  async continuousMove(profileToken: string, velocity: PtzVector, timeoutMs?: number): Promise<void> {
    const timeout = timeoutMs === undefined ? '' : `<tptz:Timeout>PT${(timeoutMs / 1000).toFixed(3)}S</tptz:Timeout>`;
    await this.#call(await this.#ptz(), `<tptz:ContinuousMove>${this.#profile(profileToken)}${vectorXml('Velocity', velocity, 'Velocity')}${timeout}</tptz:ContinuousMove>`);
  }

  async relativeMove(profileToken: string, translation: PtzVector): Promise<void> {
    await this.#call(await this.#ptz(), `<tptz:RelativeMove>${this.#profile(profileToken)}${vectorXml('Translation', translation, 'Translation')}</tptz:RelativeMove>`);
  }

  async absoluteMove(profileToken: string, target: PtzVector): Promise<void> {
    await this.#call(await this.#ptz(), `<tptz:AbsoluteMove>${this.#profile(profileToken)}${vectorXml('Position', target, 'Position')}</tptz:AbsoluteMove>`);
  }

  async stop(profileToken: string): Promise<void> {
    await this.#call(await this.#ptz(), `<tptz:Stop>${this.#profile(profileToken)}<tptz:PanTilt>true</tptz:PanTilt><tptz:Zoom>true</tptz:Zoom></tptz:Stop>`);
  }

  async getStatus(profileToken: string): Promise<OnvifPtzStatus> {
    const answer = await this.#call(await this.#ptz(), `<tptz:GetStatus>${this.#profile(profileToken)}</tptz:GetStatus>`);
    const at = position(find(answer, 'Position'));
    if (at === null) throw new VigieError('VIGIE_ONVIF_BAD_RESPONSE', `La caméra ONVIF ${this.label} n'a pas donné sa position PTZ.`, { status: 502 });
    const moveStatus = find(answer, 'MoveStatus');
    const moving = moveStatus !== undefined && [textOf(moveStatus, 'PanTilt'), textOf(moveStatus, 'Zoom')].some((state) => state === 'MOVING');
    const utc = Date.parse(textOf(answer, 'UtcTime') ?? '');
    return { ...at, moving, utcTimeMs: Number.isFinite(utc) ? utc : null };
  }

  async getPresets(profileToken: string): Promise<OnvifPreset[]> {
    const answer = await this.#call(await this.#ptz(), `<tptz:GetPresets>${this.#profile(profileToken)}</tptz:GetPresets>`);
    return childrenNamed(answer, 'Preset').map((preset) => ({ token: preset.attributes['token'] ?? '', name: textOf(preset, 'Name') ?? '', position: position(find(preset, 'PTZPosition')) }));
  }

  async gotoPreset(profileToken: string, presetToken: string): Promise<void> {
    await this.#call(await this.#ptz(), `<tptz:GotoPreset>${this.#profile(profileToken)}<tptz:PresetToken>${escapeXml(presetToken)}</tptz:PresetToken></tptz:GotoPreset>`);
  }

  /** Stores the current position; a token updates that preset. Returns the preset's token. */
  async setPreset(profileToken: string, name: string, presetToken?: string): Promise<string> {
    const token = presetToken === undefined ? '' : `<tptz:PresetToken>${escapeXml(presetToken)}</tptz:PresetToken>`;
    const answer = await this.#call(await this.#ptz(), `<tptz:SetPreset>${this.#profile(profileToken)}<tptz:PresetName>${escapeXml(name)}</tptz:PresetName>${token}</tptz:SetPreset>`);
    const made = textOf(answer, 'PresetToken');
    if (made === undefined || made === '') throw new VigieError('VIGIE_ONVIF_BAD_RESPONSE', `La caméra ONVIF ${this.label} n'a pas rendu le numéro du préréglage.`, { status: 502 });
    return made;
  }

  async removePreset(profileToken: string, presetToken: string): Promise<void> {
    await this.#call(await this.#ptz(), `<tptz:RemovePreset>${this.#profile(profileToken)}<tptz:PresetToken>${escapeXml(presetToken)}</tptz:PresetToken></tptz:RemovePreset>`);
  }

  async gotoHomePosition(profileToken: string): Promise<void> {
    await this.#call(await this.#ptz(), `<tptz:GotoHomePosition>${this.#profile(profileToken)}</tptz:GotoHomePosition>`);
  }

  #profile(token: string): string {
    return `<tptz:ProfileToken>${escapeXml(token)}</tptz:ProfileToken>`;
  }
}
