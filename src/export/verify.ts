// Checks an export package: the manifest's Ed25519 signature with the shipped public key, every file's
// SHA-256 against the manifest and SHA256SUMS. Any change to a byte of video or manifest fails.
import { createPublicKey, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportManifest } from './manifest.js';
import { sha256File } from './manifest.js';

export interface VerifyResult {
  readonly ok: boolean;
  readonly exportId: string | null;
  readonly problems: readonly string[];
}

export async function verifyPackage(dir: string, trustedPublicKeyPem?: string): Promise<VerifyResult> {
  const problems: string[] = [];
  const read = async (name: string): Promise<Buffer | undefined> =>
    readFile(join(dir, name)).catch(() => {
      problems.push(`${name} is missing`);
      return undefined;
    });
  const manifestBytes = await read('manifest.json');
  const signature = await read('manifest.sig');
  const publicKeyPem = await read('signing-key.pem');
  let manifest: ExportManifest | undefined;
  if (manifestBytes !== undefined && signature !== undefined && publicKeyPem !== undefined) {
    try {
      if (!verify(null, manifestBytes, createPublicKey(publicKeyPem), signature)) problems.push('manifest.sig does not match manifest.json');
    } catch {
      problems.push('signing-key.pem or manifest.sig is malformed');
    }
    if (trustedPublicKeyPem !== undefined && trustedPublicKeyPem.trim() !== publicKeyPem.toString().trim()) problems.push("signing-key.pem is not this installation's key");
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8')) as ExportManifest;
    } catch {
      problems.push('manifest.json is not JSON');
    }
  }
  for (const file of manifest?.files ?? []) {
    const actual = await sha256File(join(dir, file.name)).catch(() => undefined);
    if (actual === undefined) problems.push(`${file.name} is missing`);
    else if (actual.sha256 !== file.sha256 || actual.bytes !== file.bytes) problems.push(`${file.name} does not match its SHA-256 in manifest.json`);
  }
  const sums = await read('SHA256SUMS');
  for (const line of sums
    ?.toString('utf8')
    .split('\n')
    .filter((l) => l !== '') ?? []) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    const actual = match === null ? undefined : await sha256File(join(dir, match[2] ?? '')).catch(() => undefined);
    if (match === null || actual?.sha256 !== match[1]) problems.push(`SHA256SUMS: ${match?.[2] ?? line} fails`);
  }
  return { ok: problems.length === 0, exportId: manifest?.exportId ?? null, problems };
}
