// Reading instants and ranges from request query strings, with clear errors.
import type { FastifyRequest } from 'fastify';
import { VigieError } from '../core/errors.js';
import { parseInstant } from './session.js';

type Query = Record<string, string | undefined>;

export function query(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

export function instantParam(request: FastifyRequest, name: string): number | undefined {
  return parseInstant(query(request)[name]);
}

export function requireInstant(request: FastifyRequest, name: string): number {
  const value = instantParam(request, name);
  if (value === undefined) throw new VigieError('VIGIE_BAD_INSTANT', `query parameter "${name}" must be an ISO 8601 date-time or ms since the epoch`, { status: 400 });
  return value;
}

export function requireRange(request: FastifyRequest): { fromMs: number; toMs: number } {
  const fromMs = requireInstant(request, 'from');
  const toMs = requireInstant(request, 'to');
  if (!(toMs > fromMs)) throw new VigieError('VIGIE_BAD_RANGE', '"to" must be after "from"', { status: 400 });
  return { fromMs, toMs };
}

export const BAD_STREAM_MESSAGE = 'query parameter "stream" must be "main" or "sub"';

/** The recorded stream asked for: `stream=main` (default) or `stream=sub`; undefined when it is neither. */
export function streamOf(request: FastifyRequest): 'main' | 'sub' | undefined {
  const stream = query(request)['stream'] ?? 'main';
  return stream === 'main' || stream === 'sub' ? stream : undefined;
}

export function streamParam(request: FastifyRequest): 'main' | 'sub' {
  const stream = streamOf(request);
  if (stream === undefined) throw new VigieError('VIGIE_BAD_STREAM', BAD_STREAM_MESSAGE, { status: 400 });
  return stream;
}

/** For route access declarations: the range when both ends parse. */
export function rangeOf(request: FastifyRequest): { fromMs: number; toMs: number } | undefined {
  const fromMs = instantParam(request, 'from');
  const toMs = instantParam(request, 'to');
  return fromMs === undefined ? undefined : { fromMs, toMs: toMs ?? fromMs };
}

/** An instant `at` as a zero-length range. */
export function instantRange(request: FastifyRequest): { fromMs: number; toMs: number } | undefined {
  const at = instantParam(request, 'at');
  return at === undefined ? undefined : { fromMs: at, toMs: at };
}
