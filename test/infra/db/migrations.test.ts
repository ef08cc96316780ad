import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/infra/db/orm.js';
import { DIALECTS, freshDatabase, tables, type TestDatabase } from './databases.js';

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
const MIGRATIONS = ['Migration20261128000000_initial', 'Migration20261205000000_backtest_record', 'Migration20261206000000_entry_context', 'Migration20261207000000_iv_history'];

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
