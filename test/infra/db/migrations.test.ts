import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/infra/db/orm.js';
import { DIALECTS, freshDatabase, query, tables, type TestDatabase } from './databases.js';

/** Written out here, not read from the entities: what the migrations must create. */
const EXPECTED_TABLES = [
  'backtest_decision',
  'backtest_run',
  'backtest_trade',
  'decision',
  'execution',
  'iv_observation',
  'mikro_orm_migrations',
  'order_intent',
  'position',
  'position_event',
  'risk_snapshot',
];

/** Every migration, oldest first, as each dialect's folder lists them. */
const MIGRATIONS = [
  'Migration20261128000000_initial',
  'Migration20261205000000_backtest_record',
  'Migration20261206000000_entry_context',
  'Migration20261207000000_iv_history',
  'Migration20261208000000_order_legs',
];

/** The columns of a table, sorted. */
async function columns(db: Database, dialect: string, table: string): Promise<string[]> {
  const sql =
    dialect === 'postgresql'
      ? `select column_name as name from information_schema.columns where table_schema = 'public' and table_name = '${table}'`
      : `select name from pragma_table_info('${table}')`;
  return (await query<{ name: string }>(db.orm, sql)).map((r) => r.name).sort();
}

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let fresh: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = await openDatabase(fresh.settings);
  });

  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  it('run up on an empty database and create every table', async () => {
    expect(db.applied).toEqual(MIGRATIONS);
    expect(await tables(db.orm, dialect)).toEqual(EXPECTED_TABLES);
  });

  it('leave nothing between the entities and the schema (the migration matches the entity records)', async () => {
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('apply nothing on a second open of a migrated database', async () => {
    const again = await openDatabase(fresh.settings);
    try {
      expect(again.applied).toEqual([]);
      expect(await tables(again.orm, dialect)).toEqual(EXPECTED_TABLES);
    } finally {
      await again.close();
    }
  });

  it('take the order legs column off and put it back (down one, up one), keeping the intents written', async () => {
    await query(
      db.orm,
      `insert into "order_intent" ("client_order_id", "correlation_id", "underlying", "symbol", "side", "effect", "qty", "type", "limit_price", "time_in_force", "reasons", "ts", "status", "cum_qty", "published", "updated_ts")
       values ('th-SPY-1-open', 'c1', 'SPY', 'SPY251219C00500000', 'buy', 'open', 1, 'limit', 2.35, 'day', '[]', 1000, 'pending', 0, false, 1000)`,
    );
    expect(await columns(db, dialect, 'order_intent')).toContain('legs');
    await db.orm.migrator.down(); // the last one only
    expect(await columns(db, dialect, 'order_intent')).not.toContain('legs');
    expect(await columns(db, dialect, 'order_intent')).toContain('entry_context');
    await db.orm.migrator.up();
    expect(await columns(db, dialect, 'order_intent')).toContain('legs');
    const rows = await query<{ client_order_id: string; legs: unknown }>(db.orm, `select "client_order_id", "legs" from "order_intent"`);
    expect(rows).toEqual([{ client_order_id: 'th-SPY-1-open', legs: null }]);
    await query(db.orm, `delete from "order_intent"`);
  });

  it('run down to an empty schema and up again', async () => {
    await db.orm.migrator.down({ to: 0 });
    expect(await tables(db.orm, dialect)).toEqual(['mikro_orm_migrations']);
    await db.orm.migrator.up();
    expect(await tables(db.orm, dialect)).toEqual(EXPECTED_TABLES);
  });
});

describe('an in-memory SQLite database', () => {
  it('opens migrated', async () => {
    const db = await openDatabase({ dialect: 'sqlite', path: ':memory:' });
    try {
      expect(await tables(db.orm, 'sqlite')).toEqual(EXPECTED_TABLES);
    } finally {
      await db.close();
    }
  });
});
