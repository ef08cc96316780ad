import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { postgresFromUrl, type DatabaseSettings, type Dialect } from '../../../src/infra/db/settings.js';
import type { Orm } from '../../../src/infra/db/sql.js';

/** Every store test runs on both. */
export const DIALECTS: readonly Dialect[] = ['postgresql', 'sqlite'];

/** The real PostgreSQL on localhost (trust auth); its `test` database is where test databases are made from. */
const ADMIN_URL = process.env.THETIS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly settings: DatabaseSettings;
  /** Drops the database (PostgreSQL) or deletes its file (SQLite). */
  drop(): Promise<void>;
}

/** A database of its own for one test file (PostgreSQL: a new database; SQLite: a file in a new temp dir), so files run in parallel. */
export async function freshDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'thetis-db-'));
    return { settings: { dialect: 'sqlite', path: join(dir, 'thetis.sqlite') }, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const admin = postgresFromUrl(ADMIN_URL);
  const name = `thetis_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await adminSql(`create database "${name}"`);
  return {
    settings: { ...admin, database: name },
    drop: () => adminSql(`drop database if exists "${name}" with (force)`),
  };
}

/** Runs one statement on the admin database (create, drop, alter other databases). */
export async function adminSql(sql: string): Promise<void> {
  const s = postgresFromUrl(ADMIN_URL);
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    host: s.host,
    port: s.port,
    user: s.user,
    ...(s.password === undefined ? {} : { password: s.password }),
    dbName: s.database,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    ensureDatabase: false,
    pool: { min: 0, max: 1 },
  });
  try {
    await orm.em.getConnection().execute(sql);
  } finally {
    await orm.close(true);
  }
}

/** Raw rows, for checking what the database holds without going through the code under test. */
export async function query<T = Record<string, unknown>>(orm: Orm, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await orm.em.getConnection().execute(sql, params, 'all')) as T[];
}

/** A row count (PostgreSQL returns count(*) as a string). */
export async function count(orm: Orm, table: string, where = 'true'): Promise<number> {
  const rows = await query<{ n: number | string }>(orm, `select count(*) as n from "${table}" where ${where}`);
  return Number(rows[0]?.n);
}

/** The tables a database holds (user tables only). */
export async function tables(orm: Orm, dialect: Dialect): Promise<string[]> {
  const sql =
    dialect === 'postgresql'
      ? `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`
      : `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`;
  return (await query<{ name: string }>(orm, sql)).map((r) => r.name).sort();
}
