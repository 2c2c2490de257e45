// The signed extract of the journal: one self-contained HTML page (printable, no script, no outside file) that
// a DPO hands to a commission. The page embeds its payload — the filters, the chain's state and the entries with
// every hashed field — as JSON, signed with an Ed25519 key of the installation kept outside the database. The
// visible page is rendered from that payload alone, so a verifier re-renders it and compares: editing a line of
// the table, the JSON or the signature is detected, and each entry's hash is recomputed from its fields.
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { ed25519KeyPaths, loadOrCreateEd25519Key } from '../core/ed25519-key-file.js';
import { parisInstant } from '../core/paris-time.js';
import { canonicalJson, entryHash, type ChainedFields } from './chain.js';
import type { JournalEntry } from './types.js';

const KEY_NAME = 'journal-extract-ed25519';
const FORMAT = 'vigie-journal-extract-v1';

export type ExtractEntry = ChainedFields & { readonly hash: string };

export interface ExtractPayload {
  readonly format: typeof FORMAT;
  /** ISO 8601. */
  readonly generatedAt: string;
  readonly generatedBy: string | null;
  /** The filters used, as [label, value] to print. */
  readonly filters: ReadonlyArray<readonly [string, string]>;
  readonly chain: { readonly intact: boolean; readonly lastCheckpointSequence: number | null; readonly lastCheckpointTime: string | null };
  readonly entries: readonly ExtractEntry[];
}

export function extractKeyPaths(dataDir: string): { readonly privateFile: string; readonly publicFile: string } {
  return ed25519KeyPaths(join(dataDir, 'keys'), KEY_NAME);
}

export function loadExtractSigningKey(dataDir: string): { readonly privateKey: KeyObject; readonly publicKey: KeyObject } {
  return loadOrCreateEd25519Key(join(dataDir, 'keys'), KEY_NAME);
}

/** An entry as stored, every field the chain hashes. */
export function toExtractEntry(entry: JournalEntry): ExtractEntry {
  return {
    sequence: entry.sequence,
    time: entry.timeMs,
    actor_id: entry.actor?.id ?? null,
    actor_username: entry.actor?.username ?? null,
    actor_role: entry.actor?.role ?? null,
    ip: entry.ip,
    action: entry.action,
    target_type: entry.target?.type ?? null,
    target_id: entry.target?.id ?? null,
    camera_id: entry.target?.cameraId ?? null,
    commune_insee: entry.target?.communeInsee ?? null,
    outcome: entry.outcome,
    details: canonicalJson(entry.details),
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

export function signedExtractHtml(payload: ExtractPayload, keys: { readonly privateKey: KeyObject; readonly publicKey: KeyObject }): string {
  const payloadText = scriptSafeJson(payload);
  const signature = sign(null, Buffer.from(payloadText), keys.privateKey).toString('base64');
  return renderExtract(payload, payloadText, signature, keyFingerprint(keys.publicKey));
}

export type ExtractVerdict = { readonly ok: true; readonly entries: number; readonly generatedAt: string; readonly keyFingerprint: string } | { readonly ok: false; readonly reason: string };

export function verifyExtractHtml(html: string, publicKey: KeyObject): ExtractVerdict {
  const payloadText = /<script type="application\/json" id="vigie-extract-payload">([^<]*)<\/script>/.exec(html)?.[1];
  const signature = /<meta name="vigie-signature" content="([A-Za-z0-9+/=]+)">/.exec(html)?.[1];
  if (payloadText === undefined || signature === undefined) return { ok: false, reason: 'not a Vigie journal extract (payload or signature missing)' };
  if (!verify(null, Buffer.from(payloadText), publicKey, Buffer.from(signature, 'base64'))) return { ok: false, reason: 'the signature does not match the payload with this public key' };
  const payload = JSON.parse(payloadText) as ExtractPayload;
  if (payload.format !== FORMAT) return { ok: false, reason: `unknown extract format ${String(payload.format)}` };
  const fingerprint = keyFingerprint(publicKey);
  if (renderExtract(payload, payloadText, signature, fingerprint) !== html) return { ok: false, reason: 'the visible page differs from its signed payload (edited after signing)' };
  const wrong = payload.entries.find((entry) => entryHash(entry) !== entry.hash);
  if (wrong !== undefined) return { ok: false, reason: `entry ${wrong.sequence}: its hash does not match its fields` };
  return { ok: true, entries: payload.entries.length, generatedAt: payload.generatedAt, keyFingerprint: fingerprint };
}

/** SHA-256 of the public key (SPKI DER), in hex pairs: what the page prints so a reader can match the key. */
export function keyFingerprint(publicKey: KeyObject): string {
  const hex = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  return hex.match(/../g)?.join(':') ?? hex;
}

function scriptSafeJson(payload: ExtractPayload): string {
  return JSON.stringify(payload).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e').replaceAll('&', '\\u0026');
}

const OUTCOMES: Readonly<Record<string, string>> = { allowed: 'autorisé', denied: 'refusé', failed: 'échec' };

function renderExtract(payload: ExtractPayload, payloadText: string, signature: string, fingerprint: string): string {
  const filters = payload.filters.length === 0 ? '<li>aucun : tout le journal conservé</li>' : payload.filters.map(([label, value]) => `<li>${esc(label)} : ${esc(value)}</li>`).join('');
  const chain = payload.chain.intact
    ? `Chaîne intègre${payload.chain.lastCheckpointTime === null ? '' : ` — dernier point d'ancrage : entrée n° ${payload.chain.lastCheckpointSequence} le ${parisInstant(Date.parse(payload.chain.lastCheckpointTime))}`}`
    : 'CHAÎNE ROMPUE au moment de l’extraction : voir « vigie journal verify »';
  const rows = payload.entries
    .map(
      (e) =>
        `<tr><td>${e.sequence}</td><td>${parisInstant(e.time)}</td><td>${esc(e.actor_username ?? 'Vigie / console locale')}${e.actor_role === null ? '' : `<br><small>${esc(e.actor_role)}</small>`}</td>` +
        `<td>${esc(e.action)}</td><td>${esc(OUTCOMES[e.outcome] ?? e.outcome)}</td><td>${esc([e.target_type, e.target_id].filter((part) => part !== null).join(' '))}${e.commune_insee === null ? '' : `<br><small>commune ${esc(e.commune_insee)}</small>`}</td>` +
        `<td>${esc(e.ip ?? '')}</td><td class="details">${esc(e.details)}</td><td class="hash">${e.hash}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Extrait signé du journal Vigie</title>
<meta name="vigie-signature" content="${signature}">
<meta name="vigie-key-fingerprint" content="${fingerprint}">
<style>body{font:12px/1.4 system-ui,sans-serif;margin:24px;color:#111}h1{font-size:18px}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:3px 5px;vertical-align:top;text-align:left}th{background:#eee}.hash,.details{font:10px monospace;word-break:break-all}.hash{max-width:140px}.details{max-width:260px}footer{margin-top:16px;font-size:11px}@media print{body{margin:0}tr{break-inside:avoid}}</style>
<script type="application/json" id="vigie-extract-payload">${payloadText}</script>
</head><body>
<h1>Extrait signé du journal des accès et opérations — Vigie</h1>
<p>Édité le ${parisInstant(Date.parse(payload.generatedAt))} (heure de Paris) par ${esc(payload.generatedBy ?? 'la console locale')} — ${payload.entries.length} entrée(s).</p>
<p><strong>${esc(chain)}</strong></p>
<h2>Critères</h2><ul>${filters}</ul>
<table><thead><tr><th>N°</th><th>Date et heure</th><th>Personne</th><th>Action</th><th>Résultat</th><th>Objet</th><th>Adresse IP</th><th>Détails</th><th>Empreinte SHA-256</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<footer>Signature Ed25519 de l’installation (empreinte de la clé publique ${fingerprint}). Vérification : <code>vigie journal verify-extract FICHIER</code> — toute modification de cette page, de ses données ou de sa signature est détectée.</footer>
</body></html>
`;
}

function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
