// The onvif capability's door: Vigie's own ONVIF client (SOAP 1.2 + WS-Security digest), onboarding's one-call
// inspection of a device, and WS-Discovery.
export {
  OnvifClient,
  deviceServiceUrl,
  type OnvifClientOptions,
  type OnvifDeviceInformation,
  type OnvifPreset,
  type OnvifProfile,
  type OnvifPtzStatus,
  type OnvifServices,
  type PtzLimits,
  type PtzVector,
} from './client.js';
export type { OnvifCredentials } from './soap-client.js';
export { fromOnvifPoint, toOnvifPoint, type OnvifMask, type OnvifMaskOptions, type OnvifMaskType } from './privacy-masks.js';
export { inspectOnvifDevice, withoutCredentials, type OnvifInspection } from './inspect.js';
export { probeOnvifDevices, parseProbeMatches, WS_DISCOVERY_GROUP, WS_DISCOVERY_PORT, type DiscoveredDevice, type ProbeOptions } from './discovery.js';
export { ONVIF_ERRORS } from './errors.js';
