// Alert events for the police operations centre's tools: MQTT (topic vigie/<site>/alerts/<commune>/<camera>/<state>,
// retained=false, QoS 1) and webhooks (POST JSON, a timeout and a few retries each). Publishing never holds up an
// alert: failures are logged and dropped after the last retry.
import { connect, type MqttClient } from 'mqtt';
import type { Logger } from '../core/logger.js';
import type { Alert, AlertChange } from './model.js';

export interface AlertPublishConfig {
  /** The site's name in topics (letters, digits, - and _). */
  readonly site: string;
  readonly mqtt: { readonly url: string };
  readonly webhooks: readonly { readonly url: string; readonly timeoutMs: number; readonly retries: number }[];
}

/** Topic-safe: MQTT wildcards and separators never come from data. */
const topicPart = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '_') || '_';

export function alertTopic(site: string, alert: Pick<Alert, 'communeInsee' | 'cameraId' | 'state'>): string {
  return `vigie/${topicPart(site)}/alerts/${topicPart(alert.communeInsee)}/${topicPart(alert.cameraId)}/${alert.state}`;
}

/** The message: what happened and the alert as the API returns it (no picture: it stays on the server). */
export function alertMessage(site: string, change: AlertChange): Record<string, unknown> {
  const a = change.alert;
  return {
    site,
    event: change.kind,
    id: a.id,
    state: a.state,
    rule: a.rule,
    ruleLabel: a.ruleLabel,
    priority: a.priority,
    cameraId: a.cameraId,
    commune: a.communeInsee,
    zoneId: a.zoneId,
    confidence: a.confidence,
    firstMs: a.firstMs,
    lastMs: a.lastMs,
    eventCount: a.eventCount,
    boxes: a.boxes,
    handler: a.handler,
    verdict: a.verdict,
    outcome: a.outcome,
    escalations: a.escalations.map((e) => ({ service: e.service, calledAt: e.calledAt, calledBy: e.calledBy, answer: e.answer })),
  };
}

export interface AlertPublisher {
  publish(change: AlertChange): void;
  /** Waits for what is being sent (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createAlertPublisher(config: AlertPublishConfig, logger: Logger): AlertPublisher {
  let mqtt: MqttClient | undefined;
  if (config.mqtt.url !== '') {
    mqtt = connect(config.mqtt.url, { clientId: `vigie-alerts-${process.pid}-${Math.random().toString(36).slice(2, 8)}`, connectTimeout: 5000, reconnectPeriod: 2000 });
    mqtt.on('error', (error) => logger.warn({ err: error }, 'MQTT broker for alerts unreachable'));
  }
  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const post = async (hook: AlertPublishConfig['webhooks'][number], body: string): Promise<void> => {
    for (let attempt = 0; attempt <= hook.retries; attempt += 1) {
      try {
        const response = await fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(hook.timeoutMs) });
        if (response.ok) return;
        throw new Error(`answered ${response.status}`);
      } catch (error) {
        if (attempt === hook.retries) {
          logger.warn({ err: error, webhook: hook.url, attempts: attempt + 1 }, 'alert webhook failed; message dropped');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
      }
    }
  };

  return {
    publish(change) {
      const message = alertMessage(config.site, change);
      const body = JSON.stringify(message);
      if (mqtt !== undefined) {
        const client = mqtt;
        // The client queues while it (re)connects; QoS 1 so the broker acknowledges.
        track(
          client.publishAsync(alertTopic(config.site, change.alert), body, { qos: 1 }).then(
            () => undefined,
            (error: unknown) => logger.warn({ err: error, alert: change.alert.id }, 'could not publish an alert over MQTT'),
          ),
        );
      }
      for (const hook of config.webhooks) track(post(hook, body));
    },
    async flush() {
      await Promise.all([...pending]);
    },
    async close() {
      await Promise.race([Promise.all([...pending]), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await mqtt?.endAsync(true);
    },
  };
}
