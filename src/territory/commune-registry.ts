// Communes: listed for maps and scoping, imported (all-or-nothing) from GeoJSON or CSV.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { parseCommunes } from './commune-import.js';
import { selectCommune, selectCommunes, upsertCommunes } from './commune-store.js';
import { notFound } from './errors.js';
import type { ImportSource } from './import-rows.js';
import type { ChangeAuthor, Commune, CommuneWithOutline, ImportReport } from './model.js';
import { journalChange } from './territory-journal.js';

export class CommuneRegistry {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #journal: Pick<Journal, 'append'>;

  constructor(db: Kysely<Database>, clock: Clock, journal: Pick<Journal, 'append'>) {
    this.#db = db;
    this.#clock = clock;
    this.#journal = journal;
  }

  list(): Promise<Commune[]> {
    return selectCommunes(this.#db);
  }

  async get(insee: string): Promise<CommuneWithOutline> {
    const commune = await selectCommune(this.#db, insee);
    if (commune === undefined) throw notFound('commune', insee);
    return commune;
  }

  /** Creates or updates every commune of the file, or none if any line is wrong. Journaled with an author. */
  async import(source: ImportSource, author?: ChangeAuthor): Promise<ImportReport & { readonly created: number; readonly updated: number }> {
    const parsed = parseCommunes(source);
    if (!parsed.ok) {
      if (author !== undefined) await journalChange(this.#journal, author, 'commune.import', null, { format: source.kind, imported: 0, errors: parsed.errors.length }, 'failed');
      return { imported: 0, created: 0, updated: 0, errors: parsed.errors };
    }
    const counts = await this.#db.transaction().execute((trx) => upsertCommunes(trx, parsed.communes, this.#clock.now()));
    if (author !== undefined) await journalChange(this.#journal, author, 'commune.import', null, { format: source.kind, imported: parsed.communes.length, ...counts });
    return { imported: parsed.communes.length, ...counts, errors: [] };
  }
}
