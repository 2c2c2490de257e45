// Error codes of the alerts capability (analytics governance, alerts, escalation, operations log), listed in docs/errors.md.

/** Code → one-line meaning. */
export const ALERTS_ERRORS = {
  VIGIE_ALERT_FIELD_INVALID: 'an alert, legal-basis, activation or operations-log field is missing, blank, too long or of the wrong kind; details.field names it',
  VIGIE_ALERT_NOT_FOUND: 'no such alert among those the caller may see',
  VIGIE_ALERT_STATE: 'the alert is not in a state that allows this (e.g. acknowledging a closed one); details.state tells its state',
  VIGIE_ALERT_VERDICT_REQUIRED: 'closing an alert needs the verdict (true or false alarm) and the outcome',
  VIGIE_ANALYTICS_BASIS_INVALID: 'the legal basis is missing, unknown, not yet valid or expired: no analysis rule may run without a valid one',
  VIGIE_ANALYTICS_PROFILE_REFUSED: 'the rule belongs to the extended profile, which the configuration does not allow (alerts.extendedProfile)',
  VIGIE_ANALYTICS_RULE_UNKNOWN: 'the rule is not one of the catalogue',
  VIGIE_ANALYTICS_CAMERA_UNKNOWN: 'the camera of the activation does not exist',
  VIGIE_ANALYTICS_ACTIVATION_NOT_FOUND: 'no such rule activation',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof ALERTS_ERRORS, true> {}
}
