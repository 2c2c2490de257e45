// The alert loop on both engines, with a manual clock: no rule runs without a valid legal basis and a rule stops
// by itself when its basis expires; detections become alerts, merged while one event goes on; the state machine
// with its required verdict; escalation calls and every step in the operations log; verdict statistics; the
// handover report; and the alert events received by a real Mosquitto subscriber and a webhook that fails first.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { connectAsync } from 'mqtt';
import type { RuleSetting } from '../analytics/index.js';
import { ManualClock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { createJournal, type Journal } from '../journal/index.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { handoverHtml } from './handover.js';
import { alertTopic, createAlerts, type Alerts, type DetectionEvent } from './index.js';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';
const T0 = Date.UTC(2026, 11, 5, 21, 0);
const HOUR = 3_600_000;
const ADMIN = { id: 'u-admin', username: 'admin', role: 'administrator' };
const OPERATOR = { id: 'u-op', username: 'operateur', role: 'operator' };

async function rejection(promise: Promise<unknown>): Promise<VigieError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof VigieError, `expected a VigieError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const dialect of await testDialects()) {
  describe(`alerts (${dialect})`, () => {
    let database: TestDatabase;
    let journal: Journal;
    let alerts: Alerts;
    const clock = new ManualClock(T0);
    const applied = new Map<string, readonly RuleSetting[]>();
    const moved: string[] = [];
    const alarmMonitor: string[][] = [];
    const site = `test${process.pid}${dialect}`;
    const mqttMessages: { topic: string; body: Record<string, unknown> }[] = [];
    const webhookBodies: Record<string, unknown>[] = [];
    let webhookCalls = 0;
    const closers: (() => Promise<unknown>)[] = [];

    before(async () => {
      database = await openTestDatabase(dialect);
      journal = createJournal({ db: database.db, clock, dataDir: database.dataDir });
      const subscriber = await connectAsync(MOSQUITTO);
      closers.push(() => subscriber.endAsync());
      subscriber.on('message', (topic, payload) => mqttMessages.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> }));
      await subscriber.subscribeAsync(`vigie/${site}/alerts/#`, { qos: 1 });
      // A webhook that fails its first call: the retry delivers, the alert never waits for it.
      const hook = createServer((request, response) => {
        webhookCalls += 1;
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          if (webhookCalls === 1) response.writeHead(503).end();
          else {
            webhookBodies.push(JSON.parse(body) as Record<string, unknown>);
            response.writeHead(204).end();
          }
        });
      });
      await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
      closers.push(() => new Promise((resolve) => hook.close(resolve)));
      alerts = await createAlerts({
        db: database.db,
        clock,
        journal,
        logger: silentLogger,
        cameraCommune: async (cameraId) => (cameraId.startsWith('cam-') ? '28085' : undefined),
        extendedProfile: false,
        publish: { site, mqtt: { url: MOSQUITTO }, webhooks: [{ url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`, timeoutMs: 2000, retries: 2 }] },
        analytics: { apply: (cameraId, rules) => void applied.set(cameraId, rules) },
        ptz: {
          gotoPreset: async (cameraId, preset) => {
            moved.push(`${cameraId}:${preset}`);
          },
          presets: async () => [{ token: 'quai', name: 'Quai de la gare' }],
        },
        wall: {
          showOnAlarmMonitor: async (cameraIds) => {
            alarmMonitor.push([...cameraIds]);
          },
        },
      });
    });
    after(async () => {
      await alerts?.close();
      for (const close of closers.reverse()) await close();
      await database?.close();
    });

    const event = (over: Partial<DetectionEvent> = {}): DetectionEvent => ({
      cameraId: 'cam-1',
      rule: 'intrusion',
      zoneId: 'quai',
      confidence: 0.7,
      startMs: clock.now(),
      endMs: clock.now() + 2000,
      boxes: [{ x: 0.1, y: 0.2, w: 0.1, h: 0.3, label: 'person', trackId: 4 }],
      ...over,
    });

    it('refuses any activation without a valid legal basis, and the extended profile unless configured', async () => {
      assert.equal((await alerts.governance.activations()).length, 0, 'analytics are off by default');
      assert.equal((await rejection(alerts.governance.activate({ cameraId: 'cam-1', rule: 'intrusion', legalBasisId: 'nope' }, ADMIN))).code, 'VIGIE_ANALYTICS_BASIS_INVALID');
      const expired = await alerts.governance.addBasis({ authority: 'Préfet d’Eure-et-Loir', reference: 'Arrêté 2026-001', validFrom: T0 - 10 * HOUR, validTo: T0 - HOUR }, ADMIN);
      const later = await alerts.governance.addBasis({ authority: 'Préfet d’Eure-et-Loir', reference: 'Arrêté 2026-002', validFrom: T0 + HOUR, validTo: T0 + 10 * HOUR }, ADMIN);
      for (const basis of [expired, later]) {
        assert.equal((await rejection(alerts.governance.activate({ cameraId: 'cam-1', rule: 'intrusion', legalBasisId: basis.id }, ADMIN))).code, 'VIGIE_ANALYTICS_BASIS_INVALID');
      }
      const valid = await alerts.governance.addBasis({ authority: 'Préfet', reference: 'Arrêté 2026-003', validFrom: T0 - HOUR, validTo: T0 + 2 * HOUR }, ADMIN);
      assert.equal((await rejection(alerts.governance.activate({ cameraId: 'cam-1', rule: 'aggression', legalBasisId: valid.id }, ADMIN))).code, 'VIGIE_ANALYTICS_PROFILE_REFUSED');
      assert.equal((await rejection(alerts.governance.activate({ cameraId: 'cam-1', rule: 'face', legalBasisId: valid.id }, ADMIN))).code, 'VIGIE_ANALYTICS_RULE_UNKNOWN');
      assert.equal((await rejection(alerts.governance.activate({ cameraId: 'ghost', rule: 'intrusion', legalBasisId: valid.id }, ADMIN))).code, 'VIGIE_ANALYTICS_CAMERA_UNKNOWN');
      assert.equal((await alerts.governance.activations()).length, 0);
      assert.equal(applied.size, 0, 'nothing was handed to analytics');
    });

    it('drops a detection of a rule that does not run: no alert is invented', async () => {
      assert.equal(await alerts.service.ingest(event()), undefined);
      assert.equal((await alerts.service.list({})).length, 0);
    });

    it('turns detections into one alert per ongoing event, moves the PTZ and the alarm monitor, publishes it', async () => {
      const basis = (await alerts.governance.bases()).find((b) => b.reference === 'Arrêté 2026-003');
      assert.ok(basis);
      const activation = await alerts.governance.activate(
        {
          cameraId: 'cam-1',
          rule: 'intrusion',
          legalBasisId: basis.id,
          zoneId: 'quai',
          zone: [
            [0, 0],
            [0.5, 0],
            [0.5, 0.5],
          ],
          thresholds: { minSeconds: 2 },
          ptzCameraId: 'cam-ptz',
          ptzPreset: 'quai',
        },
        ADMIN,
      );
      assert.equal(activation.state, 'active');
      assert.deepEqual(
        applied.get('cam-1')?.map((r) => [r.rule, r.zoneId, r.thresholds]),
        [['intrusion', 'quai', { minSeconds: 2 }]],
      );
      const first = await alerts.service.ingest(event());
      assert.ok(first);
      assert.equal(first.state, 'new');
      assert.equal(first.communeInsee, '28085');
      assert.equal(first.ruleLabel, 'Intrusion en zone interdite');
      clock.advance(20_000);
      const merged = await alerts.service.ingest(event({ confidence: 0.9 }));
      assert.equal(merged?.id, first.id, 'a repeated detection of the same event is the same alert');
      assert.equal(merged?.eventCount, 2);
      assert.equal(merged?.confidence, 0.9);
      const otherZone = await alerts.service.ingest(event({ zoneId: 'parvis' }));
      assert.equal(otherZone, undefined, 'the rule runs in its zone only');
      await waitFor('the PTZ and the alarm monitor', () => moved.length === 1 && alarmMonitor.length === 1);
      assert.deepEqual(moved, ['cam-ptz:quai']);
      assert.deepEqual(alarmMonitor, [['cam-ptz']]);
      // Recorded in the operator's words: the preset's name (a camera unknown to the territory keeps its id).
      const reaction = async (): Promise<string | null> => (await alerts.service.get(first.id)).reaction;
      await waitFor('the reaction recorded', async () => (await reaction()) !== null);
      assert.equal(await reaction(), 'PTZ « cam-ptz » → préréglage « Quai de la gare »; mur : moniteur d’alarme');
      const raised = (await journal.query({ limit: 50 })).entries.filter((e) => e.action === 'alert.raise');
      assert.equal(raised.length, 1);
      assert.equal(raised[0]?.target?.id, first.id);
      await alerts.publisher.flush();
      // created, merged, and updated with the PTZ and wall outcome (whose order with the merge may vary)
      await waitFor('the MQTT messages', () => mqttMessages.length >= 3);
      assert.equal(mqttMessages[0]?.topic, `vigie/${site}/alerts/28085/cam-1/new`);
      assert.equal(mqttMessages[0]?.body['event'], 'created');
      assert.equal(mqttMessages[0]?.body['rule'], 'intrusion');
      assert.deepEqual(mqttMessages.map((m) => m.body['event']).sort(), ['created', 'merged', 'updated']);
      await waitFor('the webhook, after its retry', () => webhookBodies.length >= 2);
      assert.equal(webhookBodies[0]?.['id'], first.id);
    });

    it('moves new → acknowledged → handling → closed, with the verdict and outcome required, each step in the log', async () => {
      const [alert] = await alerts.service.list({ open: true });
      assert.ok(alert);
      const acknowledged = await alerts.service.acknowledge(alert.id, OPERATOR);
      assert.equal(acknowledged.state, 'acknowledged');
      assert.equal(acknowledged.handler, 'operateur');
      assert.equal((await rejection(alerts.service.acknowledge(alert.id, OPERATOR))).code, 'VIGIE_ALERT_STATE');
      const escalated = await alerts.service.escalate(alert.id, { service: '17', answer: 'Patrouille envoyée' }, OPERATOR);
      assert.equal(escalated.state, 'handling', 'calling out takes the alert in hand');
      assert.deepEqual(
        escalated.escalations.map((e) => [e.service, e.calledBy, e.answer]),
        [['17', 'operateur', 'Patrouille envoyée']],
      );
      assert.equal((await rejection(alerts.service.escalate(alert.id, { service: '911' }, OPERATOR))).code, 'VIGIE_ALERT_FIELD_INVALID');
      assert.equal((await rejection(alerts.service.close(alert.id, { verdict: 'true_alarm' }, OPERATOR))).code, 'VIGIE_ALERT_VERDICT_REQUIRED');
      assert.equal((await rejection(alerts.service.close(alert.id, { outcome: 'Interpellation' }, OPERATOR))).code, 'VIGIE_ALERT_VERDICT_REQUIRED');
      const closed = await alerts.service.close(alert.id, { verdict: 'true_alarm', outcome: 'Personne raccompagnée hors du quai' }, OPERATOR);
      assert.equal(closed.state, 'closed');
      assert.equal(closed.verdict, 'true_alarm');
      assert.equal((await rejection(alerts.service.handle(alert.id, OPERATOR))).code, 'VIGIE_ALERT_STATE');
      assert.equal((await rejection(alerts.service.escalate(alert.id, { service: '18' }, OPERATOR))).code, 'VIGIE_ALERT_STATE');
      const log = (await alerts.oplog.list({})).filter((e) => e.alertId === alert.id).map((e) => [e.kind, e.author, e.text]);
      assert.ok(log.some(([kind, author, text]) => kind === 'alert' && author === null && String(text).includes('levée')));
      assert.ok(log.some(([kind, text]) => kind === 'alert' && text === 'operateur'));
      assert.ok(log.some(([kind, , text]) => kind === 'escalation' && String(text).includes('17 — Police nationale') && String(text).includes('Patrouille envoyée')));
      assert.ok(log.some(([, , text]) => String(text).includes('clôturée : alerte fondée')));
      // After the close, the same situation again is a new alert.
      clock.advance(5_000);
      const again = await alerts.service.ingest(event());
      assert.ok(again !== undefined && again.id !== alert.id);
      await alerts.service.close(again.id, { verdict: 'false_alarm', outcome: 'Agent de nettoyage' }, OPERATOR);
      const stats = await alerts.service.stats();
      const overall = stats.find((s) => s.rule === 'intrusion' && s.cameraId === null);
      assert.deepEqual([overall?.closed, overall?.trueAlarms, overall?.falseAlarms, overall?.falseAlarmRate], [2, 1, 1, 0.5]);
      assert.equal(stats.find((s) => s.cameraId === 'cam-1')?.closed, 2);
    });

    it('writes hand entries and prints the shift handover in French and Paris time', async () => {
      await alerts.oplog.write({ kind: 'manual', text: 'Ronde de la police municipale place des Épars' }, OPERATOR);
      await assert.rejects(alerts.oplog.write({ kind: 'manual', text: '   ' }, OPERATOR), (error: unknown) => error instanceof VigieError && error.code === 'VIGIE_ALERT_FIELD_INVALID');
      const html = handoverHtml({
        fromMs: T0 - HOUR,
        toMs: clock.now(),
        by: 'operateur',
        openAlerts: await alerts.service.list({ open: true }),
        entries: await alerts.oplog.list({}),
        cameraName: (id) => id,
      });
      assert.match(html, /Passation de service/);
      assert.match(html, /05\/12\/2026 22:00:00/, 'Paris time, JJ/MM/AAAA 24 h');
      assert.match(html, /Ronde de la police municipale place des Épars/);
      assert.match(html, /Aucune alerte en cours/);
    });

    it('stops the rule by itself when its legal basis expires: journaled, logged, analytics told, no more alerts', async () => {
      clock.advance(2 * HOUR);
      await alerts.governance.sweep();
      const [activation] = await alerts.governance.activations();
      assert.equal(activation?.state, 'stopped');
      assert.equal(activation?.stopCause, 'expired');
      assert.deepEqual(applied.get('cam-1'), []);
      const expiry = (await journal.query({ limit: 100 })).entries.filter((e) => e.action === 'analytics.expire');
      assert.equal(expiry.length, 1);
      assert.equal(expiry[0]?.actor, null);
      assert.ok((await alerts.oplog.list({})).some((e) => e.kind === 'governance' && e.text.includes('arrêtée d’elle-même')));
      assert.equal(await alerts.service.ingest(event()), undefined);
    });

    it('names topics without MQTT wildcards from data', () => {
      assert.equal(alertTopic('csu', { communeInsee: '28085', cameraId: 'a/b+#', state: 'new' }), 'vigie/csu/alerts/28085/a_b__/new');
    });
  });
}
