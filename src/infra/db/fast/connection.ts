/**
 * A database opened straight through its driver (better-sqlite3, pg), without MikroORM: for a write
 * that cannot wait for the ORM to load (a backtest recording its run, `record.ts`). Parameterized
 * statements only. The schema stays MikroORM's (`migrations.ts` says whether it is up to date);
 * the settings are the ORM's own (`orm.ts`: the same pragmas, timeouts, SSL and application name).
 * Each driver is imported when a database of its dialect is opened, never before.
 */
import type { DatabaseSettings, Dialect, PostgresSettings, SqliteSettings } from '../settings.js';

/** A value: a boolean is 1 or 0 on SQLite; JSON is passed as its text. */
export type ScalarValue = string | number | boolean | null;
/** A parameter: an array is PostgreSQL's only (an array parameter). */
export type SqlValue = ScalarValue | readonly ScalarValue[];

export interface SqlConnection {
  readonly dialect: Dialect;
  /**
   * Runs one statement with `?` placeholders (the SQL text holds no other `?`): the rows it returns
   * (a `select`, or `returning`), none for other statements.
   */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** `fn` in one transaction: committed when it resolves, rolled back when it throws. One at a time. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Safe to repeat. */
  close(): Promise<void>;
}

/** Opens `settings`' database. A new SQLite file is made (its folder must exist). The error is the driver's. */
export async function connect(settings: DatabaseSettings): Promise<SqlConnection> {
  return settings.dialect === 'sqlite' ? connectSqlite(settings) : connectPostgres(settings);
}

async function connectSqlite(s: SqliteSettings): Promise<SqlConnection> {
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(s.path);
  try {
    // As orm.ts: WAL (readers never block writes), synchronous=FULL, a busy timeout.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
  } catch (e) {
    db.close();
    throw e;
  }
  const bind = (params: readonly SqlValue[]) =>
    params.map((p) => {
      if (Array.isArray(p)) throw new TypeError('SQLite takes no array parameter');
      return typeof p === 'boolean' ? (p ? 1 : 0) : p;
    });
  return {
    dialect: 'sqlite',
    all: <T>(sql: string, params: readonly SqlValue[] = []) => {
      const statement = db.prepare(sql);
      if (statement.reader) return Promise.resolve(statement.all(...bind(params)) as T[]);
      statement.run(...bind(params));
      return Promise.resolve([]);
    },
    transaction: async <T>(fn: () => Promise<T>) => {
      db.exec('begin immediate');
      try {
        const value = await fn();
        db.exec('commit');
        return value;
      } catch (e) {
        if (db.inTransaction) db.exec('rollback');
        throw e;
      }
    },
    close: () => {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}

async function connectPostgres(s: PostgresSettings): Promise<SqlConnection> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    host: s.host,
    port: s.port,
    user: s.user,
    ...(s.password === undefined ? {} : { password: s.password }),
    database: s.database,
    connectionTimeoutMillis: s.connectTimeoutMs,
    application_name: 'thetis',
    ...(s.ssl === 'off' ? {} : { ssl: { rejectUnauthorized: s.ssl === 'verified' } }),
  });
  // A connection the server drops while idle is reported here, not thrown at the process; the next statement fails.
  client.on('error', () => undefined);
  await client.connect();
  let closed = false;
  const all = async <T>(sql: string, params: readonly SqlValue[] = []) => {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    return (await client.query(text, [...params])).rows as T[];
  };
  return {
    dialect: 'postgresql',
    all,
    transaction: async <T>(fn: () => Promise<T>) => {
      await all('begin');
      try {
        const value = await fn();
        await all('commit');
        return value;
      } catch (e) {
        await all('rollback').catch(() => undefined);
        throw e;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.end();
    },
  };
}
