// The authorization matrix on PostgreSQL (skipped with a note where PostgreSQL is not reachable, outside CI).
import { testDialects } from '../support/databases.js';
import { describeAuthorizationMatrix } from './support/authorization-matrix.js';

if ((await testDialects()).includes('postgres')) describeAuthorizationMatrix('postgres');
