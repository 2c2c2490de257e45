// The alert loop on a real detection: a simulator camera (RTSP login required) plays real footage of people
// walking (TUD-Campus, ../shared/data) after a few seconds of empty picture, in a loop; an administrator activates
// the intrusion rule on it under a legal basis, with the demo PTZ camera's preset as its reaction. The live
// analytics runner (models in worker threads, frames from Vigie's hub) sees the people and raises the alert,
// which the operator's console in Chromium shows; the PTZ goes to its preset; the operator acknowledges,
// escalates (17) and closes it; the operations log, the journal and MQTT (a real Mosquitto subscriber) carry its
// trail. Meanwhile no process started here shows the camera's password on its command line (/proc/<pid>/cmdline).
// The latency from the people appearing in the picture to the push reaching a console is reported (the rule's
// own 1 s dwell included); the strict target is measured by `npm run bench -- analytics` (ANALYTICS_BENCH=latency).
// Skipped cleanly when ../shared/data is absent. Affordable on 2 cores: one analysed camera at 5 frames/s at most.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectAsync, type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { descendantCommandLines, makeEventClip, PEOPLE_CLIP, watchAppearances, type AppearanceWatch } from './support/event-clip.js';
import { HttpSession } from './support/http-session.js';
import { DEMO_PASSWORD, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';
const CAMERA_USER = 'vigie-analyse';
const CAMERA_PASSWORD = 'Mdp-Camera-7Qz';

describe('alert loop on a real detection', { timeout: 600_000, skip: existsSync(PEOPLE_CLIP) ? false : `no clip at ${PEOPLE_CLIP} (../shared/data absent)` }, () => {
  let scratch: string;
  let sim: Simulator;
  let server: TestVigie;
  let browser: TestBrowser;
  let subscriber: MqttClient;
  let watch: AppearanceWatch | undefined;
  const leaks: string[] = [];
  let sampler: NodeJS.Timeout | undefined;
  const messages: { topic: string; body: Record<string, unknown> }[] = [];

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'vigie-alert-detection-'));
    sim = await startSimulator({ cameras: 1, port: 0, clips: [makeEventClip(scratch)], cacheDir: TEST_CACHE_DIR, auth: `${CAMERA_USER}:${CAMERA_PASSWORD}` });
    server = await startTestVigie({ cameras: 2, alertsMqttUrl: MOSQUITTO });
    subscriber = await connectAsync(MOSQUITTO);
    subscriber.on('message', (topic, payload) => messages.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> }));
    await subscriber.subscribeAsync(`vigie/e2e${process.pid}/alerts/#`, { qos: 1 });
    browser = await launchBrowser();
    // Every child process's command line, sampled all along: none may carry the camera's password.
    sampler = setInterval(() => {
      for (const { pid, line } of descendantCommandLines()) if (line.includes(CAMERA_PASSWORD) && pid !== watch?.pid) leaks.push(line);
    }, 200);
  });
  after(async () => {
    if (sampler !== undefined) clearInterval(sampler);
    watch?.close();
    await browser?.close();
    await subscriber?.endAsync();
    await server?.close();
    await sim?.close();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it('people walking into the picture raise an alert that the operator handles to its close, with its trail', async (t) => {
    const session = async (username: string): Promise<HttpSession> => {
      const client = new HttpSession(server.baseUrl, { username, password: DEMO_PASSWORD });
      assert.equal((await client.login()).status, 200, `login ${username}`);
      return client;
    };
    const json = async <T = Record<string, unknown>>(response: Response, status = 200): Promise<T> => {
      const text = await response.text();
      assert.equal(response.status, status, text);
      return JSON.parse(text) as T;
    };
    const admin = await session('admin');
    const operator = await session('operateur');
    const startedAt = Date.now();
    const cameraUrl = (sim.urls[0] as { main: string }).main;
    const camera = await json(
      await admin.send('POST', '/api/cameras', {
        name: 'Parvis piétons',
        commune: '28085',
        lat: 48.4465,
        lon: 1.4885,
        mainUrl: cameraUrl,
        username: CAMERA_USER,
        password: CAMERA_PASSWORD,
        enabled: true,
      }),
      201,
    );
    const cameraId = String(camera['id']);

    // The demo PTZ camera: a preset looking at the zone, then the head turned away from it.
    const device = await server.vigie.database.db.selectFrom('ptz_devices').selectAll().executeTakeFirstOrThrow();
    const ptzCamera = device.camera_id;
    const position = async (): Promise<{ pan: number; tilt: number; zoom: number }> =>
      (await json<{ position: { pan: number; tilt: number; zoom: number } }>(await operator.send('GET', `/api/cameras/${ptzCamera}/ptz`))).position;
    await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'absolute', pan: -0.4, tilt: 0, zoom: 0 }));
    await waitForValue(position, (p) => Math.abs(p.pan + 0.4) < 0.05, 'the head at the preset position', 20_000);
    const ptzCameraName = (await json<{ name: string }>(await operator.send('GET', `/api/cameras/${ptzCamera}`))).name;
    const preset = await json<{ token: string; name: string }>(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/presets`, { name: 'Parvis piétons' }), 201);
    await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'absolute', pan: 0.5, tilt: 0, zoom: 0 }));
    await waitForValue(position, (p) => Math.abs(p.pan - 0.5) < 0.05, 'the head turned away', 20_000);
    await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/release`));

    const basis = await json(
      await admin.send('POST', '/api/analytics/legal-bases', {
        authority: 'Préfet d’Eure-et-Loir',
        reference: 'Arrêté n° 2026-E2E-DETECTION',
        validFrom: startedAt - 3_600_000,
        validTo: startedAt + 3_600_000,
      }),
      201,
    );
    // The parvis: the whole picture but a border (the footage's people cross it).
    const zone = [
      [0.02, 0.02],
      [0.98, 0.02],
      [0.98, 0.98],
      [0.02, 0.98],
    ];
    await json(
      await admin.send('POST', '/api/analytics/activations', { cameraId, rule: 'intrusion', legalBasisId: basis['id'], zoneId: 'parvis', zone, ptzCameraId: ptzCamera, ptzPreset: preset.token }),
      201,
    );

    // The push channel as a second console sees it: when each alert was created or merged.
    const pushes: { kind: string; id: string; at: number }[] = [];
    const channel = new WebSocket(`${server.baseUrl.replace('http', 'ws')}/api/alerts/events`, { headers: { ...operator.authHeaders(), origin: server.baseUrl } });
    channel.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { kind: string; alert?: { id: string } };
      if ((message.kind === 'created' || message.kind === 'merged') && message.alert !== undefined) pushes.push({ kind: message.kind, id: message.alert.id, at: Date.now() });
    });
    await new Promise((resolve, reject) => channel.once('open', resolve).once('error', reject));
    watch = watchAppearances(cameraUrl.replace('rtsp://', `rtsp://${CAMERA_USER}:${CAMERA_PASSWORD}@`));

    const page = await browser.newPage();
    await loginThroughPage(page, server.baseUrl, 'operateur');
    await page.goto(`${server.baseUrl}/alertes`);
    await page.getByText('Alertes en cours', { exact: true }).waitFor({ timeout: 30_000 });
    // The runner loads its models (tens of seconds on a busy machine), then sees the first people.
    await page.getByTestId('alert-item').first().waitFor({ timeout: 300_000 });
    assert.match(await page.getByTestId('alert-item').first().innerText(), /Intrusion en zone interdite/);
    await page.getByTestId('alert-detail').waitFor();
    await screenshot(page, 'alerts-detection-new');
    const alerts = await json<{ id: string; rule: string; confidence: number; boxes: { label: string }[]; reaction: string | null }[]>(await operator.send('GET', '/api/alerts?open=true'));
    const alert = alerts.find((a) => a.rule === 'intrusion');
    assert.ok(alert, JSON.stringify(alerts));
    assert.ok(
      alert.boxes.some((b) => b.label === 'person'),
      `a person's box: ${JSON.stringify(alert.boxes)}`,
    );
    assert.ok(alert.confidence >= 0.4);

    // The PTZ went to the preset looking at the zone (its reaction is recorded on the alert).
    await waitForValue(position, (p) => Math.abs(p.pan + 0.4) < 0.05, 'the PTZ at its preset after the alert', 30_000);
    const reacted = await waitForValue(
      async () => (await json<{ reaction: string | null }>(await operator.send('GET', `/api/alerts/${alert.id}`))).reaction,
      (reaction) => reaction !== null,
      'the reaction recorded',
      20_000,
    );
    // In the operator's words: the camera's and the preset's names, not their ids.
    assert.equal(reacted?.split('; ')[0], `PTZ « ${ptzCameraName} » → préréglage « ${preset.name} »`);

    await page.getByRole('button', { name: 'Prendre en compte' }).click();
    await page.getByTestId('alert-detail').getByText('Prise en compte', { exact: false }).first().waitFor();
    await page.getByTestId('escalate-service').selectOption('17');
    await page.getByTestId('escalate-answer').fill('Patrouille envoyée sur le parvis');
    await page.getByRole('button', { name: 'Noter l’appel' }).click();
    await page.getByTestId('alert-escalations').getByText('Patrouille envoyée sur le parvis', { exact: false }).waitFor();
    await page.getByTestId('close-verdict').selectOption('true_alarm');
    await page.getByTestId('close-outcome').fill('Piétons invités à quitter le parvis');
    await page.getByRole('button', { name: 'Clôturer' }).click();
    await page.getByTestId('alert-stat').first().waitFor();
    await screenshot(page, 'alerts-detection-closed');

    const log = (await json<{ text: string }[]>(await operator.send('GET', '/api/oplog'))).map((e) => e.text).join('\n');
    for (const expected of ['Intrusion en zone interdite', 'levée', 'prise en compte par operateur', 'Appel 17', 'clôturée : alerte fondée'])
      assert.ok(log.includes(expected), `main courante: ${expected}\n${log}`);
    const journal = await json<{ entries: { action: string; actor: { username: string } | null; target: { id?: string } | null; details?: Record<string, unknown> }[] }>(
      await admin.send('GET', '/api/journal?limit=300'),
    );
    const steps = journal.entries.filter((e) => e.target?.id === alert.id).map((e) => `${e.action}:${e.actor?.username ?? '-'}`);
    for (const expected of ['alert.raise:-', 'alert.acknowledge:operateur', 'alert.escalate:operateur', 'alert.close:operateur'])
      assert.ok(steps.includes(expected), `journal: ${expected} in ${steps.join(', ')}`);
    const states = await waitForValue(
      async () => messages.filter((m) => m.body['id'] === alert.id).map((m) => m.topic.split('/').at(-1)),
      (seen) => seen.includes('closed'),
      'the closed alert on MQTT',
      20_000,
    );
    for (const state of ['new', 'acknowledged', 'handling', 'closed']) assert.ok(states.includes(state), `MQTT ${state} in ${states.join(', ')}`);
    assert.equal(messages.find((m) => m.body['id'] === alert.id)?.body['rule'], 'intrusion');

    // Latency: each push after the first people appearance it follows (the rule's 1 s dwell included).
    const appearances = watch.appearances;
    const latencies = appearances.flatMap((appeared, i) => {
      const push = pushes.find((p) => p.at >= appeared && p.at < (appearances[i + 1] ?? Infinity));
      return push === undefined ? [] : [push.at - appeared];
    });
    t.diagnostic(`people appeared ${appearances.length} times; pushes ${pushes.map((p) => p.kind).join(', ')}; latency appearance → push (dwell 1 s included): ${latencies.join(', ')} ms`);
    assert.ok(appearances.length >= 1, 'the observer saw the people appear');
    channel.close();
    await page.close();
    assert.deepEqual(leaks, [], 'no command line carries the camera password');
  });
});
