// The authorization matrix on SQLite (the PostgreSQL run is authorization-matrix-postgres.test.ts); what it
// checks is described in support/authorization-matrix.ts, where new routes get their probes.
import { describeAuthorizationMatrix } from './support/authorization-matrix.js';

describeAuthorizationMatrix('sqlite');
