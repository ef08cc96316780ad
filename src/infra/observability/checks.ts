/** Readiness checks shared by the engine and the executor. */
import type { NatsLink } from '../nats/connection.js';
import type { Check } from './readiness.js';

/** Every link connected (not closed, no disconnect since the last reconnect). */
export function natsCheck(links: readonly NatsLink[]): Check {
  return () => (links.every((l) => l.stats.connected && !l.nc.isClosed()) ? undefined : 'NATS is not connected (reconnecting)');
}
