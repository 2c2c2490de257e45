// The territory's data as the rest of Vigie sees it: communes, sectors, cameras, and the fixed vocabularies
// (camera types; the purposes of CSI L251-2 an authorisation may list).

export const CAMERA_TYPES = ['fixed', 'ptz', 'multisensor'] as const;
export type CameraType = (typeof CAMERA_TYPES)[number];

/** The purposes of CSI L251-2 (1° to 11°); a camera carries those its prefectoral authorisation lists. */
export const PURPOSES = [
  'public-buildings',
  'national-defence',
  'traffic-regulation',
  'traffic-offences',
  'crime-prevention',
  'terrorism-prevention',
  'natural-risks',
  'rescue-and-fire',
  'amusement-parks',
  'motor-insurance',
  'waste-dumping',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** CSI L252-5: recordings are destroyed within the authorised period, which « ne peut excéder un mois ». */
export const LEGAL_RETENTION_CAP_DAYS = 30;

export interface Position {
  readonly lat: number;
  readonly lon: number;
}

export interface Commune {
  readonly insee: string;
  readonly name: string;
  readonly centroid: Position;
  readonly population: number | null;
  readonly hasOutline: boolean;
}

export interface CommuneWithOutline extends Commune {
  /** GeoJSON geometry (Polygon or MultiPolygon), or null. */
  readonly outline: unknown;
}

export interface Sector {
  readonly id: string;
  readonly name: string;
  readonly sensitive: boolean;
  /** GeoJSON geometry (Polygon or MultiPolygon), or null. */
  readonly area: unknown;
  readonly cameraIds: readonly string[];
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface SectorRef {
  readonly id: string;
  readonly name: string;
  readonly sensitive: boolean;
}

export interface OnvifEndpoint {
  readonly host: string;
  readonly port: number | null;
}

export interface Camera {
  readonly id: string;
  readonly name: string;
  readonly communeInsee: string;
  readonly communeName: string;
  readonly position: Position;
  readonly type: CameraType;
  readonly mounting: string | null;
  /** Stream URLs never carry credentials; those are kept encrypted apart. */
  readonly mainUrl: string;
  readonly subUrl: string | null;
  readonly hasCredentials: boolean;
  readonly retentionDays: number;
  readonly purposes: readonly Purpose[];
  readonly sectors: readonly SectorRef[];
  readonly enabled: boolean;
  readonly narrowField: boolean;
  readonly onvif: OnvifEndpoint | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface StreamEndpoint {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

/** What the media ingest needs to connect: URLs with the decrypted credentials beside them. */
export interface CameraStreams {
  readonly main: StreamEndpoint;
  readonly sub?: StreamEndpoint;
}

export type CameraChange =
  { readonly kind: 'created'; readonly camera: Camera } | { readonly kind: 'updated'; readonly camera: Camera; readonly previous: Camera } | { readonly kind: 'removed'; readonly camera: Camera };

/** One problem in an import or a validation, by line (1 = a CSV header, or the first GeoJSON feature). */
export interface FieldError {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export interface ImportReport {
  readonly imported: number;
  readonly errors: readonly FieldError[];
}

/** Who caused a change, for the journal (actor null: the command line or Vigie itself, `via` says which). */
export interface ChangeAuthor {
  readonly actor: { readonly id: string; readonly username: string; readonly role: string } | null;
  readonly via: 'api' | 'cli' | 'demo';
  readonly ip?: string;
  /** For the command line: the operating-system user who ran it. */
  readonly osUser?: string;
}
