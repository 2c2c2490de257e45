// The journal capability (the legal registre): append-only, hash-chained, verifiable, with its own retention.
export { createJournal, type JournalDeps } from './journal.js';
export { checkpointFilePath, checkpointKeyPaths } from './checkpoint.js';
export type { CheckpointShipping } from './checkpoint-shipper.js';
export { journalRoutes } from './routes.js';
export { GENESIS_HASH } from './chain.js';
export type { Journal, JournalEntry, JournalEntryInput, JournalFilter, JournalOutcome, JournalPage, JournalTarget, JournalVerifyOptions, JournalVerifyResult } from './types.js';
