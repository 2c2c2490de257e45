// Kysely table types of the journal capability: the hash-chained entries and the single head row that
// anchors the chain (count, last hash, first kept entry after a purge).

export interface JournalEntryTable {
  sequence: number;
  time: number;
  actor_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  camera_id: string | null;
  commune_insee: string | null;
  outcome: string;
  /** Canonical JSON (sorted keys): the exact text that was hashed. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface JournalHeadTable {
  /** Always 1: there is one chain. */
  id: number;
  /** Sequence of the newest entry; 0 when the journal is empty. */
  last_sequence: number;
  last_hash: string;
  /** Entries the chain should hold from first_sequence to last_sequence. */
  entry_count: number;
  /** Sequence of the oldest kept entry (moves forward when retention purges). */
  first_sequence: number;
  /** prev_hash the oldest kept entry must carry: the genesis hash, or the hash of the last purged entry. */
  anchor_hash: string;
  updated_at: number;
}

export interface JournalTables {
  journal_entries: JournalEntryTable;
  journal_head: JournalHeadTable;
}
