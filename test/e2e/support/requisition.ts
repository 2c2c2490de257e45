// Judicial requisitions through the real API, as the e2e tests set them up: the body a requisition carries (officer,
// legal basis, reason unless told otherwise), its registration (an investigator for himself, a room lead naming the
// investigator), and the room lead's validation. The tests about the workflow itself still send their bad input
// by hand; this is for the ones that need a requisition in force.
import assert from 'node:assert/strict';
import type { AccessWorld } from './access-world.js';
import type { HttpSession } from './http-session.js';

export const TEST_OFFICER = { name: 'Capitaine Durand', quality: 'OPJ', service: 'Brigade de recherches de Chartres', contact: '02 37 00 00 00' } as const;

export interface TestRequisition {
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly reference?: string;
  readonly reason?: string;
  readonly legalBasis?: string;
  readonly officer?: { readonly name: string; readonly quality: string; readonly service: string; readonly contact: string };
  readonly live?: boolean;
  /** The investigator's account id, when a room lead registers on his behalf. */
  readonly investigatorId?: string;
}

/** What the API answers about a requisition (the fields tests read). */
export interface RegisteredRequisition {
  readonly id: string;
  readonly reference: string;
  readonly state: string;
  readonly holdId: string;
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly scopeUntilMs: number | null;
}

/** The body of `POST /api/requisitions`. */
export function requisitionBody(requisition: TestRequisition): Record<string, unknown> {
  return {
    reference: requisition.reference ?? 'BR-CHARTRES 2026/004512',
    officer: requisition.officer ?? TEST_OFFICER,
    legalBasis: requisition.legalBasis ?? 'art. 77-1-1 du code de procédure pénale',
    reason: requisition.reason ?? 'vol avec violence',
    cameraIds: requisition.cameraIds,
    fromMs: requisition.fromMs,
    toMs: requisition.toMs,
    ...(requisition.live === undefined ? {} : { live: requisition.live }),
    ...(requisition.investigatorId === undefined ? {} : { investigatorId: requisition.investigatorId }),
  };
}

async function answer<T>(response: Response, status: number, what: string): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, `${what}: ${text}`);
  return JSON.parse(text) as T;
}

/** Registers the requisition as `by` (201 expected): an investigator for himself, a room lead with `investigatorId`. */
export async function registerRequisition(by: HttpSession, requisition: TestRequisition): Promise<RegisteredRequisition> {
  return answer(await by.send('POST', '/api/requisitions', requisitionBody(requisition)), 201, 'requisition registration');
}

/** The room lead validates it: the investigator is granted its scope until `untilMs` (default: a day from now). */
export async function validateRequisition(lead: HttpSession, id: string, untilMs = Date.now() + 86_400_000): Promise<RegisteredRequisition> {
  return answer(await lead.send('POST', `/api/requisitions/${id}/validate`, { untilMs }), 200, 'requisition validation');
}

/** Registers (as `by`, the room lead unless told) and validates: a requisition in force. */
export async function requisitionInForce(lead: HttpSession, requisition: TestRequisition, options: { by?: HttpSession; untilMs?: number } = {}): Promise<RegisteredRequisition> {
  const registered = await registerRequisition(options.by ?? lead, requisition);
  return validateRequisition(lead, registered.id, options.untilMs);
}

/** The account id of the world's investigator (for a room lead registering on his behalf). */
export async function investigatorIdOf(world: AccessWorld): Promise<string> {
  const { username } = world.credentials.get('investigator') as { username: string };
  const users = await answer<Array<{ id: string; username: string }>>(await world.admin.send('GET', '/api/users'), 200, 'accounts');
  const id = users.find((user) => user.username === username)?.id;
  assert.ok(id !== undefined, `no account ${username}`);
  return id;
}
