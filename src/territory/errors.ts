// Error codes of the territory capability (listed in docs/errors.md and docs/territory.md).
import { VigieError } from '../core/errors.js';
import { LEGAL_RETENTION_CAP_DAYS } from './model.js';

export const TERRITORY_ERRORS = {
  invalid: 'VIGIE_TERRITORY_INVALID',
  retentionAboveCap: 'VIGIE_RETENTION_ABOVE_LEGAL_CAP',
  unknownCommune: 'VIGIE_UNKNOWN_COMMUNE',
  cameraNotFound: 'VIGIE_CAMERA_NOT_FOUND',
  communeNotFound: 'VIGIE_COMMUNE_NOT_FOUND',
  sectorNotFound: 'VIGIE_SECTOR_NOT_FOUND',
  nameTaken: 'VIGIE_NAME_TAKEN',
  importMalformed: 'VIGIE_IMPORT_MALFORMED',
  importRejected: 'VIGIE_IMPORT_REJECTED',
  credentialsKey: 'VIGIE_CREDENTIALS_KEY_INVALID',
  credentialsUnreadable: 'VIGIE_CREDENTIALS_UNREADABLE',
} as const;

/**
 * Why a field or an import line was refused, finer than the error code: the console turns each reason (with the
 * field's name) into a French sentence, so the English `message` stays for the API, the CLI and the logs.
 */
export const ISSUE_REASONS = [
  'required',
  'invalid',
  'outside-france',
  'unknown-commune',
  'outside-commune',
  'retention-above-cap',
  'bad-url',
  'bad-date',
  'duplicate-in-file',
  'name-taken',
  'unknown-sector',
  'unknown-column',
  'duplicate-column',
  'column-count',
  'file',
] as const;
export type IssueReason = (typeof ISSUE_REASONS)[number];

/** One problem with one field; `code` says which kind, so the API answers with a precise error code. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
  readonly code: TerritoryErrorCode;
  readonly reason: IssueReason;
}

export type TerritoryErrorCode = (typeof TERRITORY_ERRORS)[keyof typeof TERRITORY_ERRORS];

/** Code → one-line meaning (docs/errors.md); TERRITORY_ERRORS above names the same codes for the call sites. */
export const TERRITORY_ERROR_MEANINGS = {
  VIGIE_TERRITORY_INVALID: 'a camera, commune or sector field is wrong (the message names it; details.errors lists all)',
  VIGIE_RETENTION_ABOVE_LEGAL_CAP: 'a retention above the legal cap of 30 days (CSI L252-5)',
  VIGIE_UNKNOWN_COMMUNE: 'a camera names a commune that is not in the territory',
  VIGIE_CAMERA_NOT_FOUND: 'no such camera',
  VIGIE_COMMUNE_NOT_FOUND: 'no such commune',
  VIGIE_SECTOR_NOT_FOUND: 'no such sector',
  VIGIE_NAME_TAKEN: 'a camera or sector name already used',
  VIGIE_IMPORT_MALFORMED: 'an import body or file that is neither CSV nor GeoJSON, or not readable as such',
  VIGIE_IMPORT_REJECTED: 'an import with bad lines, nothing written; the reply lists them in "errors" (sent as a reply, not thrown)',
  VIGIE_CREDENTIALS_KEY_INVALID: 'the credentials key (key file or VIGIE_CREDENTIALS_KEY) is not 32 bytes, base64 or hex',
  VIGIE_CREDENTIALS_UNREADABLE: 'stored camera credentials fail authentication (wrong key or altered row)',
} as const satisfies Record<TerritoryErrorCode, string>;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof TERRITORY_ERROR_MEANINGS, true> {}
}

/** A rejected camera, commune or sector: the first issue gives the code and message, all are in context. */
export function validationError(issues: readonly FieldIssue[]): VigieError {
  const first = issues[0];
  return new VigieError(first?.code ?? TERRITORY_ERRORS.invalid, first === undefined ? 'invalid input' : `${first.field}: ${first.message}`, {
    status: 400,
    context: { errors: issues.map(({ field, message, reason }) => ({ field, message, reason })) },
  });
}

export function notFound(kind: 'camera' | 'commune' | 'sector', id: string): VigieError {
  const code = { camera: TERRITORY_ERRORS.cameraNotFound, commune: TERRITORY_ERRORS.communeNotFound, sector: TERRITORY_ERRORS.sectorNotFound }[kind];
  return new VigieError(code, `no ${kind} ${id}`, { status: 404, context: { [kind]: id } });
}

export function nameTaken(kind: 'camera' | 'sector', name: string): VigieError {
  return new VigieError(TERRITORY_ERRORS.nameTaken, `a ${kind} named "${name}" already exists`, { status: 409, context: { kind, name } });
}

export function retentionCapMessage(days: number): string {
  return `${days} days exceeds the legal cap of ${LEGAL_RETENTION_CAP_DAYS} days (CSI L252-5: recordings are destroyed within one month at most)`;
}
