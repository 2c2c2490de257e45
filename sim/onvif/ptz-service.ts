// ONVIF PTZ service (PTZ Service Spec, ver20) in the generic spaces: nodes, configurations, continuous /
// relative / absolute moves, stop, status and presets, all acting on the camera's PtzState.
import type { PtzPosition } from '../ptz/ptz-state.js';
import type { OnvifDeviceContext } from './device-context.js';
import { elementAttributes, elementInner, elementText, escapeXml, SoapFault } from './soap.js';

const SPACE = 'http://www.onvif.org/ver10/tptz';
const range = (min: number, max: number): string => `<tt:Min>${min}</tt:Min><tt:Max>${max}</tt:Max>`;
const space2d = (tag: string, uri: string, min: number): string =>
  `<tt:${tag}><tt:URI>${SPACE}/PanTiltSpaces/${uri}</tt:URI><tt:XRange>${range(min, 1)}</tt:XRange><tt:YRange>${range(min, 1)}</tt:YRange></tt:${tag}>`;
const space1d = (tag: string, uri: string, min: number): string => `<tt:${tag}><tt:URI>${SPACE}/ZoomSpaces/${uri}</tt:URI><tt:XRange>${range(min, 1)}</tt:XRange></tt:${tag}>`;

/** The single PTZ configuration, under the element name the caller needs (profile or PTZ service). */
export function ptzConfiguration(element: string): string {
  return (
    `<${element} token="ptz1"><tt:Name>ptz1</tt:Name><tt:UseCount>2</tt:UseCount><tt:NodeToken>node1</tt:NodeToken>` +
    `<tt:DefaultAbsolutePantTiltPositionSpace>${SPACE}/PanTiltSpaces/PositionGenericSpace</tt:DefaultAbsolutePantTiltPositionSpace>` +
    `<tt:DefaultContinuousPanTiltVelocitySpace>${SPACE}/PanTiltSpaces/VelocityGenericSpace</tt:DefaultContinuousPanTiltVelocitySpace>` +
    `<tt:DefaultPTZSpeed><tt:PanTilt x="1" y="1"/><tt:Zoom x="1"/></tt:DefaultPTZSpeed><tt:DefaultPTZTimeout>PT10S</tt:DefaultPTZTimeout>` +
    `<tt:PanTiltLimits>${space2d('Range', 'PositionGenericSpace', -1)}</tt:PanTiltLimits><tt:ZoomLimits>${space1d('Range', 'PositionGenericSpace', 0)}</tt:ZoomLimits>` +
    `</${element}>`
  );
}

function node(): string {
  return (
    '<tptz:PTZNode token="node1" FixedHomePosition="false"><tt:Name>node1</tt:Name><tt:SupportedPTZSpaces>' +
    space2d('AbsolutePanTiltPositionSpace', 'PositionGenericSpace', -1) +
    space1d('AbsoluteZoomPositionSpace', 'PositionGenericSpace', 0) +
    space2d('RelativePanTiltTranslationSpace', 'TranslationGenericSpace', -1) +
    space1d('RelativeZoomTranslationSpace', 'TranslationGenericSpace', -1) +
    space2d('ContinuousPanTiltVelocitySpace', 'VelocityGenericSpace', -1) +
    space1d('ContinuousZoomVelocitySpace', 'VelocityGenericSpace', -1) +
    `<tt:PanTiltSpeedSpace><tt:URI>${SPACE}/PanTiltSpaces/GenericSpeedSpace</tt:URI><tt:XRange>${range(0, 1)}</tt:XRange></tt:PanTiltSpeedSpace>` +
    `<tt:ZoomSpeedSpace><tt:URI>${SPACE}/ZoomSpaces/ZoomGenericSpeedSpace</tt:URI><tt:XRange>${range(0, 1)}</tt:XRange></tt:ZoomSpeedSpace>` +
    '</tt:SupportedPTZSpaces><tt:MaximumNumberOfPresets>32</tt:MaximumNumberOfPresets><tt:HomeSupported>true</tt:HomeSupported></tptz:PTZNode>'
  );
}

const positionXml = (p: PtzPosition): string =>
  `<tt:PanTilt x="${p.pan.toFixed(4)}" y="${p.tilt.toFixed(4)}" space="${SPACE}/PanTiltSpaces/PositionGenericSpace"/><tt:Zoom x="${p.zoom.toFixed(4)}" space="${SPACE}/ZoomSpaces/PositionGenericSpace"/>`;

/** PanTilt x/y and Zoom x of a vector element (Velocity, Translation, Position); absent axes are left out. */
function vector(request: string, element: string): Partial<PtzPosition> {
  const inner = elementInner(request, element);
  if (inner === undefined) throw new SoapFault('Sender', 'InvalidArgVal', `missing ${element}`);
  const panTilt = elementAttributes(inner, 'PanTilt');
  const zoom = elementAttributes(inner, 'Zoom');
  const result: { pan?: number; tilt?: number; zoom?: number } = {};
  const number = (text: string | undefined, name: string): number => {
    const value = Number(text);
    if (text === undefined || !Number.isFinite(value)) throw new SoapFault('Sender', 'InvalidArgVal', `${element}: ${name} is not a number`);
    return value;
  };
  if (panTilt !== undefined) {
    result.pan = number(panTilt['x'], 'x');
    result.tilt = number(panTilt['y'], 'y');
  }
  if (zoom !== undefined) result.zoom = number(zoom['x'], 'zoom');
  return result;
}

/** ISO 8601 duration as ONVIF uses it for timeouts ("PT1.5S", "PT1M"). */
function durationMs(text: string | undefined): number | undefined {
  const match = text === undefined ? null : /^P(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (match === null) return undefined;
  return ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000;
}

/** PTZ service actions; undefined when the action is not one of them. */
export function ptzAction(action: string, request: string, context: OnvifDeviceContext, nowMs: number): string | undefined {
  const ptz = context.ptz;
  switch (action) {
    case 'GetNodes':
      return `<tptz:GetNodesResponse>${node()}</tptz:GetNodesResponse>`;
    case 'GetNode':
      return `<tptz:GetNodeResponse>${node()}</tptz:GetNodeResponse>`;
    case 'GetConfigurations':
      return `<tptz:GetConfigurationsResponse>${ptzConfiguration('tptz:PTZConfiguration')}</tptz:GetConfigurationsResponse>`;
    case 'GetConfiguration':
      return `<tptz:GetConfigurationResponse>${ptzConfiguration('tptz:PTZConfiguration')}</tptz:GetConfigurationResponse>`;
    case 'ContinuousMove':
      ptz.continuousMove(vector(request, 'Velocity'), durationMs(elementText(request, 'Timeout')));
      return '<tptz:ContinuousMoveResponse/>';
    case 'RelativeMove':
      ptz.relativeMove(vector(request, 'Translation'));
      return '<tptz:RelativeMoveResponse/>';
    case 'AbsoluteMove':
      ptz.absoluteMove(vector(request, 'Position'));
      return '<tptz:AbsoluteMoveResponse/>';
    case 'Stop':
      ptz.stop(elementText(request, 'PanTilt') !== 'false', elementText(request, 'Zoom') !== 'false');
      return '<tptz:StopResponse/>';
    case 'GetStatus': {
      const state = ptz.isMoving() ? 'MOVING' : 'IDLE';
      return (
        `<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position>${positionXml(ptz.position())}</tt:Position>` +
        `<tt:MoveStatus><tt:PanTilt>${state}</tt:PanTilt><tt:Zoom>${state}</tt:Zoom></tt:MoveStatus><tt:UtcTime>${new Date(nowMs).toISOString()}</tt:UtcTime>` +
        '</tptz:PTZStatus></tptz:GetStatusResponse>'
      );
    }
    case 'GetPresets':
      return `<tptz:GetPresetsResponse>${ptz
        .presets()
        .map((p) => `<tptz:Preset token="${escapeXml(p.token)}"><tt:Name>${escapeXml(p.name)}</tt:Name><tt:PTZPosition>${positionXml(p.position)}</tt:PTZPosition></tptz:Preset>`)
        .join('')}</tptz:GetPresetsResponse>`;
    case 'SetPreset': {
      const token = ptz.setPreset(elementText(request, 'PresetName'), elementText(request, 'PresetToken'));
      if (token === undefined) throw new SoapFault('Receiver', 'TooManyPresets', 'the preset list is full');
      return `<tptz:SetPresetResponse><tptz:PresetToken>${escapeXml(token)}</tptz:PresetToken></tptz:SetPresetResponse>`;
    }
    case 'GotoPreset':
      if (!ptz.gotoPreset(elementText(request, 'PresetToken') ?? '')) throw new SoapFault('Sender', 'NoToken', 'no such preset');
      return '<tptz:GotoPresetResponse/>';
    case 'RemovePreset':
      if (!ptz.removePreset(elementText(request, 'PresetToken') ?? '')) throw new SoapFault('Sender', 'NoToken', 'no such preset');
      return '<tptz:RemovePresetResponse/>';
    case 'GotoHomePosition':
      ptz.absoluteMove({ pan: 0, tilt: 0, zoom: 0 });
      return '<tptz:GotoHomePositionResponse/>';
    default:
      return undefined;
  }
}
