/**
 * Whether a database's schema is up to date, asked through its driver: the names of the dialect's
 * migrations (SQLITE_MIGRATIONS, POSTGRESQL_MIGRATIONS) against MikroORM's `mikro_orm_migrations`.
 * The names are listed here, apart from the migrations themselves: importing those loads MikroORM's
 * migrator, which is what a driver write avoids. A test holds the two lists equal.
 */
import type { Dialect } from '../settings.js';
import type { SqlConnection } from './connection.js';

/** MikroORM's table of applied migrations (orm.ts MIGRATIONS_TABLE). */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/** Each dialect's migrations by name, oldest first: the `name`s of its migrations list. */
export const MIGRATION_NAMES: Readonly<Record<Dialect, readonly string[]>> = {
  postgresql: ['Migration20261128000000_initial', 'Migration20261205000000_backtest_record', 'Migration20261206000000_entry_context', 'Migration20261207000000_iv_history', 'Migration20261208000000_order_legs'],
  sqlite: ['Migration20261128000000_initial', 'Migration20261205000000_backtest_record', 'Migration20261206000000_entry_context', 'Migration20261207000000_iv_history', 'Migration20261208000000_order_legs'],
};

/** The dialect's migrations the database has not applied (all of them for a new database). */
export async function pendingMigrations(c: SqlConnection): Promise<string[]> {
  const present =
    c.dialect === 'sqlite'
      ? await c.all(`select 1 from sqlite_master where type = 'table' and name = ?`, [MIGRATIONS_TABLE])
      : await c.all(`select 1 from information_schema.tables where table_schema = current_schema() and table_name = ?`, [MIGRATIONS_TABLE]);
  const names = MIGRATION_NAMES[c.dialect];
  if (present.length === 0) return [...names];
  const applied = new Set((await c.all<{ name: string }>(`select "name" from "${MIGRATIONS_TABLE}"`)).map((r) => r.name));
  return names.filter((n) => !applied.has(n));
}
