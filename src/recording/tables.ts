// Kysely table types of the recording capability.

export interface RecordingTables {}
