// Kysely table types of the access capability.

export interface AccessTables {}
