// The README of an export package: what is in it and how a receiver checks it with standard tools only.

export function readmeText(summary: { cameraName: string; fromIso: string; toIso: string; reference: string }): string {
  return `Export Vigie — ${summary.cameraName}
Période / range (UTC): ${summary.fromIso} → ${summary.toIso}
Référence / reference: ${summary.reference}

CONTENU / CONTENTS
  video.mp4              vidéo d'origine, sans réencodage / native video, not re-encoded
  video-captioned.mp4    (si demandée) variante avec date, heure, caméra et commune incrustées / caption variant
  player.html            lecteur hors ligne / offline player (open in a web browser, no network needed)
  manifest.json          caméra, lieu, période (UTC et Europe/Paris), demandeur, motif, empreintes SHA-256
  manifest.sig           signature Ed25519 de manifest.json / Ed25519 signature of manifest.json
  signing-key.pem        clé publique de vérification / public verification key
  SHA256SUMS             empreintes de tous les fichiers / SHA-256 of every file

VÉRIFIER LE PAQUET / HOW TO VERIFY (standard tools only)
  1. Intégrité des fichiers / file integrity:
       sha256sum -c SHA256SUMS
     Every line must end in "OK".
  2. Authenticité du manifeste / manifest signature (OpenSSL 3):
       openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in manifest.json -sigfile manifest.sig
     It must print "Signature Verified Successfully".
  3. Compare the SHA-256 values listed in manifest.json with SHA256SUMS, and the public key's fingerprint
       openssl pkey -pubin -in signing-key.pem -outform DER | sha256sum
     with the one the sending centre publishes.
  With Vigie installed:  vigie export verify <this folder>
`;
}
