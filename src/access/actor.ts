// Who is acting: a person, logged in (session) or through one of the API tokens he minted, with the role and
// communes the policy needs. The journal always names the person, and the token when one was used.
import type { Role } from './actions.js';

export type Actor = {
  readonly kind: 'user' | 'token';
  /** The person's account id (for a token: its owner's). */
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly communes: readonly string[];
  /** The login session the request came with (cookie), so that streams end with it. */
  readonly sessionId?: string;
  /** A person who must first change a reset password, or enrol a required second factor: nothing else is allowed. */
  readonly pending?: Pending;
  /** The API token the request came with. */
  readonly token?: { readonly id: string; readonly name: string };
};

export type Pending = 'password-change' | 'second-factor-enrolment';

/** The actor as the journal records it. */
export function journalActor(actor: Actor | null): { id: string; username: string; role: string } | null {
  return actor === null ? null : { id: actor.id, username: actor.username, role: actor.role };
}

/** What a journal entry adds about how the person acted (the token used, if any). */
export function actorDetails(actor: Actor | null): { token?: { id: string; name: string } } {
  return actor?.token === undefined ? {} : { token: { id: actor.token.id, name: actor.token.name } };
}
