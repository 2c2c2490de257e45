// The ordered list of migrations. Names sort in the order they must run; never rename or edit one that shipped.
import type { Migration } from 'kysely';
import * as access from './2026-11-25-01-access.js';
import * as journal from './2026-11-25-02-journal.js';
import * as territory from './2026-11-25-03-territory.js';
import * as recording from './2026-11-25-04-recording.js';
import * as loginAttempts from './2026-12-04-01-login-attempts.js';
import * as tokenOwner from './2026-12-04-02-token-owner.js';

export const migrations: Record<string, Migration> = {
  '2026-11-25-01-access': access,
  '2026-11-25-02-journal': journal,
  '2026-11-25-03-territory': territory,
  '2026-11-25-04-recording': recording,
  '2026-12-04-01-login-attempts': loginAttempts,
  '2026-12-04-02-token-owner': tokenOwner,
};
