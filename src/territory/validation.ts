// Camera validation, pure (no I/O): the one set of rules behind the API, the CLI and bulk imports.
// Retention is capped at 30 days by CSI L252-5; URLs must be RTSP (RFC 2326); the commune must be known and
// the position inside France (france-bounds.ts).
import { TERRITORY_ERRORS, retentionCapMessage, type FieldIssue, type IssueReason } from './errors.js';
import { isAbsent, readBoolean, readCalendarDate, readInseeCode, readList, readNumber, readText, type Read } from './field-values.js';
import { frenchAreaOf } from './france-bounds.js';
import { CAMERA_TYPES, LEGAL_RETENTION_CAP_DAYS, PURPOSES, type Authorisation, type CameraType, type Credentials, type FieldOfView, type OnvifEndpoint, type Position, type Purpose } from './model.js';
import { readStreamUrl } from './stream-url.js';

/** Camera fields by their canonical names, as loosely typed as they arrive. */
export type CameraFields = Readonly<Partial<Record<CameraFieldName, unknown>>>;

export const CAMERA_FIELD_NAMES = [
  'name',
  'commune',
  'lat',
  'lon',
  'type',
  'mounting',
  'mainUrl',
  'subUrl',
  'username',
  'password',
  'retentionDays',
  'purposes',
  'sectors',
  'enabled',
  'narrowField',
  'onvifHost',
  'onvifPort',
  'fieldOfView',
  'authorisationRef',
  'authorisationExpiresOn',
] as const;
export type CameraFieldName = (typeof CAMERA_FIELD_NAMES)[number];

/** A camera that passed every rule, ready to store. */
export interface CameraDraft {
  readonly name: string;
  readonly communeInsee: string;
  readonly position: Position;
  readonly type: CameraType;
  readonly mounting: string | null;
  readonly mainUrl: string;
  readonly subUrl: string | null;
  /** undefined: none given (an update keeps the stored ones); null: the camera needs none. */
  readonly credentials: Credentials | null | undefined;
  readonly retentionDays: number;
  readonly purposes: readonly Purpose[];
  /** Sector ids or names as given; undefined when not given. */
  readonly sectors: readonly string[] | undefined;
  readonly enabled: boolean;
  readonly narrowField: boolean;
  readonly onvif: OnvifEndpoint | null;
  readonly fieldOfView: FieldOfView | null;
  readonly authorisation: Authorisation;
}

export interface ValidationContext {
  readonly isKnownCommune: (insee: string) => boolean;
  readonly defaultRetentionDays: number;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** The purpose a camera gets when none is listed: crime prevention, the usual one for urban CCTV (L251-2 5°). */
const DEFAULT_PURPOSES: readonly Purpose[] = ['crime-prevention'];

export function validateCamera(fields: CameraFields, context: ValidationContext): Validated<CameraDraft> {
  const issues: FieldIssue[] = [];
  const take = <T>(field: CameraFieldName, read: Read<T>, reason: IssueReason = 'invalid'): T | undefined => {
    if (read.ok) return read.value;
    issues.push({ field, message: read.message, code: TERRITORY_ERRORS.invalid, reason });
    return undefined;
  };
  const required = <T>(field: CameraFieldName, reader: (value: unknown) => Read<T>, reason?: IssueReason): T | undefined =>
    isAbsent(fields[field]) ? take(field, { ok: false, message: 'is required' }, 'required') : take(field, reader(fields[field]), reason);
  const optional = <T>(field: CameraFieldName, reader: (value: unknown) => Read<T>, fallback: T, reason?: IssueReason): T | undefined =>
    isAbsent(fields[field]) ? fallback : take(field, reader(fields[field]), reason);

  const name = required('name', (v) => readText(v, 120));
  const communeInsee = required('commune', readInseeCode, 'unknown-commune');
  if (communeInsee !== undefined && !context.isKnownCommune(communeInsee)) {
    issues.push({ field: 'commune', message: `unknown commune ${communeInsee} (import the commune first)`, code: TERRITORY_ERRORS.unknownCommune, reason: 'unknown-commune' });
  }
  const lat = required('lat', (v) => readNumber(v, { min: -90, max: 90 }));
  const lon = required('lon', (v) => readNumber(v, { min: -180, max: 180 }));
  if (lat !== undefined && lon !== undefined && frenchAreaOf({ lat, lon }) === undefined) {
    issues.push({ field: 'lat', message: `position ${lat}, ${lon} is outside France (metropolitan and overseas)`, code: TERRITORY_ERRORS.invalid, reason: 'outside-france' });
  }
  const type = optional('type', readCameraType, 'fixed' as CameraType);
  const mounting = optional('mounting', (v) => readText(v, 200), null as string | null);
  const main = required('mainUrl', readStreamUrl, 'bad-url');
  const sub = optional('subUrl', readStreamUrl, null, 'bad-url');
  const retentionDays = readRetention(fields.retentionDays, context.defaultRetentionDays, issues);
  const purposes = optional('purposes', readPurposes, DEFAULT_PURPOSES);
  const sectors = optional('sectors', (v) => readList(v, 50), undefined as readonly string[] | undefined);
  const enabled = optional('enabled', readBoolean, true);
  const narrowField = optional('narrowField', readBoolean, false);
  const onvif = readOnvif(fields, issues);
  const credentials = readCredentials(fields, main?.credentials ?? sub?.credentials, issues);
  const fieldOfView = readFieldOfView(fields.fieldOfView, issues);
  const authorisationRef = optional('authorisationRef', (v) => readText(v, 100), null as string | null);
  const authorisationExpiresOn = optional('authorisationExpiresOn', readCalendarDate, null as string | null, 'bad-date');

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      name: name as string,
      communeInsee: communeInsee as string,
      position: { lat: lat as number, lon: lon as number },
      type: type as CameraType,
      mounting: mounting ?? null,
      mainUrl: (main as { url: string }).url,
      subUrl: sub?.url ?? null,
      credentials,
      retentionDays: retentionDays as number,
      purposes: purposes as readonly Purpose[],
      sectors,
      enabled: enabled as boolean,
      narrowField: narrowField as boolean,
      onvif: onvif ?? null,
      fieldOfView: fieldOfView ?? null,
      authorisation: { reference: authorisationRef ?? null, expiresOn: authorisationExpiresOn ?? null },
    },
  };
}

/** null or absent: unknown. Otherwise a bearing in [0, 360) (360 is north again), an opening in ]0, 360], a range up to 5 km. */
export function readFieldOfView(value: unknown, issues: FieldIssue[]): FieldOfView | null | undefined {
  if (isAbsent(value)) return null;
  const fail = (field: string, message: string): undefined => {
    issues.push({ field: `fieldOfView.${field}`, message, code: TERRITORY_ERRORS.invalid, reason: message === 'is required' ? 'required' : 'invalid' });
    return undefined;
  };
  if (typeof value !== 'object' || Array.isArray(value)) return fail('directionDeg', 'must be an object {directionDeg, angleDeg, rangeM?} or null');
  const record = value as Readonly<Record<string, unknown>>;
  const number = (field: string, range: { min: number; max: number }): number | undefined => {
    if (isAbsent(record[field])) return fail(field, 'is required');
    const read = readNumber(record[field], range);
    return read.ok ? read.value : fail(field, read.message);
  };
  const direction = number('directionDeg', { min: 0, max: 360 });
  const angle = number('angleDeg', { min: 0, max: 360 });
  if (angle === 0) return fail('angleDeg', 'must be more than 0');
  const range = isAbsent(record['rangeM']) ? undefined : number('rangeM', { min: 1, max: 5000 });
  if (direction === undefined || angle === undefined || (!isAbsent(record['rangeM']) && range === undefined)) return undefined;
  const directionDeg = direction === 360 ? 0 : direction;
  return range === undefined ? { directionDeg, angleDeg: angle } : { directionDeg, angleDeg: angle, rangeM: range };
}

export function readCameraType(value: unknown): Read<CameraType> {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
  const aliases: Readonly<Record<string, CameraType>> = { dome: 'ptz', 'multi-sensor': 'multisensor' };
  const type = typeof text === 'string' ? (aliases[text] ?? text) : text;
  return (CAMERA_TYPES as readonly unknown[]).includes(type)
    ? { ok: true, value: type as CameraType }
    : { ok: false, message: `must be one of ${CAMERA_TYPES.join(', ')} (got ${JSON.stringify(value)})` };
}

function readRetention(value: unknown, fallback: number, issues: FieldIssue[]): number | undefined {
  if (isAbsent(value)) return fallback;
  const read = readNumber(value, { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true });
  if (!read.ok) issues.push({ field: 'retentionDays', message: read.message, code: TERRITORY_ERRORS.invalid, reason: 'invalid' });
  else if (read.value > LEGAL_RETENTION_CAP_DAYS)
    issues.push({ field: 'retentionDays', message: retentionCapMessage(read.value), code: TERRITORY_ERRORS.retentionAboveCap, reason: 'retention-above-cap' });
  else if (read.value < 1) issues.push({ field: 'retentionDays', message: `must be at least 1 day (got ${read.value})`, code: TERRITORY_ERRORS.invalid, reason: 'invalid' });
  else return read.value;
  return undefined;
}

function readPurposes(value: unknown): Read<readonly Purpose[]> {
  const list = readList(value, PURPOSES.length);
  if (!list.ok) return list;
  const unknown = list.value.filter((p) => !(PURPOSES as readonly string[]).includes(p));
  if (unknown.length > 0) return { ok: false, message: `unknown purpose ${unknown.join(', ')}; allowed (CSI L251-2): ${PURPOSES.join(', ')}` };
  if (list.value.length === 0) return { ok: false, message: 'must list at least one purpose' };
  return { ok: true, value: list.value as readonly Purpose[] };
}

function readOnvif(fields: CameraFields, issues: FieldIssue[]): OnvifEndpoint | null | undefined {
  if (isAbsent(fields.onvifHost)) {
    if (!isAbsent(fields.onvifPort)) issues.push({ field: 'onvifPort', message: 'needs onvifHost', code: TERRITORY_ERRORS.invalid, reason: 'invalid' });
    return null;
  }
  const host = readText(fields.onvifHost, 253);
  if (!host.ok || /[\s/@]/.test(host.value)) {
    issues.push({ field: 'onvifHost', message: host.ok ? 'must be a host name or address' : host.message, code: TERRITORY_ERRORS.invalid, reason: 'invalid' });
    return undefined;
  }
  if (isAbsent(fields.onvifPort)) return { host: host.value, port: null };
  const port = readNumber(fields.onvifPort, { min: 1, max: 65535, integer: true });
  if (!port.ok) {
    issues.push({ field: 'onvifPort', message: port.message, code: TERRITORY_ERRORS.invalid, reason: 'invalid' });
    return undefined;
  }
  return { host: host.value, port: port.value };
}

/** Explicit username/password win over those written in a URL; `username: null` clears them. */
function readCredentials(fields: CameraFields, fromUrl: Credentials | undefined, issues: FieldIssue[]): Credentials | null | undefined {
  if (fields.username === null) return null;
  if (isAbsent(fields.username)) {
    if (!isAbsent(fields.password)) issues.push({ field: 'password', message: 'needs a username', code: TERRITORY_ERRORS.invalid, reason: 'invalid' });
    return fromUrl;
  }
  const username = readText(fields.username, 128);
  if (!username.ok) {
    issues.push({ field: 'username', message: username.message, code: TERRITORY_ERRORS.invalid, reason: 'invalid' });
    return undefined;
  }
  const password = fields.password ?? '';
  if (typeof password !== 'string' || password.length > 256) {
    issues.push({ field: 'password', message: 'must be text of at most 256 characters', code: TERRITORY_ERRORS.invalid, reason: 'invalid' });
    return undefined;
  }
  return { username: username.value, password };
}
