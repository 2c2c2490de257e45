// Camera credentials encrypted at rest with AES-256-GCM (NIST SP 800-38D). The key comes from
// VIGIE_CREDENTIALS_KEY (base64 or hex, 32 bytes) or from <dataDir>/keys/credentials.key, created 0600 on
// first use. The camera id is bound as additional data, so an envelope copied onto another camera fails.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VigieError } from '../core/errors.js';
import { TERRITORY_ERRORS } from './errors.js';
import type { Credentials } from './model.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const ENVELOPE_VERSION = 'v1';

export class CredentialsCipher {
  readonly #keyFile: string;
  readonly #envKey: string | undefined;
  #key: Buffer | undefined;

  constructor(options: { dataDir: string; envKey?: string | undefined }) {
    this.#keyFile = join(options.dataDir, 'keys', 'credentials.key');
    this.#envKey = options.envKey === '' ? undefined : options.envKey;
  }

  /** Returns `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
  seal(credentials: Credentials, cameraId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#loadKey(), iv);
    cipher.setAAD(Buffer.from(cameraId, 'utf8'));
    const plaintext = Buffer.from(JSON.stringify({ u: credentials.username, p: credentials.password }), 'utf8');
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [ENVELOPE_VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  open(envelope: string, cameraId: string): Credentials {
    const [version, iv, tag, ciphertext] = envelope.split('.');
    if (version !== ENVELOPE_VERSION || iv === undefined || tag === undefined || ciphertext === undefined) throw unreadable(cameraId, 'unknown envelope format');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#loadKey(), Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(cameraId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
      const { u, p } = JSON.parse(plaintext.toString('utf8')) as { u: string; p: string };
      return { username: u, password: p };
    } catch (error) {
      if (error instanceof VigieError) throw error;
      throw unreadable(cameraId, 'authentication failed (wrong key or altered data)');
    }
  }

  #loadKey(): Buffer {
    this.#key ??= this.#envKey === undefined ? this.#keyFromFile() : parseKey(this.#envKey, 'VIGIE_CREDENTIALS_KEY');
    return this.#key;
  }

  #keyFromFile(): Buffer {
    if (existsSync(this.#keyFile)) return parseKey(readFileSync(this.#keyFile, 'utf8').trim(), this.#keyFile);
    mkdirSync(dirname(this.#keyFile), { recursive: true, mode: 0o700 });
    const key = randomBytes(KEY_BYTES);
    // 'wx': two processes starting together must not overwrite each other's fresh key.
    try {
      writeFileSync(this.#keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseKey(readFileSync(this.#keyFile, 'utf8').trim(), this.#keyFile);
      throw error;
    }
    chmodSync(this.#keyFile, 0o600);
    return key;
  }
}

function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new VigieError(TERRITORY_ERRORS.credentialsKey, `credentials key from ${source} must be ${KEY_BYTES} bytes, base64 or hex (got ${key.length} bytes)`, { context: { source } });
  }
  return key;
}

function unreadable(cameraId: string, reason: string): VigieError {
  return new VigieError(TERRITORY_ERRORS.credentialsUnreadable, `credentials of camera ${cameraId} cannot be decrypted: ${reason}`, { context: { cameraId } });
}
