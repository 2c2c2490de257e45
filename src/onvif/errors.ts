// Error codes of the ONVIF client (src/onvif), listed in docs/errors.md. Messages are French: the console and
// the onboarding form show them as they are; credentials and raw device text never appear in them.

/** Code → one-line meaning. */
export const ONVIF_ERRORS = {
  VIGIE_ONVIF_ADDRESS_INVALID: 'the ONVIF address is not an http(s) URL or host[:port]',
  VIGIE_ONVIF_UNREACHABLE: 'the ONVIF device did not answer (refused, unreachable or too slow)',
  VIGIE_ONVIF_AUTH: 'the ONVIF device refused the credentials (WS-Security NotAuthorized, or HTTP 401)',
  VIGIE_ONVIF_FAULT: 'the ONVIF device answered with a SOAP fault; details.subcode names it',
  VIGIE_ONVIF_BAD_RESPONSE: 'the ONVIF device answered something that is not the expected SOAP XML',
  VIGIE_ONVIF_NO_PTZ: 'the ONVIF device has no PTZ service or PTZ configuration',
  VIGIE_ONVIF_NO_MASKS: 'the ONVIF device has no Media2 service, hence no privacy masks Vigie could push',
  VIGIE_ONVIF_DISCOVERY: 'WS-Discovery could not send its probe on the chosen interface',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof ONVIF_ERRORS, true> {}
}
