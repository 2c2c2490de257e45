// Who is acting: a logged-in user or an API token, with the role and communes the policy needs.
import type { Role } from './actions.js';

export type Actor = {
  readonly kind: 'user' | 'token';
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly communes: readonly string[];
};

export type CameraScope = { readonly all: true } | { readonly all: false; readonly communes: readonly string[] };

/** The actor as the journal records it. */
export function journalActor(actor: Actor | null): { id: string; username: string; role: string } | null {
  return actor === null ? null : { id: actor.id, username: actor.username, role: actor.role };
}
