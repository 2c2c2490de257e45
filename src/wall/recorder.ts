// Where a wall change is journaled. Through a route, the change goes into the entry the auth hook writes for the
// request (noteJournal); called by another capability (an alert, a live-watch request), the wall writes its own.
import { journalActor, type Actor } from '../access/index.js';
import type { Journal, JournalTarget } from '../journal/index.js';

export interface WallEntry {
  readonly action: string;
  readonly target: JournalTarget;
  readonly details: Record<string, unknown>;
}

export type Recorder = (entry: WallEntry) => Promise<void> | void;

export function journalRecorder(journal: Pick<Journal, 'append'>, actor: Actor | null): Recorder {
  return async (entry) => {
    await journal.append({ actor: journalActor(actor), action: entry.action, outcome: 'allowed', target: entry.target, details: { ...entry.details, ...(actor === null ? { by: 'vigie' } : {}) } });
  };
}
