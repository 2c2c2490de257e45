// Ships checkpoints to an MQTT broker: one message per checkpoint on the configured topic, QoS 1 (the broker
// acknowledges each). The client reconnects by itself; while it is down sends fail and the queue retries.
import { connect } from 'mqtt';
import { hostname } from 'node:os';
import { targetUrl, type ShipTarget } from './ship-queue.js';

const TIMEOUT_MS = 5000;

export function mqttTarget(url: string, topic: string): ShipTarget {
  const parsed = targetUrl('mqtt.url', url, ['mqtt:', 'mqtts:', 'ws:', 'wss:']);
  const name = `${parsed.protocol}//${parsed.host} ${topic}`;
  const client = connect(url, { clientId: `vigie-journal-${hostname()}-${process.pid}`, connectTimeout: TIMEOUT_MS, reconnectPeriod: 2000, queueQoSZero: false });
  client.on('error', () => undefined); // reported by the failing sends
  return {
    name,
    async send(lines) {
      if (!client.connected) throw new Error(`not connected to the MQTT broker ${parsed.host}`);
      for (const line of lines) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`MQTT broker ${parsed.host} did not acknowledge within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)));
        try {
          await Promise.race([client.publishAsync(topic, line, { qos: 1 }), timeout]);
        } finally {
          clearTimeout(timer);
        }
      }
    },
    close: async () => {
      await client.endAsync(true);
    },
  };
}
