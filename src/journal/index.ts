// The journal capability (the legal registre): append-only, hash-chained, verifiable, with its own retention.
export { createJournal } from './journal.js';
export { journalRoutes } from './routes.js';
export { GENESIS_HASH } from './chain.js';
export type { Journal, JournalEntry, JournalEntryInput, JournalFilter, JournalOutcome, JournalPage, JournalTarget, JournalVerifyResult } from './types.js';
