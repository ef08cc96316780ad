import { readFileSync } from 'node:fs';
import { connect, nkeyAuthenticator, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import type { Logger } from '../../actors/runtime/logger.js';
import { describeNats, type NatsSettings } from './settings.js';

export class NatsUnreachableError extends Error {
  override readonly name = 'NatsUnreachableError';
}

/** Counts of what the connection went through, for metrics and tests. */
export interface ConnectionStats {
  disconnects: number;
  reconnects: number;
  errors: number;
  /** False from a disconnect until the next reconnect (and once closed): what readiness reads. */
  connected: boolean;
}

export interface NatsLink {
  readonly nc: NatsConnection;
  readonly stats: Readonly<ConnectionStats>;
  /** Drains subscriptions and pending publishes, then closes (the graceful way out); closes anyway after `timeoutMs` (default 5 s) when the server is gone. */
  drain(timeoutMs?: number): Promise<void>;
}

/**
 * The client options for `s`: servers, credentials, TLS; reconnect for ever with jittered waits.
 * `waitForServer`: keep trying when no server answers at first (a service started beside it), or
 * fail at once (a command run by hand).
 */
export function connectionOptions(s: NatsSettings, name: string, waitForServer = true): NodeConnectionOptions {
  const tls = s.tls && {
    ...(s.tls.caFile ? { ca: readFileSync(s.tls.caFile, 'utf8') } : {}),
    ...(s.tls.certFile ? { cert: readFileSync(s.tls.certFile, 'utf8') } : {}),
    ...(s.tls.keyFile ? { key: readFileSync(s.tls.keyFile, 'utf8') } : {}),
  };
  return {
    servers: s.url.split(',').map((u: string) => u.trim()),
    name,
    ...(s.user ? { user: s.user, pass: s.password ?? '' } : {}),
    ...(s.token ? { token: s.token } : {}),
    ...(s.nkeySeed ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(s.nkeySeed)) } : {}),
    ...(tls ? { tls } : {}),
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: s.reconnectWaitMs,
    reconnectJitter: Math.round(s.reconnectWaitMs / 5),
    waitOnFirstConnect: waitForServer,
    // No stack captured per request (two Error objects per publish cost a fifth of the order path's
    // CPU); a failed publish is still reported with its subject and msg id.
    noAsyncTraces: true,
  };
}

/** Strips anything that could carry a credential from what the client reports (a server URL with user:pass@). */
const scrub = (data: unknown): string => String(data).replace(/\/\/[^@/\s]*@/g, '//');

/**
 * Connects, and logs every status change (disconnect, reconnect, errors) with the servers and the
 * kind of auth only: no credential ever reaches a log line.
 */
export async function connectNats(s: NatsSettings, name: string, log: Logger, waitForServer = true): Promise<NatsLink> {
  let nc: NatsConnection;
  try {
    nc = await connect(connectionOptions(s, name, waitForServer));
  } catch (e) {
    throw new NatsUnreachableError(`NATS is not reachable at ${describeNats(s).servers.join(', ')} (${e instanceof Error ? e.message : String(e)}): is nats-server running, with JetStream (-js)?`);
  }
  const stats: ConnectionStats = { disconnects: 0, reconnects: 0, errors: 0, connected: true };
  log.info({ ...describeNats(s), name }, 'NATS connected');
  void (async () => {
    for await (const st of nc.status()) {
      switch (st.type) {
        case 'disconnect':
          stats.disconnects += 1;
          stats.connected = false;
          log.warn({ name, server: scrub(st.server) }, 'NATS disconnected');
          break;
        case 'reconnect':
          stats.reconnects += 1;
          stats.connected = true;
          log.info({ name, server: scrub(st.server) }, 'NATS reconnected');
          break;
        case 'error':
          stats.errors += 1;
          log.error({ name, error: scrub(st.error.message) }, 'NATS error');
          break;
        case 'staleConnection':
        case 'slowConsumer':
        case 'ldm':
          log.warn({ name, status: st.type }, 'NATS connection trouble');
          break;
        case 'reconnecting':
        case 'ping':
        case 'update':
        case 'forceReconnect':
          break;
        case 'close':
          stats.connected = false;
          break;
        default:
          st satisfies never;
      }
    }
  })();
  return {
    nc,
    stats,
    drain: async (timeoutMs = 5_000) => {
      if (nc.isClosed()) return;
      const timer = setTimeout(() => void nc.close(), timeoutMs);
      try {
        await Promise.race([nc.drain(), nc.closed()]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
