// Kysely table types of the territory capability.

export interface TerritoryTables {}
