// A call to Vigie's API from a signed-in page, as the console makes it: the session cookie, the CSRF token
// from its cookie, JSON both ways.
import type { Page } from 'playwright-core';
import { loginThroughPage } from './session.js';

export async function pageApi(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate<{ status: number; body: unknown }>(`(async () => {
    const csrf = document.cookie.split('; ').find((c) => c.startsWith('vigie_csrf='))?.slice(11) ?? '';
    const r = await fetch(${JSON.stringify(path)}, { method: ${JSON.stringify(method)}, headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) }, body: ${body === undefined ? 'undefined' : JSON.stringify(JSON.stringify(body))} });
    return { status: r.status, body: await r.json().catch(() => null) };
  })()`);
}

/** The login page, tried up to three times: on a loaded machine the first answer can miss the helper's 10 s wait. */
export async function signInPatiently(page: Page, baseUrl: string, username: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await loginThroughPage(page, baseUrl, username);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
