// The operations log (main courante): what operators write by hand and what the alert loop writes for them
// (alerts raised, calls to the emergency services, decisions), read back per period and handed over at shift change.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { ALERT_LIMITS, type AlertActor, type OplogEntry } from './model.js';
import { selectOplog, toOplogEntry } from './store.js';
import { requireText } from './text.js';

export interface OplogWrite {
  readonly kind: OplogEntry['kind'];
  readonly text: string;
  readonly alertId?: string | null;
  readonly cameraId?: string | null;
  readonly communeInsee?: string | null;
  /** When it happened, if not now (a call made a few minutes ago). */
  readonly at?: number | undefined;
}

export class OperationsLog {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async write(entry: OplogWrite, author: AlertActor | null): Promise<OplogEntry> {
    const row = {
      id: newId(),
      at: entry.at ?? this.#clock.now(),
      author: author?.username ?? null,
      author_id: author?.id ?? null,
      kind: entry.kind,
      alert_id: entry.alertId ?? null,
      camera_id: entry.cameraId ?? null,
      commune_insee: entry.communeInsee ?? null,
      text: requireText('text', entry.text, ALERT_LIMITS.text),
    };
    await this.#db.insertInto('oplog_entries').values(row).execute();
    return toOplogEntry(row);
  }

  list(options: {
    readonly fromMs?: number | undefined;
    readonly toMs?: number | undefined;
    readonly communes?: readonly string[] | undefined;
    readonly limit?: number | undefined;
  }): Promise<OplogEntry[]> {
    return selectOplog(this.#db, options);
  }
}
