// Kysely's PostgreSQL introspector reads the tables of every schema in the database. When another
// installation or test drops its schema meanwhile, that read fails ("relation … does not exist") and so
// does Vigie's start, since the migrator asks the introspector whether its bookkeeping tables exist.
// Vigie only ever needs its own schema (the connection's search_path), so this one reads that schema only.
import { PostgresDialect, sql, type ColumnMetadata, type DatabaseIntrospector, type Kysely, type TableMetadata } from 'kysely';

interface ColumnRow {
  table: string;
  schema: string;
  is_view: boolean;
  column: string;
  data_type: string;
  is_nullable: boolean;
  has_default: boolean;
  is_auto_incrementing: boolean;
}

export class CurrentSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<{ name: string }[]> {
    const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(this.#db);
    return rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.relname as table, ns.nspname as schema, c.relkind in ('v', 'm') as is_view,
             a.attname as column, format_type(a.atttypid, a.atttypmod) as data_type,
             not a.attnotnull as is_nullable, a.atthasdef as has_default,
             a.attidentity <> '' or coalesce(pg_get_expr(d.adbin, d.adrelid) like 'nextval(%', false) as is_auto_incrementing
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      left join pg_catalog.pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where ns.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm')
      order by c.relname, a.attnum`.execute(this.#db);
    const tables = new Map<string, { name: string; schema: string; isView: boolean; columns: ColumnMetadata[] }>();
    for (const row of rows) {
      let table = tables.get(row.table);
      if (table === undefined) {
        table = { name: row.table, schema: row.schema, isView: row.is_view, columns: [] };
        tables.set(row.table, table);
      }
      table.columns.push({
        name: row.column,
        dataType: row.data_type,
        isNullable: row.is_nullable,
        hasDefaultValue: row.has_default,
        isAutoIncrementing: row.is_auto_incrementing,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(): Promise<{ tables: TableMetadata[] }> {
    return { tables: await this.getTables() };
  }
}

/** PostgreSQL through pg, introspecting the current schema only. */
export class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}
