import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CredentialsCipher } from './credentials-cipher.js';

describe('credentials cipher (AES-256-GCM)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cipher-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const credentials = { username: 'admin', password: 'pâté:@/42' };

  it('creates a 0600 key file on first use and reuses it from another instance', () => {
    const sealed = new CredentialsCipher({ dataDir }).seal(credentials, 'cam-1');
    const keyFile = join(dataDir, 'keys', 'credentials.key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64').length, 32);
    assert.deepEqual(new CredentialsCipher({ dataDir }).open(sealed, 'cam-1'), credentials);
  });

  it('uses a fresh IV each time and refuses another camera id, another key or an altered envelope', () => {
    const cipher = new CredentialsCipher({ dataDir });
    const a = cipher.seal(credentials, 'cam-1');
    assert.notEqual(a, cipher.seal(credentials, 'cam-1'));
    assert.throws(() => cipher.open(a, 'cam-2'), { code: 'VIGIE_CREDENTIALS_UNREADABLE' });
    assert.throws(() => new CredentialsCipher({ dataDir, envKey: randomBytes(32).toString('hex') }).open(a, 'cam-1'), { code: 'VIGIE_CREDENTIALS_UNREADABLE' });
    const parts = a.split('.');
    const altered = [parts[0], parts[1], parts[2], Buffer.from('x' + (parts[3] ?? '')).toString('base64url')].join('.');
    assert.throws(() => cipher.open(altered, 'cam-1'), { code: 'VIGIE_CREDENTIALS_UNREADABLE' });
    assert.throws(() => cipher.open('v0.garbage', 'cam-1'), { code: 'VIGIE_CREDENTIALS_UNREADABLE' });
  });

  it('takes the key from VIGIE_CREDENTIALS_KEY and refuses a key of the wrong size', () => {
    const envKey = randomBytes(32).toString('base64');
    const otherDir = mkdtempSync(join(tmpdir(), 'vigie-cipher-env-'));
    try {
      const sealed = new CredentialsCipher({ dataDir: otherDir, envKey }).seal(credentials, 'cam-9');
      assert.deepEqual(new CredentialsCipher({ dataDir: dataDir, envKey }).open(sealed, 'cam-9'), credentials);
      assert.throws(() => statSync(join(otherDir, 'keys')), { code: 'ENOENT' });
      assert.throws(() => new CredentialsCipher({ dataDir: otherDir, envKey: 'c2hvcnQ=' }).seal(credentials, 'x'), { code: 'VIGIE_CREDENTIALS_KEY_INVALID' });
      writeFileSync(join(dataDir, 'keys', 'credentials.key'), 'too short\n');
      assert.throws(() => new CredentialsCipher({ dataDir }).seal(credentials, 'x'), { code: 'VIGIE_CREDENTIALS_KEY_INVALID' });
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
