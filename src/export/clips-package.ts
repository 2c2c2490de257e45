// One signed package holding several short clips, of one or several cameras, in a given order (a trajectory
// followed from camera to camera): each clip remuxed natively like a single export, the offline player listing
// them, the files the caller attaches (e.g. the trajectory itself as JSON), and the same manifest, signature and
// SHA256SUMS as every package, so that `vigie export verify` checks it unchanged.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VigieError } from '../core/errors.js';
import type { SegmentStore } from '../recording/index.js';
import { parisTime, sha256File, type ExportManifest, type ManifestFile } from './manifest.js';
import { sealPackage, type ExportCamera } from './package.js';
import { playerHtml } from './player-html.js';
import { remuxRange, segmentsFor } from './remux.js';
import type { SigningKey } from './signing-key.js';

export interface ClipRequest {
  readonly camera: ExportCamera;
  readonly fromMs: number;
  readonly toMs: number;
  /** What the clip shows, e.g. "Observation 2 — 14:03:07". */
  readonly label: string;
}

export interface ClipsPackageRequest {
  readonly exportId: string;
  readonly title: string;
  readonly clips: readonly ClipRequest[];
  readonly requester: string;
  readonly reason: string;
  readonly reference: string;
  /** Extra files written as given and covered by the manifest and the signature. */
  readonly attachments: readonly { readonly name: string; readonly content: string }[];
}

export interface ManifestClip {
  readonly file: string;
  readonly label: string;
  readonly camera: ExportManifest['camera'];
  readonly requested: { readonly fromUtc: string; readonly toUtc: string; readonly fromLocal: string; readonly toLocal: string };
  readonly video: { readonly startMs: number; readonly endMs: number; readonly frames: number };
}

/** A clips package's manifest: a single export's fields (the first clip's camera, the whole span) and every clip. */
export interface ClipsManifest extends ExportManifest {
  readonly kind: 'clips';
  readonly title: string;
  readonly clips: readonly ManifestClip[];
}

/** Clips are short: each at most this long. */
export const MAX_CLIP_MS = 10 * 60_000;
export const MAX_CLIPS = 200;
const SAFE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function readmeText(request: ClipsPackageRequest, clips: readonly ManifestClip[]): string {
  const lines = clips.map((clip) => `  ${clip.file.padEnd(22)} ${clip.label} — ${clip.camera.name} (${clip.camera.commune}), ${clip.requested.fromLocal} → ${clip.requested.toLocal}`);
  const attached = request.attachments.map((file) => `  ${file.name}`);
  return `Export Vigie — ${request.title}
Référence / reference: ${request.reference}

EXTRAITS / CLIPS (vidéo d'origine, sans réencodage / native video, not re-encoded)
${lines.join('\n')}

AUTRES FICHIERS / OTHER FILES
${attached.join('\n')}
  player.html            lecteur hors ligne, un extrait après l'autre / offline player
  manifest.json          extraits, caméras, lieux, périodes (UTC et Europe/Paris), demandeur, motif, empreintes SHA-256
  manifest.sig           signature Ed25519 de manifest.json / Ed25519 signature of manifest.json
  signing-key.pem        clé publique de vérification / public verification key
  SHA256SUMS             empreintes de tous les fichiers / SHA-256 of every file

VÉRIFIER LE PAQUET / HOW TO VERIFY (standard tools only)
  sha256sum -c SHA256SUMS
  openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in manifest.json -sigfile manifest.sig
  With Vigie installed:  vigie export verify <this folder>
`;
}

export async function buildClipsPackage(dir: string, request: ClipsPackageRequest, store: SegmentStore, key: SigningKey, vigieVersion: string): Promise<{ manifest: ClipsManifest; bytes: number }> {
  if (request.clips.length === 0 || request.clips.length > MAX_CLIPS) throw new VigieError('VIGIE_EXPORT_RANGE', `a clips package holds 1 to ${MAX_CLIPS} clips`, { status: 400 });
  for (const clip of request.clips) {
    if (!(clip.toMs > clip.fromMs) || clip.toMs - clip.fromMs > MAX_CLIP_MS)
      throw new VigieError('VIGIE_EXPORT_RANGE', 'each clip must end after it starts and last at most 10 minutes', { status: 400 });
  }
  for (const file of request.attachments) if (!SAFE_NAME.test(file.name)) throw new VigieError('VIGIE_EXPORT_RANGE', `attachment name ${file.name} is not a plain file name`, { status: 400 });
  await mkdir(dir, { recursive: true });
  const files: ManifestFile[] = [];
  const clips: ManifestClip[] = [];
  const players = [];
  for (const [index, clip] of request.clips.entries()) {
    const file = `clip-${String(index + 1).padStart(2, '0')}.mp4`;
    const video = await remuxRange(await segmentsFor(store, clip.camera.id, clip.fromMs, clip.toMs), clip.fromMs, clip.toMs, join(dir, file));
    files.push({ name: file, bytes: video.bytes, sha256: video.sha256 });
    const { camera } = clip;
    clips.push({
      file,
      label: clip.label,
      camera: { id: camera.id, name: camera.name, commune: camera.communeName, communeInsee: camera.communeInsee, lat: camera.lat, lon: camera.lon },
      requested: { fromUtc: new Date(clip.fromMs).toISOString(), toUtc: new Date(clip.toMs).toISOString(), fromLocal: parisTime(clip.fromMs), toLocal: parisTime(clip.toMs) },
      video: { startMs: video.startMs, endMs: video.endMs, frames: video.frames },
    });
    const frameRate = Math.max(1, Math.round((video.frames * 1000) / Math.max(1, video.endMs - video.startMs)));
    players.push({ id: `${camera.id}#${index + 1}`, name: `${clip.label} — ${camera.name}`, commune: camera.communeName, file, startMs: video.startMs, endMs: video.endMs, frameRate });
  }
  for (const attachment of request.attachments) await writeFile(join(dir, attachment.name), attachment.content);
  await writeFile(join(dir, 'player.html'), playerHtml(`${request.title} — ${request.reference}`, players));
  await writeFile(join(dir, 'README.txt'), readmeText(request, clips));
  await writeFile(join(dir, 'signing-key.pem'), key.publicKeyPem);
  for (const name of [...request.attachments.map((a) => a.name), 'player.html', 'README.txt', 'signing-key.pem']) files.push({ name, ...(await sha256File(join(dir, name))) });
  const first = clips[0] as ManifestClip;
  const last = clips[clips.length - 1] as ManifestClip;
  const fromMs = Math.min(...request.clips.map((c) => c.fromMs));
  const toMs = Math.max(...request.clips.map((c) => c.toMs));
  const manifest: ClipsManifest = {
    format: 'vigie-export/1',
    kind: 'clips',
    title: request.title,
    exportId: request.exportId,
    vigieVersion,
    createdAt: new Date().toISOString(),
    camera: first.camera,
    requested: { fromUtc: new Date(fromMs).toISOString(), toUtc: new Date(toMs).toISOString(), fromLocal: parisTime(fromMs), toLocal: parisTime(toMs), timeZone: 'Europe/Paris' },
    video: {
      startUtc: new Date(first.video.startMs).toISOString(),
      startMs: first.video.startMs,
      endUtc: new Date(last.video.endMs).toISOString(),
      endMs: last.video.endMs,
      frames: clips.reduce((sum, clip) => sum + clip.video.frames, 0),
      remuxed: 'native, no re-encoding',
    },
    requester: request.requester,
    reason: request.reason,
    reference: request.reference,
    clips,
    files,
  };
  return { manifest, bytes: await sealPackage(dir, manifest, key) };
}
