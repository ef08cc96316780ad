/**
 * Which database Thetis uses: PostgreSQL when DATABASE_URL says so, else an SQLite file (the
 * embedded default: nothing needs a server to start). The password is held here and handed to the
 * driver only; `describeDatabase` is what may be logged, and `maskSecrets` cleans any text bound
 * for a log line or an error message.
 */
export interface PostgresSettings {
  readonly dialect: 'postgresql';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database: string;
  /** From `sslmode`: off, encrypted without verifying the server (`require`), or verified. */
  readonly ssl: 'off' | 'unverified' | 'verified';
  /** How long one connection attempt may take before it fails. */
  readonly connectTimeoutMs: number;
}

export interface SqliteSettings {
  readonly dialect: 'sqlite';
  /** A file path, or `:memory:` (tests). */
  readonly path: string;
}

export type DatabaseSettings = PostgresSettings | SqliteSettings;
export type Dialect = DatabaseSettings['dialect'];

export const DEFAULT_SQLITE_PATH = 'out/thetis.sqlite';
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export class DatabaseSettingsError extends Error {
  override readonly name = 'DatabaseSettingsError';
}

const SSL_MODES: Readonly<Record<string, PostgresSettings['ssl']>> = {
  disable: 'off',
  allow: 'off',
  prefer: 'off',
  require: 'unverified',
  'verify-ca': 'verified',
  'verify-full': 'verified',
};

/**
 * DATABASE_URL (`postgres://` or `postgresql://`) → PostgreSQL; unset or empty → SQLite at
 * THETIS_SQLITE_PATH, or `out/thetis.sqlite`. Any other DATABASE_URL is an error, not a silent
 * fall-back to SQLite. Errors name the problem, never the URL (it may hold a password).
 */
export function databaseFrom(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  const url = env.DATABASE_URL?.trim();
  if (url === undefined || url === '') {
    const path = env.THETIS_SQLITE_PATH?.trim();
    return Object.freeze({ dialect: 'sqlite', path: path === undefined || path === '' ? DEFAULT_SQLITE_PATH : path });
  }
  return postgresFromUrl(url);
}

export function postgresFromUrl(url: string): PostgresSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // URL's own error quotes the input: say only what is wrong.
    throw new DatabaseSettingsError('DATABASE_URL is not a valid URL');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DatabaseSettingsError(`DATABASE_URL scheme '${parsed.protocol.slice(0, 16)}' is not supported (postgres:// or postgresql://; unset it for SQLite)`);
  }
  const user = decodeURIComponent(parsed.username) || 'postgres';
  const password = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user;
  const port = parsed.port === '' ? 5432 : Number(parsed.port);
  let ssl: PostgresSettings['ssl'] = 'off';
  let connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  for (const [key, value] of parsed.searchParams) {
    if (key === 'sslmode') {
      const mode = SSL_MODES[value];
      if (mode === undefined) throw new DatabaseSettingsError(`DATABASE_URL sslmode must be one of ${Object.keys(SSL_MODES).join(', ')}`);
      ssl = mode;
    } else if (key === 'connect_timeout') {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new DatabaseSettingsError('DATABASE_URL connect_timeout must be a positive number of seconds');
      connectTimeoutMs = Math.round(seconds * 1000);
    } else {
      throw new DatabaseSettingsError(`DATABASE_URL parameter '${key.slice(0, 32)}' is not supported (sslmode, connect_timeout)`);
    }
  }
  const settings: PostgresSettings = {
    dialect: 'postgresql',
    // An IPv6 literal comes bracketed ([::1]); the driver wants it bare.
    host: decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port,
    user,
    database,
    ssl,
    connectTimeoutMs,
    ...(password === undefined ? {} : { password }),
  };
  return Object.freeze(settings);
}

/** What may be logged: no password, ever. */
export function describeDatabase(s: DatabaseSettings): string {
  if (s.dialect === 'sqlite') return `sqlite:${s.path}`;
  return `postgresql://${s.user}${s.password === undefined ? '' : ':[redacted]'}@${s.host}:${s.port}/${s.database}`;
}

const MASK = '[redacted]';

/**
 * `text` with the password masked in every form it may take (as given, and URL-encoded as a
 * connection string or a driver may quote it).
 */
export function maskSecrets(s: DatabaseSettings, text: string): string {
  if (s.dialect !== 'postgresql' || s.password === undefined || s.password === '') return text;
  const forms = [...new Set([s.password, encodeURIComponent(s.password), encodeURI(s.password)])].sort((a, b) => b.length - a.length);
  let out = text;
  for (const f of forms) out = out.split(f).join(MASK);
  return out;
}
