import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DatabaseOpenError, openDatabase } from '../../../src/infra/db/orm.js';
import { databaseFrom, DatabaseSettingsError, describeDatabase, maskSecrets, type PostgresSettings } from '../../../src/infra/db/settings.js';
import { recordingLogger } from '../../helpers/logger.js';
import { freshDatabase } from './databases.js';

/** A password no message may ever quote, with characters a URL must encode. */
const CANARY = 'Canary-7f3e9a/p@ss:w%rd';
const CANARY_IN_URL = encodeURIComponent(CANARY);

describe('databaseFrom', () => {
  it('picks the embedded SQLite file when DATABASE_URL is unset or empty', () => {
    expect(databaseFrom({})).toEqual({ dialect: 'sqlite', path: 'out/thetis.sqlite' });
    expect(databaseFrom({ DATABASE_URL: '  ' })).toEqual({ dialect: 'sqlite', path: 'out/thetis.sqlite' });
    expect(databaseFrom({ THETIS_SQLITE_PATH: '/var/lib/thetis/db.sqlite' })).toEqual({ dialect: 'sqlite', path: '/var/lib/thetis/db.sqlite' });
    expect(databaseFrom({ THETIS_SQLITE_PATH: ':memory:' })).toEqual({ dialect: 'sqlite', path: ':memory:' });
  });

  it('reads PostgreSQL from a postgres:// or postgresql:// URL, decoding the credentials', () => {
    expect(databaseFrom({ DATABASE_URL: `postgres://thetis:${CANARY_IN_URL}@db.internal:6543/trading?sslmode=require&connect_timeout=2` })).toEqual({
      dialect: 'postgresql',
      host: 'db.internal',
      port: 6543,
      user: 'thetis',
      password: CANARY,
      database: 'trading',
      ssl: 'unverified',
      connectTimeoutMs: 2_000,
    });
    expect(databaseFrom({ DATABASE_URL: 'postgresql://127.0.0.1/test', THETIS_SQLITE_PATH: 'ignored.sqlite' })).toEqual({
      dialect: 'postgresql',
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'test',
      ssl: 'off',
      connectTimeoutMs: 5_000,
    });
  });

  it('takes an IPv6 host without its brackets', () => {
    expect(databaseFrom({ DATABASE_URL: 'postgres://u@[::1]:5433/db' })).toMatchObject({ host: '::1', port: 5433, user: 'u', database: 'db' });
  });

  it('refuses other URLs with a reason that does not quote them', () => {
    const cases = [`mysql://root:${CANARY_IN_URL}@host/db`, `not a url ${CANARY}`, `postgres://u:${CANARY_IN_URL}@host/db?search_path=x`, `postgres://u:${CANARY_IN_URL}@host/db?sslmode=sometimes`];
    for (const DATABASE_URL of cases) {
      let error: unknown;
      try {
        databaseFrom({ DATABASE_URL });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DatabaseSettingsError);
      expect(String((error as Error).message)).not.toContain('Canary');
    }
  });

  it('describes and masks without the password', () => {
    const s = databaseFrom({ DATABASE_URL: `postgres://thetis:${CANARY_IN_URL}@db:5432/trading` });
    expect(describeDatabase(s)).toBe('postgresql://thetis:[redacted]@db:5432/trading');
    expect(maskSecrets(s, `failed for postgres://thetis:${CANARY_IN_URL}@db (password ${CANARY})`)).toBe('failed for postgres://thetis:[redacted]@db (password [redacted])');
  });
});

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('a database password', () => {
  it('never reaches the error or the logs when the server cannot be reached', async () => {
    const settings: PostgresSettings = {
      ...(databaseFrom({ DATABASE_URL: `postgres://postgres:${CANARY_IN_URL}@127.0.0.1:${await closedPort()}/test?connect_timeout=2` }) as PostgresSettings),
    };
    const logger = recordingLogger();
    let error: unknown;
    try {
      await openDatabase(settings, { logger, debug: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    const failure = error as DatabaseOpenError;
    expect(failure.stage).toBe('connect');
    expect(failure.message).toContain('127.0.0.1');
    const everything = [failure.message, String(failure.stack), JSON.stringify(failure), String(failure.cause), JSON.stringify(logger.entries)].join('\n');
    expect(logger.entries.length).toBeGreaterThan(0);
    expect(everything).not.toContain('Canary');
    expect(everything).not.toContain(CANARY_IN_URL);
  });

  it('never reaches the logs of a session that connects (query log on)', async () => {
    // The local server trusts every connection, so the canary is sent and accepted.
    const fresh = await freshDatabase('postgresql');
    const logger = recordingLogger();
    try {
      const db = await openDatabase({ ...(fresh.settings as PostgresSettings), password: CANARY }, { logger, debug: true });
      await db.orm.em.getConnection().execute('select 1');
      await db.close();
    } finally {
      await fresh.drop();
    }
    expect(logger.entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(logger.entries)).not.toContain('Canary');
  });
});
