// Signed checkpoints: after every append Vigie signs (sequence, hash, time, entry count) of the newest entry
// with an Ed25519 key kept outside the database, so that whoever can only write to the database cannot move,
// rewrite or extend the chain without verify noticing. One checkpoint is one JSON line.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519KeyPaths, loadOrCreateEd25519Key } from '../core/ed25519-key-file.js';

const KEY_NAME = 'journal-checkpoint-ed25519';

export interface Checkpoint {
  readonly sequence: number;
  readonly hash: string;
  readonly timeMs: number;
  /** Entries the chain held once this one was appended (after any purge). */
  readonly entryCount: number;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 over checkpointPayload(), base64. */
  readonly signature: string;
}

/** The default append-only checkpoint file of an installation. */
export function checkpointFilePath(dataDir: string): string {
  return join(dataDir, 'journal', 'checkpoints.jsonl');
}

export function checkpointKeyPaths(dataDir: string): { readonly privateFile: string; readonly publicFile: string } {
  return ed25519KeyPaths(join(dataDir, 'keys'), KEY_NAME);
}

/** The signing key, created with its public half on first use. */
export function loadCheckpointSigningKey(dataDir: string): KeyObject {
  return loadOrCreateEd25519Key(join(dataDir, 'keys'), KEY_NAME).privateKey;
}

/** The key that checks signatures: the given public key file, else the installation's (never creates one). */
export function readCheckpointPublicKey(dataDir: string, publicKeyFile?: string): { readonly key: KeyObject | undefined; readonly location: string } {
  const { privateFile, publicFile } = checkpointKeyPaths(dataDir);
  const file = publicKeyFile ?? publicFile;
  if (existsSync(file)) return { key: createPublicKey(readFileSync(file, 'utf8')), location: file };
  if (publicKeyFile === undefined && existsSync(privateFile)) return { key: createPublicKey(readFileSync(privateFile, 'utf8')), location: privateFile };
  return { key: undefined, location: file };
}

function checkpointPayload(checkpoint: Checkpoint): Buffer {
  return Buffer.from(JSON.stringify(['vigie-journal-checkpoint-v1', checkpoint.sequence, checkpoint.hash, checkpoint.timeMs, checkpoint.entryCount]));
}

export function signCheckpoint(checkpoint: Checkpoint, privateKey: KeyObject): SignedCheckpoint {
  return { ...checkpoint, signature: sign(null, checkpointPayload(checkpoint), privateKey).toString('base64') };
}

export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  return verify(null, checkpointPayload(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
}

/** One line of the checkpoint file, newline included. */
export function checkpointLine(checkpoint: SignedCheckpoint): string {
  return `${JSON.stringify({ v: 1, sequence: checkpoint.sequence, hash: checkpoint.hash, time: checkpoint.timeMs, entryCount: checkpoint.entryCount, signature: checkpoint.signature })}\n`;
}

/** A line read back, or undefined when it is not a well-formed checkpoint. */
export function parseCheckpointLine(line: string): SignedCheckpoint | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const { v, sequence, hash, time, entryCount, signature } = value as Record<string, unknown>;
  if (v !== 1 || !Number.isSafeInteger(sequence) || !Number.isSafeInteger(time) || !Number.isSafeInteger(entryCount)) return undefined;
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash) || typeof signature !== 'string') return undefined;
  return { sequence: sequence as number, hash, timeMs: time as number, entryCount: entryCount as number, signature };
}
