// The installation's Ed25519 export-signing key, created on first use under `<dataDir>/keys/` (private key
// readable by Vigie only). Receivers verify with the public key shipped in each package.
import { sign } from 'node:crypto';
import { join } from 'node:path';
import { loadOrCreateEd25519Key } from '../core/ed25519-key-file.js';

export interface SigningKey {
  readonly publicKeyPem: string;
  sign(data: Uint8Array): Uint8Array;
}

export function loadSigningKey(dataDir: string): SigningKey {
  const { privateKey, publicKeyPem } = loadOrCreateEd25519Key(join(dataDir, 'keys'), 'export-signing-ed25519');
  return { publicKeyPem, sign: (data) => new Uint8Array(sign(null, data, privateKey)) };
}
