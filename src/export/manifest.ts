// manifest.json of an export package: who, what, where, when (UTC and Europe/Paris), why, and the SHA-256 of
// every file; signed with Ed25519 (manifest.sig).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface ManifestFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** A note set on the footage (a requisition's bookmark), carried in the signed manifest. */
export interface ManifestBookmark {
  readonly atUtc: string;
  readonly atLocal: string;
  readonly note: string;
  readonly by: string;
  readonly setAtUtc: string;
}

/** A bookmark as the caller hands it to the package. */
export interface PackageBookmark {
  readonly atMs: number;
  readonly note: string;
  readonly createdBy: string;
  readonly createdAt: number;
}

export function manifestBookmark(bookmark: PackageBookmark): ManifestBookmark {
  return { atUtc: new Date(bookmark.atMs).toISOString(), atLocal: parisTime(bookmark.atMs), note: bookmark.note, by: bookmark.createdBy, setAtUtc: new Date(bookmark.createdAt).toISOString() };
}

export interface ExportManifest {
  readonly format: 'vigie-export/1';
  readonly exportId: string;
  readonly vigieVersion: string;
  readonly createdAt: string;
  readonly camera: { readonly id: string; readonly name: string; readonly commune: string; readonly communeInsee: string; readonly lat: number; readonly lon: number };
  readonly requested: { readonly fromUtc: string; readonly toUtc: string; readonly fromLocal: string; readonly toLocal: string; readonly timeZone: 'Europe/Paris' };
  readonly video: { readonly startUtc: string; readonly startMs: number; readonly endUtc: string; readonly endMs: number; readonly frames: number; readonly remuxed: 'native, no re-encoding' };
  readonly requester: string;
  readonly reason: string;
  readonly reference: string;
  /** Bookmarks set on this footage (a requisition's, with their notes), when the caller handed some. */
  readonly bookmarks?: readonly ManifestBookmark[];
  readonly files: readonly ManifestFile[];
}

const parisFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'shortOffset',
});

/** e.g. "2026-11-20 09:00:00 GMT+1". */
export function parisTime(ms: number): string {
  return parisFormat.format(new Date(ms));
}

export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export function sha256SumsText(files: readonly ManifestFile[]): string {
  return files.map((f) => `${f.sha256}  ${f.name}\n`).join('');
}
