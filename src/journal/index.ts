// The journal capability (the legal registre): append-only, hash-chained, verifiable, with its own retention.
export { createJournal, type JournalDeps } from './journal.js';
export { checkpointFilePath, checkpointKeyPaths } from './checkpoint.js';
export type { CheckpointShipping } from './checkpoint-shipper.js';
export { journalRoutes } from './routes.js';
export { GENESIS_HASH } from './chain.js';
export { CSV_HEADER, csvLine, entryCsvLine } from './csv.js';
export { parseJournalTime } from './period.js';
export { extractKeyPaths, verifyExtractHtml, type ExtractVerdict } from './extract.js';
export { JOURNAL_ERRORS } from './errors.js';
export type { JournalRouteDeps } from './routes.js';
export type {
  Journal,
  JournalEntry,
  JournalEntryInput,
  JournalCommuneFilter,
  JournalFilter,
  JournalOutcome,
  JournalPage,
  JournalSelection,
  JournalTarget,
  JournalVerifyOptions,
  JournalVerifyResult,
} from './types.js';
