// ONVIF Media service (Media Service Spec, ver10): one video source, a profile per stream (main, sub) bound to
// the PTZ configuration, stream URIs pointing at the simulator's RTSP paths, and a JPEG snapshot URI.
import { serviceUrl, type OnvifDeviceContext, type OnvifProfile } from './device-context.js';
import { ptzConfiguration } from './ptz-service.js';
import { elementText, escapeXml, SoapFault } from './soap.js';

const SOURCE = 'source1';

function encoderConfiguration(profile: OnvifProfile): string {
  const gov = profile.encoding === 'H264' ? `<tt:H264><tt:GovLength>${Math.round(profile.fps * 2)}</tt:GovLength><tt:H264Profile>Main</tt:H264Profile></tt:H264>` : '';
  return (
    `<tt:VideoEncoderConfiguration token="encoder_${profile.token}"><tt:Name>${profile.token}</tt:Name><tt:UseCount>1</tt:UseCount>` +
    `<tt:Encoding>${profile.encoding}</tt:Encoding><tt:Resolution><tt:Width>${profile.width}</tt:Width><tt:Height>${profile.height}</tt:Height></tt:Resolution>` +
    `<tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>${profile.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>${profile.bitrateKbps}</tt:BitrateLimit></tt:RateControl>` +
    `${gov}<tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration>`
  );
}

function profileXml(context: OnvifDeviceContext, profile: OnvifProfile): string {
  const main = context.profiles[0] ?? profile;
  return (
    `<trt:Profiles token="${profile.token}" fixed="true"><tt:Name>${profile.token}</tt:Name>` +
    `<tt:VideoSourceConfiguration token="vsc1"><tt:Name>vsc1</tt:Name><tt:UseCount>${context.profiles.length}</tt:UseCount><tt:SourceToken>${SOURCE}</tt:SourceToken>` +
    `<tt:Bounds x="0" y="0" width="${main.width}" height="${main.height}"/></tt:VideoSourceConfiguration>` +
    encoderConfiguration(profile) +
    ptzConfiguration('tt:PTZConfiguration') +
    '</trt:Profiles>'
  );
}

function findProfile(context: OnvifDeviceContext, request: string): OnvifProfile {
  const token = elementText(request, 'ProfileToken');
  const profile = context.profiles.find((p) => p.token === token);
  if (profile === undefined) throw new SoapFault('Sender', 'NoProfile', `no profile "${token ?? ''}"`);
  return profile;
}

const mediaUri = (uri: string): string =>
  `<trt:MediaUri><tt:Uri>${escapeXml(uri)}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri>`;

/** Media service actions; undefined when the action is not one of them. */
export function mediaAction(action: string, request: string, context: OnvifDeviceContext): string | undefined {
  const main = context.profiles[0];
  switch (action) {
    case 'GetProfiles':
      return `<trt:GetProfilesResponse>${context.profiles.map((p) => profileXml(context, p)).join('')}</trt:GetProfilesResponse>`;
    case 'GetProfile':
      return `<trt:GetProfileResponse>${profileXml(context, findProfile(context, request)).replace(/trt:Profiles/g, 'trt:Profile')}</trt:GetProfileResponse>`;
    case 'GetVideoSources':
      return (
        `<trt:GetVideoSourcesResponse><trt:VideoSources token="${SOURCE}"><tt:Framerate>${main?.fps ?? 25}</tt:Framerate>` +
        `<tt:Resolution><tt:Width>${main?.width ?? 0}</tt:Width><tt:Height>${main?.height ?? 0}</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>`
      );
    case 'GetStreamUri':
      return `<trt:GetStreamUriResponse>${mediaUri(findProfile(context, request).streamUri)}</trt:GetStreamUriResponse>`;
    case 'GetSnapshotUri':
      findProfile(context, request);
      return `<trt:GetSnapshotUriResponse>${mediaUri(serviceUrl(context, 'snapshot'))}</trt:GetSnapshotUriResponse>`;
    default:
      return undefined;
  }
}
