// Error codes of the access capability (accounts, sessions, API tokens, the policy), listed in docs/errors.md.

/** Code → one-line meaning. */
export const ACCESS_ERRORS = {
  VIGIE_ACCESS_REVOKED:
    'a running stream was ended because the viewer lost access (logout, expiry, account, role or commune change, token revoked); a WebSocket message before close 4403, not an HTTP reply',
  VIGIE_AUTH_REQUIRED: 'the request needs a logged-in person (session cookie) or an API token',
  VIGIE_CAMERA_REQUIRED: 'a camera route was called without naming its camera',
  VIGIE_COMMUNE_INVALID: 'a commune given for an account is not an INSEE code (5 digits)',
  VIGIE_COMMUNE_NOT_APPLICABLE: 'communes were given for a role that is not limited to communes',
  VIGIE_COMMUNE_REQUIRED: 'a role limited to communes (mayor, municipal police) was given none',
  VIGIE_COMMUNE_UNKNOWN: 'a commune given for an account is not in the territory',
  VIGIE_CSRF_FAILED: 'a mutation by session came without the right x-csrf-token header',
  VIGIE_FORBIDDEN: 'the access policy refused the request (the message gives the reason)',
  VIGIE_HABILITATION_INVALID: 'a habilitation period that ends before it starts (400), or a login refused because the habilitation is not in force (403)',
  VIGIE_LAST_ADMINISTRATOR: 'the change would leave no active administrator',
  VIGIE_LOGIN_FAILED: 'wrong username or password (the same answer whether the account exists or not)',
  VIGIE_LOGIN_THROTTLED: 'too many failed logins from this address or for this account; details.retryAfterSeconds says when to retry',
  VIGIE_ORIGIN_REFUSED: 'a WebSocket upgrade from an origin that is not one of http.publicOrigins',
  VIGIE_PASSWORD_CHANGE_REQUIRED: 'the password was reset by an administrator: the person may do nothing but change it (POST /api/auth/password)',
  VIGIE_PASSWORD_UNCHANGED: 'a password change gave the current password again',
  VIGIE_PASSWORD_WRONG: 'a password change was refused: the current password given is wrong',
  VIGIE_PASSWORD_WEAK: 'the password is too short, too long or too easy to guess',
  VIGIE_ROLE_INVALID: 'not one of the roles of docs/access.md',
  VIGIE_SECOND_FACTOR_DISABLED: 'the second factor is turned off on this installation (access.secondFactor: off)',
  VIGIE_SECOND_FACTOR_ENROLMENT_REQUIRED: 'this role sees video and the installation requires a second factor: enrol one before anything else',
  VIGIE_SECOND_FACTOR_INVALID: 'the one-time code is wrong or expired (it counts as a failed login)',
  VIGIE_SECOND_FACTOR_REQUIRED: 'the password is right and the account has a second factor: send the one-time code too (field code)',
  VIGIE_TIME_RANGE_REQUIRED: 'a route that reads recorded pictures was called without its instant or range',
  VIGIE_TOKEN_BY_TOKEN: 'API tokens are managed by a logged-in person, not through another token',
  VIGIE_TOKEN_EXCEEDS_OWNER: 'an API token asked for more rights than the person who mints it holds',
  VIGIE_TOKEN_INVALID: 'the API token is unknown, revoked, expired, or its owner can no longer use it',
  VIGIE_TOKEN_NOT_FOUND: 'no such API token',
  VIGIE_TOKEN_SCOPE_INVALID: 'an API token needs at least one known action',
  VIGIE_TOKEN_VALIDITY_INVALID: 'an API token validity (validDays) out of range',
  VIGIE_USERNAME_INVALID: 'a username outside the allowed characters or length',
  VIGIE_USERNAME_TAKEN: 'the username is already taken',
  VIGIE_USER_NOT_FOUND: 'no such account',
  VIGIE_USER_SELF_DELETE: 'an administrator cannot delete their own account',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof ACCESS_ERRORS, true> {}
}
