// Signs a checkpoint of every entry this process appends and writes it to the local checkpoint file, which
// the server (when shipping is configured) follows to send it off the machine.
import type { KeyObject } from 'node:crypto';
import { silentLogger, type Logger } from '../core/logger.js';
import { checkpointFilePath, checkpointLine, loadCheckpointSigningKey, signCheckpoint, type Checkpoint } from './checkpoint.js';
import { CheckpointFileWriter } from './checkpoint-file.js';
import { CheckpointShipper, shippingTargets, type CheckpointShipping } from './checkpoint-shipper.js';

export class CheckpointWriter {
  readonly #dataDir: string;
  readonly #file: CheckpointFileWriter;
  readonly #shipper: CheckpointShipper | undefined;
  /** Loaded at the first append, so that a process that only verifies never creates a key. */
  #key: KeyObject | undefined;

  constructor(dataDir: string, shipping: CheckpointShipping | undefined, logger: Logger | undefined) {
    this.#dataDir = dataDir;
    this.#file = new CheckpointFileWriter(checkpointFilePath(dataDir), logger);
    const targets = shipping === undefined ? [] : shippingTargets(shipping);
    if (shipping !== undefined && targets.length > 0) this.#shipper = new CheckpointShipper(this.#file.path, targets, shipping.queueLimit, logger ?? silentLogger);
  }

  record(checkpoint: Checkpoint): void {
    this.#key ??= loadCheckpointSigningKey(this.#dataDir);
    this.#file.append(checkpointLine(signCheckpoint(checkpoint, this.#key)));
    this.#shipper?.wake();
  }

  async close(): Promise<void> {
    await this.#shipper?.close();
    await this.#file.close();
  }
}
