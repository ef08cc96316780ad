import { MikroORM, type MigrationObject, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { silentLogger, type Logger } from '../../actors/runtime/logger.js';
import { ENTITIES } from './entities/index.js';
import { POSTGRESQL_MIGRATIONS } from './migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { describeDatabase, maskSecrets, type DatabaseSettings, type Dialect, type PostgresSettings, type SqliteSettings } from './settings.js';
import type { Em, Orm } from './sql.js';

export { databaseFrom, describeDatabase, DEFAULT_SQLITE_PATH, type DatabaseSettings, type Dialect } from './settings.js';
export type { Em, Orm } from './sql.js';

export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

export interface OrmOptions {
  /** Where MikroORM's own messages go (masked): info level. */
  readonly logger?: Logger;
  /** MikroORM's query log (for debugging; masked like everything else). */
  readonly debug?: boolean;
}

/**
 * The ORM config for one dialect: entities listed (never discovered from folders), the static
 * migration list of that dialect, no schema auto-sync, no database created behind the operator's
 * back. Every message MikroORM logs goes through `maskSecrets`.
 */
export function ormConfig(settings: DatabaseSettings, options: OrmOptions = {}): Options {
  const log = options.logger ?? silentLogger;
  const common = {
    entities: [...ENTITIES],
    discovery: { disableDynamicFileAccess: true },
    extensions: [Migrator],
    ensureDatabase: false,
    debug: options.debug ?? false,
    colors: false,
    logger: (message: string) => log.info({ component: 'db' }, maskSecrets(settings, message)),
  } satisfies Options;
  return settings.dialect === 'postgresql' ? { ...common, ...postgresConfig(settings) } : { ...common, ...sqliteConfig(settings) };
}

function postgresConfig(s: PostgresSettings): Options {
  return {
    driver: PostgreSqlDriver,
    host: s.host,
    port: s.port,
    user: s.user,
    ...(s.password === undefined ? {} : { password: s.password }),
    dbName: s.database,
    driverOptions: {
      connection: {
        connectionTimeoutMillis: s.connectTimeoutMs,
        application_name: 'thetis',
        ...(s.ssl === 'off' ? {} : { ssl: { rejectUnauthorized: s.ssl === 'verified' } }),
      },
      // A pool that cannot get a connection fails after a few attempts' worth, not after a minute.
      acquireConnectionTimeout: 3 * s.connectTimeoutMs,
    },
    migrations: migrationOptions(POSTGRESQL_MIGRATIONS),
  };
}

function sqliteConfig(s: SqliteSettings): Options {
  return {
    driver: BetterSqliteDriver,
    dbName: s.path,
    pool: {
      afterCreate: (conn: { pragma(sql: string): unknown }, done: (error: Error | null, conn: unknown) => void) => {
        // WAL: readers (`thetis status`) never block the engine's writes. synchronous=FULL: a
        // committed transaction survives a power cut, not only a process kill (the outbox needs it).
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = FULL');
        conn.pragma('busy_timeout = 5000');
        done(null, conn);
      },
    },
    migrations: migrationOptions(SQLITE_MIGRATIONS),
  };
}

function migrationOptions(list: MigrationObject[]): Options['migrations'] {
  return { migrationsList: list, tableName: MIGRATIONS_TABLE, transactional: true, allOrNothing: true, snapshot: false, silent: true };
}

/** Why a database could not be opened: the message is masked, the driver's error is not attached (it may quote the password). */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
  constructor(
    readonly stage: 'connect' | 'migrate',
    message: string,
    /** The driver's error code (ECONNREFUSED, 28P01, …) when it gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface Database {
  readonly orm: Orm;
  readonly dialect: Dialect;
  /** Safe to log. */
  readonly description: string;
  /** Migrations applied by this open (names), oldest first. */
  readonly applied: readonly string[];
  close(): Promise<void>;
}

/** Inits the ORM, checks the connection and runs pending migrations. Fails with a `DatabaseOpenError` that never holds the password. */
export async function openDatabase(settings: DatabaseSettings, options: OrmOptions = {}): Promise<Database> {
  const log = options.logger ?? silentLogger;
  const description = describeDatabase(settings);
  const mask = (text: string) => maskSecrets(settings, text);
  let orm: Orm | undefined;
  try {
    orm = (await MikroORM.init(ormConfig(settings, options))) as unknown as Orm;
    const check = await orm.checkConnection();
    if (!check.ok) throw new DatabaseOpenError('connect', mask(`cannot reach ${description}: ${check.reason}`), errorCode(check.error));
  } catch (error) {
    await closeQuietly(orm);
    const failure = error instanceof DatabaseOpenError ? error : new DatabaseOpenError('connect', mask(`cannot open ${description}: ${messageOf(error)}`), errorCode(error));
    log.error({ component: 'db', stage: failure.stage, code: failure.code }, failure.message);
    throw failure;
  }
  const opened = orm;
  let applied: string[];
  try {
    applied = (await opened.migrator.up()).map((m) => m.name);
  } catch (error) {
    await closeQuietly(opened);
    const failure = new DatabaseOpenError('migrate', mask(`migrating ${description} failed: ${messageOf(error)}`), errorCode(error));
    log.error({ component: 'db', stage: failure.stage, code: failure.code }, failure.message);
    throw failure;
  }
  if (applied.length > 0) log.info({ component: 'db', migrations: applied }, `migrated ${description}`);
  return {
    orm: opened,
    dialect: settings.dialect,
    description,
    applied,
    close: () => opened.close(true),
  };
}

/** Runs one unit of work on its own fork of the entity manager (its own identity map), never the global one. */
export async function withEm<T>(orm: Orm, fn: (em: Em) => Promise<T>): Promise<T> {
  return fn(orm.em.fork({ clear: true, useContext: false }));
}

async function closeQuietly(orm: Orm | undefined): Promise<void> {
  try {
    await orm?.close(true);
  } catch {
    // Already failing with the error that matters.
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code.slice(0, 32) : undefined;
}
