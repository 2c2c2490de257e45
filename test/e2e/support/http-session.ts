// A browser-like HTTP client for end-to-end tests: session cookie, CSRF header on mutations, re-login when
// a probe ended the session (logout), and probes that only read the status.
const PROBE_TIMEOUT_MS = 8000;

export class HttpSession {
  readonly #base: string;
  readonly #credentials: { username: string; password: string } | undefined;
  #cookie = '';
  #csrf = '';
  #bearer = '';

  constructor(baseUrl: string, credentials?: { username: string; password: string }) {
    this.#base = baseUrl.replace(/\/$/, '');
    this.#credentials = credentials;
  }

  /** A client that authenticates with an API token (Authorization: Bearer) instead of a session. */
  static withToken(baseUrl: string, token: string): HttpSession {
    const session = new HttpSession(baseUrl);
    session.#bearer = token;
    return session;
  }

  /** The headers that authenticate this client (session cookie or bearer token), for WebSocket or RTSP clients. */
  authHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.#cookie !== '') headers['cookie'] = this.#cookie;
    if (this.#bearer !== '') headers['authorization'] = `Bearer ${this.#bearer}`;
    return headers;
  }

  async login(username = this.#credentials?.username ?? '', password = this.#credentials?.password ?? ''): Promise<Response> {
    const response = await fetch(`${this.#base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (response.status === 200) {
      this.#cookie = response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      this.#csrf = ((await response.clone().json()) as { csrfToken: string }).csrfToken;
    }
    return response;
  }

  /** One request; `timeoutMs` for the few that are long on purpose (a benchmark's extraction). */
  send(method: string, path: string, body?: unknown, timeoutMs = PROBE_TIMEOUT_MS): Promise<Response> {
    const headers = this.authHeaders();
    if (method !== 'GET' && method !== 'HEAD') {
      headers['x-csrf-token'] = this.#csrf;
      if (body !== undefined) headers['content-type'] = 'application/json';
    }
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' };
    if (body !== undefined && method !== 'GET' && method !== 'HEAD') init.body = JSON.stringify(body);
    return fetch(`${this.#base}${path}`, init);
  }

  /** The status of one request (0 when it timed out, e.g. an endless stream that never answered). */
  async probe(method: string, path: string, body?: unknown): Promise<number> {
    try {
      const response = await this.send(method, path, body);
      await response.body?.cancel();
      return response.status;
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return 0;
      throw error;
    }
  }

  /** Logs in again if a request (a logout, a password change) ended the session; true when it did. */
  async ensureLoggedIn(): Promise<boolean> {
    if (this.#credentials === undefined || (await this.probe('GET', '/api/auth/me')) !== 401) return false;
    return (await this.login()).status === 200;
  }
}
