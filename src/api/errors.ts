// Error codes of the HTTP layer: the generic ones the error handler answers with, and the guards of api/.
// Listed in docs/errors.md.

/** Code → one-line meaning. */
export const API_ERRORS = {
  VIGIE_BAD_REQUEST: 'a request Fastify refused before any route ran (malformed body, wrong content type…) and that named no code of its own',
  VIGIE_INTERNAL: 'an unexpected failure; the details are in the server log, not in the reply',
  VIGIE_NOT_FOUND: 'no such route (an API path nobody declared)',
  VIGIE_ROUTE_NOT_SCOPED: 'a programming error: a handler asked for the camera scope of a route not declared kind "cameras"',
  VIGIE_ROUTE_UNDECLARED: 'a programming error: the route declares no access rule, so it is refused for everyone',
  VIGIE_TOO_MANY_CONNECTIONS: 'the server holds as many WebSocket connections as it allows (per address or in total); try again later',
  VIGIE_VALIDATION_FAILED: 'the request does not match the route schema (details lists the fields), or a query field is not a valid date-time',
  VIGIE_WEB_NOT_BUILT: 'the web console was not built on this server',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof API_ERRORS, true> {}
}
