// Test helper: a logged-in browser-like client over Fastify's inject (cookies, CSRF header, source address).
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export class TestClient {
  readonly #app: FastifyInstance;
  readonly #ip: string;
  #cookies = new Map<string, string>();
  csrfToken: string | undefined;
  bearer: string | undefined;

  constructor(app: FastifyInstance, ip = '127.0.0.1') {
    this.#app = app;
    this.#ip = ip;
  }

  async login(username: string, password: string, code?: string): Promise<LightMyRequestResponse> {
    const response = await this.request('POST', '/api/auth/login', { username, password, ...(code === undefined ? {} : { code }) });
    if (response.statusCode === 200) this.csrfToken = (response.json() as { csrfToken: string }).csrfToken;
    return response;
  }

  /** The Cookie header this client sends (for WebSocket upgrades). */
  cookieHeader(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: Method, url: string, body?: unknown, options: { csrf?: string | false } = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (this.#cookies.size > 0) headers['cookie'] = this.cookieHeader();
    if (this.bearer !== undefined) headers['authorization'] = `Bearer ${this.bearer}`;
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    if (method !== 'GET' && csrf !== false && csrf !== undefined) headers['x-csrf-token'] = csrf;
    const inject: InjectOptions = { method, url, headers, remoteAddress: this.#ip, ...(body === undefined ? {} : { payload: body as NonNullable<InjectOptions['payload']> }) };
    const response = await this.#app.inject(inject);
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (cookie.value === '' || cookie.maxAge === 0) this.#cookies.delete(cookie.name);
      else this.#cookies.set(cookie.name, cookie.value);
    }
    return response;
  }
}
