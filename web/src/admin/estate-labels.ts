// French wording of the camera estate: field names, the reasons an import line or a form is refused, the
// purposes of CSI L251-2, the stream test's failures and the dates of authorisations (JJ/MM/AAAA).

export const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'Nom',
  commune: 'Commune (code INSEE)',
  lat: 'Position',
  lon: 'Longitude',
  type: 'Type',
  mounting: 'Pose',
  mainUrl: 'Flux principal',
  subUrl: 'Flux secondaire',
  username: 'Identifiant de la caméra',
  password: 'Mot de passe de la caméra',
  retentionDays: 'Durée de conservation',
  purposes: 'Finalités',
  sectors: 'Secteurs',
  enabled: 'Active',
  narrowField: 'Champ étroit',
  onvifHost: 'Adresse ONVIF',
  onvifPort: 'Port ONVIF',
  'fieldOfView.directionDeg': 'Orientation',
  'fieldOfView.angleDeg': 'Angle de champ',
  'fieldOfView.rangeM': 'Portée',
  authorisationRef: 'Référence de l’arrêté',
  authorisationExpiresOn: 'Fin d’autorisation',
  geometry: 'Géométrie',
  csv: 'Ligne',
  geojson: 'Fichier',
  file: 'Fichier',
  stream: 'Flux',
  url: 'Adresse du flux',
  'sector.name': 'Nom du secteur',
  'sector.commune': 'Commune du secteur',
  'sector.sensitive': 'Secteur sensible',
  'sector.area': 'Zone dessinée',
  'sector.cameraIds': 'Caméras du secteur',
};

const REASONS: Readonly<Record<string, string>> = {
  required: 'valeur obligatoire manquante',
  invalid: 'valeur invalide',
  'outside-france': 'coordonnées hors de France (métropole et outre-mer) — latitude et longitude inversées ?',
  'unknown-commune': 'code INSEE inconnu : cette commune n’est pas dans le territoire',
  'outside-commune': 'une caméra choisie est dans une autre commune que celle du secteur',
  'retention-above-cap': 'conservation supérieure à 30 jours, plafond légal (CSI L252-5)',
  'bad-url': 'adresse de flux invalide (rtsp:// ou rtsps:// attendu)',
  'bad-date': 'date invalide (JJ/MM/AAAA attendu)',
  'duplicate-in-file': 'identifiant en double : ce nom de caméra figure déjà plus haut dans le fichier',
  'name-taken': 'une caméra de ce nom existe déjà (choisir le mode « mise à jour » pour la modifier)',
  'unknown-sector': 'secteur inconnu (le créer d’abord)',
  'unknown-column': 'colonne inconnue',
  'duplicate-column': 'colonne présente deux fois',
  'column-count': 'nombre de champs différent de l’en-tête',
  file: 'fichier illisible (CSV avec en-tête ou GeoJSON FeatureCollection attendu)',
};

/** "Conservation : conservation supérieure à 30 jours…" — never the server's English text. */
export function explainIssue(field: string, reason: string | undefined): string {
  const label = FIELD_LABELS[field] ?? (reason === 'unknown-column' ? `Colonne « ${field} »` : field);
  return `${label} : ${REASONS[reason ?? 'invalid'] ?? REASONS['invalid']}`;
}

export const PURPOSE_LABELS: Readonly<Record<string, string>> = {
  'public-buildings': 'Protection des bâtiments publics',
  'national-defence': 'Défense nationale',
  'traffic-regulation': 'Régulation du trafic routier',
  'traffic-offences': 'Constatation des infractions routières',
  'crime-prevention': 'Prévention des atteintes aux personnes et aux biens',
  'terrorism-prevention': 'Prévention du terrorisme',
  'natural-risks': 'Prévention des risques naturels',
  'rescue-and-fire': 'Secours et défense contre l’incendie',
  'amusement-parks': 'Sécurité des parcs d’attraction',
  'motor-insurance': 'Respect de l’obligation d’assurance',
  'waste-dumping': 'Dépôts sauvages de déchets',
};

export const CHANGE_LABELS: Readonly<Record<string, string>> = {
  name: 'nom',
  commune: 'commune',
  position: 'position',
  type: 'type',
  mounting: 'pose',
  mainUrl: 'flux principal',
  subUrl: 'flux secondaire',
  retentionDays: 'conservation',
  purposes: 'finalités',
  enabled: 'activation',
  narrowField: 'champ étroit',
  onvif: 'ONVIF',
  fieldOfView: 'champ de vision',
  authorisation: 'autorisation',
  sectors: 'secteurs',
  credentials: 'identifiants',
};

export const PROBE_FAILURES: Readonly<Record<string, string>> = {
  unreachable: 'Caméra injoignable : adresse ou port incorrect, ou caméra éteinte.',
  unauthorized: 'La caméra refuse l’identifiant ou le mot de passe enregistré.',
  'not-found': 'La caméra répond mais ne connaît pas ce chemin de flux.',
  timeout: 'Pas d’image reçue dans le délai : réseau lent ou flux bloqué.',
  'no-video': 'Le flux ne contient pas de vidéo H.264 ou H.265 que Vigie puisse enregistrer.',
};

/** "2030-12-31" → "31/12/2030". */
export function isoToFrench(iso: string | null): string {
  const match = iso === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match === null ? '' : `${match[3]}/${match[2]}/${match[1]}`;
}

/** Days from today (Paris calendar) to an AAAA-MM-JJ date; negative once past. */
export function daysUntil(iso: string, nowMs = Date.now()): number {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(nowMs));
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
