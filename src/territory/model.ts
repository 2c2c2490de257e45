// The territory's data as the rest of Vigie sees it: communes, sectors, cameras, and the fixed vocabularies
// (camera types; the purposes of CSI L251-2 an authorisation may list).

import type { IssueReason } from './errors.js';

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
  /** INSEE code of the sector's commune; null for a sector spanning several communes. */
  readonly communeInsee: string | null;
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

/** Where a camera looks: bearing of the optical axis (degrees from north, clockwise), opening angle, reach. */
export interface FieldOfView {
  readonly directionDeg: number;
  readonly angleDeg: number;
  readonly rangeM?: number;
}

/** The prefectoral authorisation a camera operates under (CSI L252-1); its purposes are on the camera. */
export interface Authorisation {
  /** The arrêté's reference, e.g. "2024-0123"; null when not recorded yet. */
  readonly reference: string | null;
  /** Calendar date (AAAA-MM-JJ) after which the authorisation lapses; null when not recorded. */
  readonly expiresOn: string | null;
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
  readonly fieldOfView: FieldOfView | null;
  readonly authorisation: Authorisation;
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
  /** The kind of problem (errors.ts ISSUE_REASONS), for a translated sentence; absent on commune imports. */
  readonly reason?: IssueReason;
}

export interface ImportReport {
  readonly imported: number;
  readonly errors: readonly FieldError[];
}

/** A camera import or its preview (dryRun): what each good line does, and the bad lines. */
export interface CameraImportReport extends ImportReport {
  readonly dryRun: boolean;
  readonly mode: 'create' | 'upsert' | 'sync';
  /** `id` only once written. */
  readonly created: ReadonlyArray<{ readonly line: number; readonly id: string | null; readonly name: string; readonly commune: string }>;
  readonly updated: ReadonlyArray<{ readonly line: number; readonly id: string; readonly name: string; readonly changed: readonly string[] }>;
  readonly unchanged: ReadonlyArray<{ readonly line: number; readonly id: string; readonly name: string }>;
  readonly removed: ReadonlyArray<{ readonly id: string; readonly name: string; readonly commune: string }>;
}

/** Who caused a change, for the journal (actor null: the command line or Vigie itself, `via` says which). */
export interface ChangeAuthor {
  readonly actor: { readonly id: string; readonly username: string; readonly role: string } | null;
  readonly via: 'api' | 'cli' | 'demo';
  readonly ip?: string;
  /** For the command line: the operating-system user who ran it. */
  readonly osUser?: string;
}
