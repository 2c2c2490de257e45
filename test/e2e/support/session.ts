// Signing in for end-to-end tests, through the login page (as a user does) or the API (to compare with).
import type { Page } from 'playwright-core';

export const DEMO_PASSWORD = 'demo';

/** Fills and sends the console's login page (after dropping any session of the browser), waiting for nothing: what follows may be a second step. */
export async function submitLoginPage(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/connexion`);
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Logs in through the console's login page and waits for the signed-in header. */
export async function loginThroughPage(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await submitLoginPage(page, baseUrl, username, password);
  await page.getByTestId('user').waitFor({ timeout: 10_000 });
}

export interface ApiSession {
  /** The JSON of a 2xx answer; throws on any other status. */
  get(path: string): Promise<unknown>;
  /** The answer as it comes, whatever its status. */
  raw(path: string): Promise<Response>;
}

/** Logs in through the API and returns a client that sends the session cookie. */
export async function loginThroughApi(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (response.status !== 200) throw new Error(`API login of ${username} answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return {
    async get(path) {
      const reply = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
      if (!reply.ok) throw new Error(`GET ${path} answered ${reply.status}: ${await reply.text()}`);
      return reply.json() as Promise<unknown>;
    },
    raw: (path) => fetch(`${baseUrl}${path}`, { headers: { cookie } }),
  };
}
