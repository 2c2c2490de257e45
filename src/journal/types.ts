// The journal's public types: what callers append, what they read back, and what verification reports.

export type JournalOutcome = 'allowed' | 'denied' | 'failed';
export const JOURNAL_OUTCOMES: readonly JournalOutcome[] = ['allowed', 'denied', 'failed'];

export interface JournalActor {
  readonly id: string;
  readonly username: string;
  readonly role: string;
}

export interface JournalTarget {
  readonly type: string;
  readonly id?: string;
  readonly cameraId?: string;
  readonly communeInsee?: string;
}

export type JournalEntryInput = {
  /** null: Vigie itself or a local command-line operator (details say which). */
  actor: JournalActor | null;
  action: string;
  outcome: JournalOutcome;
  ip?: string;
  target?: JournalTarget;
  details?: Record<string, unknown>;
};

export interface JournalEntry {
  readonly sequence: number;
  readonly timeMs: number;
  readonly actor: JournalActor | null;
  readonly ip: string | null;
  readonly action: string;
  readonly target: JournalTarget | null;
  readonly outcome: JournalOutcome;
  readonly details: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

export interface JournalFilter {
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Matches the actor's username or id. */
  readonly actor?: string;
  /** The actor's role at the time of the entry. */
  readonly role?: string;
  readonly action?: string;
  readonly cameraId?: string;
  /** Entries stamped with this commune, or about one of its cameras (older entries carry the camera only). */
  readonly commune?: JournalCommuneFilter;
  readonly outcome?: JournalOutcome;
  /** Newest first; at most 1000 per page. */
  readonly limit?: number;
  /** Only entries with a smaller sequence: the `next` cursor of the previous page. */
  readonly beforeSequence?: number;
}

export interface JournalCommuneFilter {
  readonly insee: string;
  /** The commune's cameras, as the territory knows them now. */
  readonly cameraIds: readonly string[];
}

/** A filter without paging: what an extract covers. */
export type JournalSelection = Omit<JournalFilter, 'limit' | 'beforeSequence'>;

export interface JournalPage {
  readonly entries: readonly JournalEntry[];
  /** Pass as beforeSequence to get the next (older) page; null when this was the last. */
  readonly next: number | null;
}

/** What verify found in the checkpoint files, whatever the verdict. */
export interface CheckpointSummary {
  /** Checkpoints read with a valid signature. */
  readonly checkpoints: number;
  readonly lastCheckpointSequence: number | null;
  /** ISO 8601. */
  readonly lastCheckpointTime: string | null;
}

export type JournalVerifyResult = CheckpointSummary &
  (
    | { readonly ok: true; readonly entries: number; readonly firstSequence: number; readonly lastSequence: number; readonly lastHash: string }
    | {
        readonly ok: false;
        readonly entries: number;
        /** The first sequence where the chain breaks, an entry is missing, or a checkpoint disagrees (0: none applies). */
        readonly firstBadSequence: number;
        /** What and where; when several things are wrong, the first and how many more. */
        readonly reason: string;
      }
  );

export interface JournalVerifyOptions {
  /** Checkpoint files to check against (a shipped copy, or one per server): default the local one. */
  readonly checkpointFiles?: readonly string[];
  /** Default `<dataDir>/keys/journal-checkpoint-ed25519.pub.pem`. */
  readonly publicKeyFile?: string | undefined;
}

export interface Journal {
  append(entry: JournalEntryInput): Promise<void>;
  /** Checks the chain, then the chain against the signed checkpoints kept outside the database. */
  verify(options?: JournalVerifyOptions): Promise<JournalVerifyResult>;
  query(filter: JournalFilter): Promise<JournalPage>;
  /** Every entry the selection matches, oldest first, read from the database a page at a time. */
  entries(selection: JournalSelection): AsyncIterable<JournalEntry>;
  /** Deletes entries older than retentionDays, keeping the chain verifiable; journals the purge. Returns how many. */
  purgeExpired(retentionDays: number): Promise<number>;
  /** Waits for the appends in progress, syncs the checkpoint file and stops shipping. */
  close(): Promise<void>;
}
