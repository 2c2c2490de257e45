// Ed25519 key pairs kept as files outside the database: `<dir>/<name>.pem` (PKCS#8, readable by Vigie only)
// created on first use, and `<dir>/<name>.pub.pem` (SPKI) beside it for whoever verifies signatures.
// Export signing and journal checkpoints each have their own pair.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSubdirectory } from './directories.js';

export interface Ed25519KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
}

export function ed25519KeyPaths(dir: string, name: string): { readonly privateFile: string; readonly publicFile: string } {
  return { privateFile: join(dir, `${name}.pem`), publicFile: join(dir, `${name}.pub.pem`) };
}

/** Loads the pair, creating it (and the public key file) if missing; safe when two processes start at once. */
export function loadOrCreateEd25519Key(dir: string, name: string): Ed25519KeyPair {
  const { privateFile, publicFile } = ed25519KeyPaths(dir, name);
  if (!existsSync(privateFile)) {
    ensureSubdirectory(dir);
    // Written aside then linked into place, so that a process starting at the same moment never reads half a
    // key, and the first link wins if two processes create one at once.
    const pending = `${privateFile}.${process.pid}.tmp`;
    writeFileSync(pending, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    try {
      linkSync(pending, privateFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(pending);
    }
  }
  const privateKey = createPrivateKey(readFileSync(privateFile, 'utf8'));
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  if (!existsSync(publicFile)) writeFileSync(publicFile, publicKeyPem, { mode: 0o644 });
  return { privateKey, publicKey, publicKeyPem };
}
