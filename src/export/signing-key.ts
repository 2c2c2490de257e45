// The installation's Ed25519 export-signing key, created on first use under `<dataDir>/keys/` (private key
// readable by Vigie only). Receivers verify with the public key shipped in each package.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SigningKey {
  readonly publicKeyPem: string;
  sign(data: Uint8Array): Uint8Array;
}

export function loadSigningKey(dataDir: string): SigningKey {
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'export-signing-ed25519.pem');
  let privateKey: KeyObject;
  if (existsSync(file)) {
    privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  } else {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    privateKey = generateKeyPairSync('ed25519').privateKey;
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { publicKeyPem, sign: (data) => new Uint8Array(sign(null, data, privateKey)) };
}
