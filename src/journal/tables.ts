// Kysely table types of the journal capability.

export interface JournalTables {}
