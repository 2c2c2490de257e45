// Field checks shared by the alerts services: one error code, the field named, French wording left to the console.
import { VigieError } from '../core/errors.js';

export function requireText(field: string, value: unknown, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '' || text.length > max) {
    throw new VigieError('VIGIE_ALERT_FIELD_INVALID', `"${field}" is required and holds at most ${max} characters`, { status: 400, context: { field, max } });
  }
  return text;
}

export function optionalText(field: string, value: unknown, max: number): string {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') ? '' : requireText(field, value, max);
}

export function fieldError(field: string, message: string): VigieError {
  return new VigieError('VIGIE_ALERT_FIELD_INVALID', message, { status: 400, context: { field } });
}
