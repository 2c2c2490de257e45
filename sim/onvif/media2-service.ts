// ONVIF Media2 service (Media2 Service Spec §5.11, ver20/media/wsdl), privacy masks only: GetMaskOptions,
// GetMasks, CreateMask, SetMask, DeleteMask on the camera's one video source configuration. The masks are
// applied by the camera's renderer (privacy-masks.ts).
import type { OnvifDeviceContext } from './device-context.js';
import { MAX_PRIVACY_MASK_POINTS, MAX_PRIVACY_MASKS, type PrivacyMask, type PrivacyMaskType, type PrivacyMasks } from './privacy-masks.js';
import { elementAttributes, elementInner, elementText, escapeXml, SoapFault } from './soap.js';

/** The video source configuration every profile uses (media-service.ts). */
export const VIDEO_SOURCE_CONFIGURATION = 'vsc1';
const YCBCR = 'http://www.onvif.org/ver10/colorspace/YCbCr';
const BLACK = { y: 16, cb: 128, cr: 128 };
const TYPES: readonly PrivacyMaskType[] = ['Color', 'Pixelated', 'Blurred'];

function maskXml(element: string, mask: PrivacyMask): string {
  const points = mask.polygon.map((p) => `<tt:Point x="${p.x}" y="${p.y}"/>`).join('');
  return (
    `<${element} token="${escapeXml(mask.token)}"><tt:ConfigurationToken>${escapeXml(mask.configurationToken)}</tt:ConfigurationToken>` +
    `<tt:Polygon>${points}</tt:Polygon><tt:Type>${mask.type}</tt:Type>` +
    `<tt:Color X="${mask.color.y}" Y="${mask.color.cb}" Z="${mask.color.cr}" Colorspace="${YCBCR}"/><tt:Enabled>${mask.enabled}</tt:Enabled></${element}>`
  );
}

const invalid = (reason: string): SoapFault => new SoapFault('Sender', 'InvalidArgVal', reason);

/** A Mask element of a request, checked against the options this camera announces. */
function readMask(request: string): Omit<PrivacyMask, 'token'> & { token: string | undefined } {
  const inner = elementInner(request, 'Mask');
  if (inner === undefined) throw invalid('no Mask');
  const configurationToken = elementText(inner, 'ConfigurationToken') ?? '';
  if (configurationToken !== VIDEO_SOURCE_CONFIGURATION) throw new SoapFault('Sender', 'NoConfig', `no video source configuration "${configurationToken}"`);
  const polygon = [...(elementInner(inner, 'Polygon') ?? '').matchAll(/<(?:[\w.-]+:)?Point\b([^>]*?)\/?>/g)].map(([, attributes]) => ({
    x: Number(/\bx\s*=\s*"([^"]*)"/.exec(attributes ?? '')?.[1]),
    y: Number(/\by\s*=\s*"([^"]*)"/.exec(attributes ?? '')?.[1]),
  }));
  if (polygon.length < 3 || polygon.length > MAX_PRIVACY_MASK_POINTS) throw invalid(`a mask has 3 to ${MAX_PRIVACY_MASK_POINTS} points`);
  if (polygon.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y) || Math.abs(p.x) > 1 || Math.abs(p.y) > 1)) throw invalid('mask points lie in [-1, 1]');
  const type = (elementText(inner, 'Type') ?? 'Color') as PrivacyMaskType;
  if (!TYPES.includes(type)) throw invalid(`unknown mask type ${type}`);
  const color = elementAttributes(inner, 'Color');
  const channel = (value: string | undefined, fallback: number): number => (value === undefined || !Number.isFinite(Number(value)) ? fallback : Math.max(0, Math.min(255, Math.round(Number(value)))));
  return {
    token: elementAttributes(request, 'Mask')?.['token'],
    configurationToken,
    polygon,
    type,
    color: color === undefined ? BLACK : { y: channel(color['X'], BLACK.y), cb: channel(color['Y'], BLACK.cb), cr: channel(color['Z'], BLACK.cr) },
    enabled: elementText(inner, 'Enabled') !== 'false',
  };
}

/** Media2 actions; undefined when the action is not one of them or the camera has no privacy masks. */
export function media2Action(action: string, request: string, context: OnvifDeviceContext): string | undefined {
  const masks: PrivacyMasks | undefined = context.privacyMasks;
  if (masks === undefined) return undefined;
  switch (action) {
    case 'GetMaskOptions':
      return (
        `<tr2:GetMaskOptionsResponse><tr2:Options RectangleOnly="false" SingleColorOnly="false"><tt:MaxMasks>${MAX_PRIVACY_MASKS}</tt:MaxMasks>` +
        `<tt:MaxPoints>${MAX_PRIVACY_MASK_POINTS}</tt:MaxPoints>${TYPES.map((t) => `<tt:Types>${t}</tt:Types>`).join('')}` +
        `<tt:Color><tt:ColorspaceRange><tt:X><tt:Min>0</tt:Min><tt:Max>255</tt:Max></tt:X><tt:Y><tt:Min>0</tt:Min><tt:Max>255</tt:Max></tt:Y><tt:Z><tt:Min>0</tt:Min><tt:Max>255</tt:Max></tt:Z><tt:Colorspace>${YCBCR}</tt:Colorspace></tt:ColorspaceRange></tt:Color>` +
        '</tr2:Options></tr2:GetMaskOptionsResponse>'
      );
    case 'GetMasks': {
      const token = elementText(request, 'Token');
      const configuration = elementText(request, 'ConfigurationToken');
      const listed = masks.list().filter((m) => (token === undefined || m.token === token) && (configuration === undefined || m.configurationToken === configuration));
      return `<tr2:GetMasksResponse>${listed.map((m) => maskXml('tr2:Masks', m)).join('')}</tr2:GetMasksResponse>`;
    }
    case 'CreateMask': {
      if (masks.list().length >= MAX_PRIVACY_MASKS) throw new SoapFault('Receiver', 'MaxMasks', `at most ${MAX_PRIVACY_MASKS} masks`);
      const { token: _ignored, ...mask } = readMask(request);
      return `<tr2:CreateMaskResponse><tr2:Token>${masks.create(mask)}</tr2:Token></tr2:CreateMaskResponse>`;
    }
    case 'SetMask': {
      const { token, ...mask } = readMask(request);
      if (token === undefined || !masks.set({ ...mask, token })) throw invalid(`no mask "${token ?? ''}"`);
      return '<tr2:SetMaskResponse/>';
    }
    case 'DeleteMask': {
      const token = elementText(request, 'Token') ?? '';
      if (!masks.delete(token)) throw invalid(`no mask "${token}"`);
      return '<tr2:DeleteMaskResponse/>';
    }
    default:
      return undefined;
  }
}
