// One shipping target's bounded queue: lines wait here while the target is down, retried with exponential
// back-off; when full the oldest waiting line is dropped (it stays in the local file). Pushing never waits.
import { VigieError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

export interface ShipTarget {
  /** For logs: the target without credentials. */
  readonly name: string;
  /** Delivers the lines or throws; must give up by itself within seconds. */
  send(lines: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** A target's URL from the configuration, refused at start with the setting named when it cannot be used. */
export function targetUrl(setting: string, value: string, protocols: readonly string[]): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || !protocols.includes(url.protocol)) {
    throw new VigieError('VIGIE_CONFIG_INVALID', `journal.checkpoints.ship.${setting} must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL, not "${value}"`, {
      context: { setting: `journal.checkpoints.ship.${setting}` },
    });
  }
  return url;
}

const BATCH = 100;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;
const CLOSE_GRACE_MS = 2000;

export class ShipQueue {
  readonly #target: ShipTarget;
  readonly #limit: number;
  readonly #logger: Logger;
  readonly #lines: string[] = [];
  /** Lines at the front of #lines being sent right now. */
  #inFlight = 0;
  #dropped = 0;
  #failures = 0;
  #draining: Promise<void> | undefined;
  #closed = false;
  #wakeUp: (() => void) | undefined;

  constructor(target: ShipTarget, limit: number, logger: Logger) {
    this.#target = target;
    this.#limit = limit;
    this.#logger = logger;
  }

  get waiting(): number {
    return this.#lines.length;
  }

  push(line: string): void {
    if (this.#closed) return;
    this.#lines.push(line);
    if (this.#lines.length > this.#limit) {
      this.#lines.splice(Math.min(this.#inFlight, this.#lines.length - 1), 1);
      this.#dropped += 1;
      if (this.#dropped === 1 || this.#dropped % 1000 === 0)
        this.#logger.warn(
          { target: this.#target.name, dropped: this.#dropped, limit: this.#limit },
          'journal checkpoint shipping queue full: oldest checkpoints dropped (they remain in the local file)',
        );
    }
    this.#draining ??= this.#drain().finally(() => (this.#draining = undefined));
  }

  /** Stops retrying, gives a send in progress a moment to finish (shutdown must not hang on a dead target), closes the target. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wakeUp?.();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#draining, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
    clearTimeout(timer);
    if (this.#lines.length > 0) this.#logger.warn({ target: this.#target.name, unsent: this.#lines.length }, 'journal checkpoints left unshipped at shutdown (they remain in the local file)');
    await this.#target.close().catch(() => undefined);
  }

  async #drain(): Promise<void> {
    while (this.#lines.length > 0 && !this.#closed) {
      this.#inFlight = Math.min(this.#lines.length, BATCH);
      let sent = false;
      let failure: unknown;
      try {
        await this.#target.send(this.#lines.slice(0, this.#inFlight));
        this.#lines.splice(0, this.#inFlight);
        sent = true;
      } catch (error) {
        failure = error;
      } finally {
        this.#inFlight = 0; // nothing is in flight during the back-off: a full queue may drop these lines
      }
      if (sent) {
        if (this.#failures > 0) this.#logger.info({ target: this.#target.name, failures: this.#failures }, 'journal checkpoint shipping recovered');
        this.#failures = 0;
        continue;
      }
      this.#failures += 1;
      const delay = Math.min(FIRST_RETRY_MS * 2 ** (this.#failures - 1), MAX_RETRY_MS);
      if (this.#failures === 1 || delay === MAX_RETRY_MS)
        this.#logger.warn({ err: failure, target: this.#target.name, failures: this.#failures, retryInMs: delay, waiting: this.#lines.length }, 'journal checkpoints could not be shipped; retrying');
      await this.#pause(delay);
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
