// HTTP client of the console: same-origin JSON calls with the session cookie, the CSRF header on every
// mutation, and one place that turns an error reply into an ApiError the pages can show.

import { ApiError } from './api-error.js';

export { ApiError };

const CSRF_COOKIE = 'vigie_csrf';
let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any call answers 401 (session expired or revoked), so the shell can go back to the login page. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function cookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function apiRequest(method: Method, path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken ?? cookie(CSRF_COOKIE);
    if (token !== null) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? null : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Serveur Vigie injoignable.');
  }
  const text = await response.text();
  let payload: unknown = null;
  if (text !== '') {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = text;
    }
  }
  if (!response.ok) {
    const record = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
    const code = typeof record['error'] === 'string' ? record['error'] : `HTTP_${response.status}`;
    const message = typeof record['message'] === 'string' ? record['message'] : response.statusText;
    if (response.status === 401 && !path.startsWith('/api/auth/')) for (const listener of unauthorizedListeners) listener();
    // An import refused line by line answers its bad lines beside the code, not under details: kept the same way.
    const details =
      typeof record['details'] === 'object' && record['details'] !== null ? (record['details'] as Record<string, unknown>) : Array.isArray(record['errors']) ? { errors: record['errors'] } : {};
    throw new ApiError(response.status, code, message, details);
  }
  return payload;
}

export const apiGet = (path: string): Promise<unknown> => apiRequest('GET', path);
export const apiPost = (path: string, body?: unknown): Promise<unknown> => apiRequest('POST', path, body ?? {});

/** Absolute WebSocket URL on the same origin (the session cookie travels with the upgrade). */
export function webSocketUrl(path: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${path}`;
}
