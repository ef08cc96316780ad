/**
 * Whether an error from the database means it cannot be reached now (a server down, a network cut,
 * connections refused or terminated, no connection free in time), as opposed to a write it refused
 * (a constraint, a bad value: a bug). Errors are walked through their `cause` and MikroORM's
 * `previous`, and through an AggregateError's errors.
 */
export function databaseUnreachable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; previous?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || code.startsWith('08') || POSTGRES_CODES.has(code)) return true;
  if (e.name === 'KnexTimeoutError' || e.name === 'ConnectionException') return true;
  if (typeof e.message === 'string' && UNREACHABLE_MESSAGE.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => databaseUnreachable(inner, depth + 1))) return true;
  return databaseUnreachable(e.cause, depth + 1) || databaseUnreachable(e.previous, depth + 1);
}

/** Node's network errors. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * PostgreSQL SQLSTATEs of a server that will not serve now (class 08 is tested apart): admin or
 * crash shutdown, cannot connect now, too many connections, and a database closed to connections.
 */
const POSTGRES_CODES = new Set(['57P01', '57P02', '57P03', '53300', '55000']);
const UNREACHABLE_MESSAGE = /connection terminated|terminating connection|not currently accepting connections|timeout acquiring a connection|connect ECONNREFUSED|Connection ended unexpectedly/i;
