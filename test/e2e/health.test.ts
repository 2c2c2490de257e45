// Health (issue 11): a camera that goes offline raises a notice in an open console within seconds and appears on
// the room lead's health page with since when and why; the notice leaves when the camera is back. The health
// routes answer what the page needs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { DEMO_PASSWORD, loginThroughApi, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

let server: TestVigie;
let browser: TestBrowser;
/** The room lead's own browser: a second session in the same one would replace the operator's. */
let leadBrowser: TestBrowser;

before(async () => {
  server = await startTestVigie({ cameras: 3 });
  browser = await launchBrowser();
  leadBrowser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await leadBrowser?.close();
  await server?.close();
});

/** Points a camera at another address (one where nothing answers: as a camera unplugged); returns the one it had. */
async function setMainUrl(cameraId: string, mainUrl: string): Promise<string> {
  const admin = new HttpSession(server.baseUrl);
  assert.equal((await admin.login('admin', DEMO_PASSWORD)).status, 200);
  const before = ((await (await admin.send('GET', `/api/cameras/${cameraId}`)).json()) as { streams: { main: string } }).streams.main;
  const reply = await admin.send('PATCH', `/api/cameras/${cameraId}`, { mainUrl });
  assert.equal(reply.status, 200, `PATCH camera answered ${reply.status}: ${await reply.text()}`);
  return before;
}

test('the health routes: the server’s load for room leads, recording gaps in scope, bad input refused', async () => {
  const lead = await loginThroughApi(server.baseUrl, 'chef');
  const health = (await lead.get('/api/health/server')) as { loadAverage: number[]; cpus: number; memory: { totalBytes: number } };
  assert.equal(health.loadAverage.length, 3);
  assert.ok(health.cpus >= 1 && health.memory.totalBytes > 0);
  const gaps = (await lead.get('/api/recordings/gaps?hours=24')) as { fromMs: number; toMs: number; gaps: unknown[] };
  assert.equal(gaps.toMs - gaps.fromMs, 24 * 3_600_000);
  assert.equal((await lead.raw('/api/recordings/gaps?hours=0')).status, 400);
  assert.equal((await lead.raw('/api/recordings/gaps?hours=abc')).status, 400);
  const operator = await loginThroughApi(server.baseUrl, 'operateur');
  assert.equal((await operator.raw('/api/health/server')).status, 403);
});

test('a camera going offline: a notice in the operator’s console, the cause on the health page, gone when it is back', async (t) => {
  const operatorPage = await browser.newPage();
  await loginThroughPage(operatorPage, server.baseUrl, 'operateur');
  const leadPage = await leadBrowser.newPage();
  await loginThroughPage(leadPage, server.baseUrl, 'chef');
  await leadPage.getByRole('link', { name: 'Santé' }).click();
  await leadPage.getByRole('region', { name: 'Serveur' }).waitFor({ timeout: 15_000 });
  const operator = await loginThroughApi(server.baseUrl, 'operateur');
  const cameras = (await operator.get('/api/cameras')) as Array<{ id: string; name: string }>;
  const target = cameras.find((camera) => camera.name.startsWith('CAM-02'));
  assert.ok(target !== undefined, 'the demo has CAM-02');
  // Online first, so that going offline is a change the console sees.
  await waitForValue(
    async () => (await operatorPage.locator('.camera-notice').count()) === 0 && ((await operator.get(`/api/cameras/${target.id}/health`)) as { main: { state: string } }).main.state,
    (state) => state === 'online',
    'CAM-02 online',
    30_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 6_000)); // one inventory poll with the camera online
  // An address where nothing listens: the camera is unreachable, as when it is unplugged.
  const ownUrl = await setMainUrl(target.id, 'rtsp://127.0.0.1:9/cam2/main');
  try {
    const notice = operatorPage.locator(`.camera-notice[data-camera-id="${target.id}"]`);
    await notice.waitFor({ timeout: 45_000 }).catch(async (error: unknown) => {
      const state = ((await operator.get(`/api/cameras/${target.id}/health`)) as { main: { state: string } }).main.state;
      t.diagnostic(`no notice; the camera's state is ${state}; screenshot: ${await screenshot(operatorPage, 'health-notice-missing')}`);
      throw error;
    });
    assert.match((await notice.textContent()) ?? '', /CAM-02 .* : caméra hors ligne depuis \d{2}:\d{2}:\d{2}/);
    t.diagnostic(`screenshot: ${await screenshot(operatorPage, 'health-notice-operator')}`);
    const row = leadPage.locator(`tr[data-camera-id="${target.id}"]`);
    await row.waitFor({ timeout: 20_000 });
    assert.match((await row.textContent()) ?? '', /Hors ligne|Dégradée/);
    assert.match((await row.textContent()) ?? '', /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/, 'the last picture’s date and time, the French way');
    t.diagnostic(`screenshot: ${await screenshot(leadPage, 'health-page-lead')}`);
  } finally {
    await setMainUrl(target.id, ownUrl);
  }
  await operatorPage.locator(`.camera-notice[data-camera-id="${target.id}"]`).waitFor({ state: 'detached', timeout: 60_000 });
  await operatorPage.close();
  await leadPage.close();
});
