// Ships the local checkpoint file off the machine: the server follows the file (its own appends wake it,
// a timer catches lines that CLI commands wrote) and hands every new line to one bounded queue per target.
// How far it has read is kept beside the file, so lines written while no server ran are shipped at the next
// start; a crash may ship a few lines twice, which verify accepts.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Logger } from '../core/logger.js';
import { forEachLine, type ReadPosition } from './checkpoint-file.js';
import { mqttTarget } from './ship-mqtt.js';
import { ShipQueue, type ShipTarget } from './ship-queue.js';
import { syslogTarget } from './ship-syslog.js';
import { webhookTarget } from './ship-webhook.js';

/** `journal.checkpoints.ship` of the configuration; an empty string leaves that target off. */
export interface CheckpointShipping {
  readonly syslog: string;
  readonly webhook: string;
  readonly mqtt: { readonly url: string; readonly topic: string };
  readonly queueLimit: number;
}

const POLL_MS = 2000;
const WAKE_DELAY_MS = 20;

export function shippingTargets(shipping: CheckpointShipping): ShipTarget[] {
  const targets: ShipTarget[] = [];
  if (shipping.syslog !== '') targets.push(syslogTarget(shipping.syslog));
  if (shipping.webhook !== '') targets.push(webhookTarget(shipping.webhook));
  if (shipping.mqtt.url !== '') targets.push(mqttTarget(shipping.mqtt.url, shipping.mqtt.topic));
  return targets;
}

export class CheckpointShipper {
  readonly #file: string;
  readonly #stateFile: string;
  readonly #queues: ShipQueue[];
  readonly #logger: Logger;
  #position: ReadPosition;
  #wakeTimer: NodeJS.Timeout | undefined;
  readonly #pollTimer: NodeJS.Timeout;

  constructor(file: string, targets: readonly ShipTarget[], queueLimit: number, logger: Logger) {
    this.#file = file;
    this.#stateFile = `${file}.shipped`;
    this.#queues = targets.map((target) => new ShipQueue(target, queueLimit, logger));
    this.#logger = logger;
    this.#position = readPosition(this.#stateFile);
    this.#pollTimer = setInterval(() => this.#readNewLines(), POLL_MS).unref();
    this.#readNewLines();
  }

  /** A line was just appended: ship it soon (appends in a burst share one read). */
  wake(): void {
    this.#wakeTimer ??= setTimeout(() => {
      this.#wakeTimer = undefined;
      this.#readNewLines();
    }, WAKE_DELAY_MS).unref();
  }

  async close(): Promise<void> {
    clearInterval(this.#pollTimer);
    clearTimeout(this.#wakeTimer);
    this.#readNewLines();
    await Promise.all(this.#queues.map((queue) => queue.close()));
  }

  #readNewLines(): void {
    try {
      if (!existsSync(this.#file)) return;
      if (statSync(this.#file).size < this.#position.offset) {
        this.#logger.warn({ file: this.#file }, 'journal checkpoint file is shorter than what was already shipped (replaced or truncated?): shipping it again from the start');
        this.#position = { offset: 0, lineNumber: 1 };
      }
      const next = forEachLine(this.#file, this.#position, (line) => {
        if (!line.complete) return;
        for (const queue of this.#queues) queue.push(line.text);
      });
      if (next.offset !== this.#position.offset) {
        this.#position = next;
        writeFileSync(this.#stateFile, JSON.stringify(next));
      }
    } catch (error) {
      this.#logger.error({ err: error, file: this.#file }, 'journal checkpoint file could not be read for shipping');
    }
  }
}

function readPosition(stateFile: string): ReadPosition {
  try {
    const { offset, lineNumber } = JSON.parse(readFileSync(stateFile, 'utf8')) as ReadPosition;
    if (Number.isSafeInteger(offset) && Number.isSafeInteger(lineNumber)) return { offset, lineNumber };
  } catch {
    // No state yet (first start with shipping on): ship the whole file.
  }
  return { offset: 0, lineNumber: 1 };
}
