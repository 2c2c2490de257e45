// ONVIF Device service (ONVIF Device Management Service Spec §8): clock, services, capabilities, identity.
import { serviceUrl, type OnvifDeviceContext } from './device-context.js';

const NS = {
  device: 'http://www.onvif.org/ver10/device/wsdl',
  media: 'http://www.onvif.org/ver10/media/wsdl',
  media2: 'http://www.onvif.org/ver20/media/wsdl',
  ptz: 'http://www.onvif.org/ver20/ptz/wsdl',
};

function systemDateAndTime(nowMs: number): string {
  const d = new Date(nowMs);
  return (
    '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>' +
    '<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone><tt:UTCDateTime>' +
    `<tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time>` +
    `<tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date>` +
    '</tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>'
  );
}

function services(context: OnvifDeviceContext): string {
  const service = (namespace: string, url: string, major: number): string =>
    `<tds:Service><tds:Namespace>${namespace}</tds:Namespace><tds:XAddr>${url}</tds:XAddr><tds:Version><tt:Major>${major}</tt:Major><tt:Minor>0</tt:Minor></tds:Version></tds:Service>`;
  return (
    '<tds:GetServicesResponse>' +
    service(NS.device, serviceUrl(context, 'device'), 2) +
    service(NS.media, serviceUrl(context, 'media'), 2) +
    (context.privacyMasks === undefined ? '' : service(NS.media2, serviceUrl(context, 'media2'), 2)) +
    service(NS.ptz, serviceUrl(context, 'ptz'), 2) +
    '</tds:GetServicesResponse>'
  );
}

function capabilities(context: OnvifDeviceContext): string {
  return (
    '<tds:GetCapabilitiesResponse><tds:Capabilities>' +
    `<tt:Device><tt:XAddr>${serviceUrl(context, 'device')}</tt:XAddr></tt:Device>` +
    `<tt:Media><tt:XAddr>${serviceUrl(context, 'media')}</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>` +
    `<tt:PTZ><tt:XAddr>${serviceUrl(context, 'ptz')}</tt:XAddr></tt:PTZ>` +
    '</tds:Capabilities></tds:GetCapabilitiesResponse>'
  );
}

function deviceInformation(context: OnvifDeviceContext): string {
  return (
    '<tds:GetDeviceInformationResponse><tds:Manufacturer>Vigie</tds:Manufacturer><tds:Model>Simulated PTZ</tds:Model>' +
    `<tds:FirmwareVersion>1.0</tds:FirmwareVersion><tds:SerialNumber>SIM-${context.camera}</tds:SerialNumber><tds:HardwareId>vigie-sim</tds:HardwareId>` +
    '</tds:GetDeviceInformationResponse>'
  );
}

/** Device service actions; undefined when the action is not one of them. */
export function deviceAction(action: string, context: OnvifDeviceContext, nowMs: number): string | undefined {
  switch (action) {
    case 'GetSystemDateAndTime':
      return systemDateAndTime(nowMs);
    case 'GetServices':
      return services(context);
    case 'GetCapabilities':
      return capabilities(context);
    case 'GetDeviceInformation':
      return deviceInformation(context);
    default:
      return undefined;
  }
}
