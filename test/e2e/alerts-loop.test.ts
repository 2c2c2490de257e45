// The alert loop end to end in Chromium: an administrator records a legal basis and activates a rule on a live
// simulator camera; an AnalyticsEvent enters through the alert loop's own entry (vigie.alerts.service.ingest, what
// main.ts wires to the analytics runner's onEvent — no detector is loaded here); the alert appears in the
// operator's console (pushed), is acknowledged, escalated (17), refused closing without a verdict, closed with
// one; and leaves its trail in the operations log, the journal and MQTT (a real Mosquitto subscriber).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectAsync, type MqttClient } from 'mqtt';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, screenshot, waitForValue } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { DEMO_PASSWORD, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';

describe('alert loop', { timeout: 600_000 }, () => {
  let server: TestVigie;
  let browser: Browser;
  let subscriber: MqttClient;
  const messages: { topic: string; body: Record<string, unknown> }[] = [];

  const session = async (username: string): Promise<HttpSession> => {
    const client = new HttpSession(server.baseUrl, { username, password: DEMO_PASSWORD });
    assert.equal((await client.login()).status, 200, `login ${username}`);
    return client;
  };

  before(async () => {
    server = await startTestVigie({ cameras: 2, alertsMqttUrl: MOSQUITTO });
    subscriber = await connectAsync(MOSQUITTO);
    subscriber.on('message', (topic, payload) => messages.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> }));
    await subscriber.subscribeAsync(`vigie/e2e${process.pid}/alerts/#`, { qos: 1 });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  });
  after(async () => {
    await browser?.close();
    await subscriber?.endAsync();
    await server?.close();
  });

  it('raises, pushes, acknowledges, escalates and closes an alert, with its trail', async () => {
    const admin = await session('admin');
    const operator = await session('operateur');
    const cameras = (await (await operator.send('GET', '/api/cameras')).json()) as { id: string; name: string }[];
    const camera = cameras[0];
    assert.ok(camera, 'a simulator camera');
    const now = Date.now();
    // Off by default: a rule cannot run without a legal basis.
    const refused = await admin.send('POST', '/api/analytics/activations', { cameraId: camera.id, rule: 'intrusion', legalBasisId: 'none' });
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { error: string }).error, 'VIGIE_ANALYTICS_BASIS_INVALID');
    const basis = await admin.send('POST', '/api/analytics/legal-bases', { authority: 'Préfet d’Eure-et-Loir', reference: 'Arrêté n° 2026-E2E', validFrom: now - 3_600_000, validTo: now + 3_600_000 });
    assert.equal(basis.status, 201);
    const basisId = ((await basis.json()) as { id: string }).id;
    const activated = await admin.send('POST', '/api/analytics/activations', {
      cameraId: camera.id,
      rule: 'intrusion',
      legalBasisId: basisId,
      zoneId: 'parvis',
      zone: [
        [0.1, 0.1],
        [0.6, 0.1],
        [0.6, 0.8],
      ],
    });
    assert.equal(activated.status, 201, await activated.clone().text());

    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    await loginThroughPage(page, server.baseUrl, 'operateur');
    await page.goto(`${server.baseUrl}/alertes`);
    await page.getByText('Aucune alerte en cours').waitFor({ timeout: 30_000 });
    // Let the push channel open before the event (the page says when it is offline).
    await page.getByText('Alertes en cours', { exact: true }).waitFor({ timeout: 30_000 });

    const emittedAt = Date.now();
    const alert = await server.vigie.alerts.service.ingest({
      cameraId: camera.id,
      rule: 'intrusion',
      zoneId: 'parvis',
      confidence: 0.82,
      startMs: emittedAt - 1500,
      endMs: emittedAt,
      boxes: [{ x: 0.2, y: 0.3, w: 0.12, h: 0.35, label: 'person', trackId: 7 }],
    });
    assert.ok(alert, 'the event of a running rule becomes an alert');
    await page.getByTestId('alert-item').first().waitFor({ timeout: 30_000 });
    const latencyMs = Date.now() - emittedAt;
    console.log(`alert latency (event → visible in the console): ${latencyMs} ms`);
    await page.getByTestId('alert-banner').waitFor();
    assert.match(await page.getByTestId('alert-item').first().innerText(), /Intrusion en zone interdite/);
    await page.getByTestId('alert-detail').waitFor();
    await screenshot(page, 'alerts-new');

    await page.getByRole('button', { name: 'Prendre en compte' }).click();
    await page.getByTestId('alert-detail').getByText('Prise en compte', { exact: false }).first().waitFor();
    await page.getByTestId('escalate-service').selectOption('17');
    await page.getByTestId('escalate-answer').fill('Patrouille envoyée place des Épars');
    await page.getByRole('button', { name: 'Noter l’appel' }).click();
    await page.getByTestId('alert-escalations').getByText('Patrouille envoyée place des Épars', { exact: false }).waitFor();
    await page.getByTestId('close-outcome').fill('Individu raccompagné hors de la zone');
    await page.getByRole('button', { name: 'Clôturer' }).click();
    await page.getByText('Pour clôturer, indiquez si l’alerte était fondée').waitFor();
    await screenshot(page, 'alerts-escalated');
    await page.getByTestId('close-verdict').selectOption('true_alarm');
    await page.getByRole('button', { name: 'Clôturer' }).click();
    await page.getByText('Aucune alerte en cours').waitFor({ timeout: 30_000 });
    await page.getByTestId('alert-stat').first().waitFor();
    assert.match(await page.getByTestId('alert-stat').first().innerText(), /Intrusion en zone interdite\s+1\s+0\s+0 %/);
    await page.getByTestId('oplog-text').fill('Fin de ronde, secteur calme');
    await page.getByRole('button', { name: 'Inscrire' }).click();
    await page.getByTestId('oplog').getByText('Fin de ronde, secteur calme', { exact: false }).waitFor();
    await screenshot(page, 'alerts-closed');

    // The operations log: raised, acknowledged, the call, the close, the hand entry.
    const log = (await (await operator.send('GET', '/api/oplog')).json()) as { text: string; author: string | null }[];
    const texts = log.map((e) => e.text).join('\n');
    for (const expected of ['levée', 'prise en compte par operateur', 'Appel 17 — Police nationale', 'clôturée : alerte fondée', 'Fin de ronde'])
      assert.ok(texts.includes(expected), `main courante: ${expected}\n${texts}`);
    const handover = await operator.send('GET', '/api/oplog/handover');
    assert.equal(handover.status, 200);
    assert.match(await handover.text(), /Passation de service[\s\S]*Appel 17/);
    // The journal: the raise by analytics and each person's step.
    const journal = (await (await admin.send('GET', '/api/journal?limit=200')).json()) as { entries: { action: string; actor: { username: string } | null; target: { id?: string } | null }[] };
    const steps = journal.entries.filter((e) => e.target?.id === alert.id).map((e) => `${e.action}:${e.actor?.username ?? '-'}`);
    for (const expected of ['alert.raise:-', 'alert.acknowledge:operateur', 'alert.escalate:operateur', 'alert.close:operateur'])
      assert.ok(steps.includes(expected), `journal: ${expected} in ${steps.join(', ')}`);
    assert.ok(journal.entries.some((e) => e.action === 'analytics.activate' && e.actor?.username === 'admin'));
    // MQTT: the alert's states on their topics.
    const states = await waitForValue(
      async () => messages.filter((m) => m.body['id'] === alert.id).map((m) => m.topic.split('/').at(-1)),
      (seen) => seen.includes('closed'),
      'the closed alert on MQTT',
      20_000,
    );
    for (const state of ['new', 'acknowledged', 'handling', 'closed']) assert.ok(states.includes(state), `MQTT ${state} in ${states.join(', ')}`);
    assert.ok(messages.every((m) => m.topic.startsWith(`vigie/e2e${process.pid}/alerts/`)));
    await context.close();
  });
});
