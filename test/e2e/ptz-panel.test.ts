// The PTZ panel in Chromium on the demo's PTZ camera (the simulator's head): the joystick pans it, a preset is
// saved and recalled, home, click-to-centre, and the banner names the room lead who takes the camera over.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/access/index.js';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { loginThroughApi, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

let server: TestVigie;
let browser: TestBrowser;

before(async () => {
  server = await startTestVigie({ cameras: 2 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

interface Status {
  position: { pan: number; tilt: number; zoom: number; moving: boolean };
}

test('the PTZ panel drives the demo PTZ camera and shows who holds it', { timeout: 240_000 }, async (t) => {
  const api = await loginThroughApi(server.baseUrl, 'operateur');
  const cameras = (await api.get('/api/cameras')) as Array<{ id: string; type: string; name: string }>;
  const ptz = cameras.find((c) => c.type === 'ptz');
  assert.ok(ptz !== undefined, 'the demo has a PTZ camera');
  const status = async (): Promise<Status['position']> => ((await api.get(`/api/cameras/${ptz.id}/ptz`)) as Status).position;
  const settled = (accept: (p: Status['position']) => boolean, what: string) => waitForValue(status, (p) => !p.moving && accept(p), what, 20_000);

  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'operateur');
  await page.goto(`${server.baseUrl}/mosaique?n=1&cams=${ptz.id}`);
  const panel = page.getByTestId('ptz-panel');
  await panel.waitFor({ timeout: 20_000 });

  // Joystick: hold the knob to the right for a second.
  const pad = await page.getByTestId('ptz-pad').boundingBox();
  assert.ok(pad !== null);
  await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height / 2);
  await page.mouse.down();
  await page.mouse.move(pad.x + pad.width * 0.8, pad.y + pad.height / 2, { steps: 5 });
  await page.waitForTimeout(1000);
  await page.mouse.up();
  // Any clear pan to the right: how far depends on how soon a loaded machine sent the move.
  const panned = await settled((p) => p.pan > 0.02, 'the head panned right by the joystick');
  assert.ok(panned.pan < 0.9, `the joystick's release stopped the head: pan ${panned.pan}`);
  t.diagnostic(`joystick: pan ${panned.pan.toFixed(3)}`);

  // Keyboard: focus the panel, arrow up for a moment.
  await panel.focus();
  await page.keyboard.down('ArrowUp');
  await page.waitForTimeout(800);
  await page.keyboard.up('ArrowUp');
  const tilted = await settled((p) => p.tilt > 0.02, 'the head tilted up by the keyboard');

  // Save a preset, go home, come back to it.
  await page.getByLabel('Nom du nouveau préréglage').fill('Porche nord');
  await page.getByRole('button', { name: 'Enregistrer la position' }).click();
  await page.getByText('Porche nord').waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Position d’origine' }).click();
  await settled((p) => Math.abs(p.pan) < 0.02 && Math.abs(p.tilt) < 0.02, 'the head at home');
  await page.locator('.ptz-presets li', { hasText: 'Porche nord' }).getByRole('button', { name: 'Aller' }).click();
  await settled((p) => Math.abs(p.pan - panned.pan) < 0.05 && Math.abs(p.tilt - tilted.tilt) < 0.05, 'the head back at the preset');

  // Click-to-centre: a click on the left of the picture pans left.
  const before = await status();
  await page.getByRole('button', { name: 'Clic pour centrer' }).click();
  const aim = await page.getByTestId('ptz-aim').boundingBox();
  assert.ok(aim !== null);
  await page.mouse.click(aim.x + aim.width * 0.1, aim.y + aim.height / 2);
  const centred = await settled((p) => p.pan < before.pan - 0.05, 'the head turned toward the click');
  t.diagnostic(`click-to-centre: pan ${before.pan.toFixed(3)} → ${centred.pan.toFixed(3)}`);
  await page.getByRole('button', { name: /Clic pour centrer/ }).click();

  // The room lead takes the camera over: the operator's panel names him.
  const lead = new HttpSession(server.baseUrl, { username: 'chef', password: DEMO_PASSWORD });
  assert.equal((await lead.login()).status, 200);
  const taken = await lead.send('POST', `/api/cameras/${ptz.id}/ptz/move`, { mode: 'relative', pan: -0.1 });
  assert.equal(taken.status, 200, await taken.text());
  await page.getByText(/Caméra pilotée par chef \(chef de salle\)/).waitFor({ timeout: 10_000 });
  await page.getByText(/a repris la main sur cette caméra/).waitFor({ timeout: 10_000 });
  t.diagnostic(`screenshot: ${await screenshot(page, 'ptz-panel')}`);
  // A command from the operator now is refused in French.
  await page.getByRole('button', { name: 'Position d’origine' }).click();
  await page
    .getByRole('alert')
    .getByText(/pilotée par chef \(chef de salle\)/)
    .waitFor({ timeout: 10_000 });
  await lead.send('POST', `/api/cameras/${ptz.id}/ptz/release`);
  await page.close();
});
