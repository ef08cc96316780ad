import type { Logger } from '../actors/runtime/logger.js';
import { AlpacaBroker } from '../infra/alpaca/index.js';
import { connectNats, type NatsLink } from '../infra/nats/connection.js';
import { NatsExecutor } from '../infra/nats/executor.js';
import type { NatsSettings } from '../infra/nats/settings.js';
import { subjects } from '../infra/nats/subjects.js';
import type { Heartbeat } from '../infra/alpaca/heartbeat.js';
import type { TracingPort } from '../actors/ports/tracing.js';

export interface AlpacaAccess {
  readonly keyId: string;
  readonly secret: string;
  /** Paper unless asked for live in so many words. */
  readonly live: boolean;
  /** Every REST call goes here, and the trading stream to its /stream (a local stand-in); Alpaca's own hosts otherwise. */
  readonly url?: string;
  /** How a silent stream (trading, market data) is noticed and replaced (default DEFAULT_HEARTBEAT: 10 s / 5 s). */
  readonly heartbeat?: Heartbeat;
}

export interface RunningExecutor {
  readonly executor: NatsExecutor;
  /** For metrics and readiness: the broker (its counters) and the NATS connection. */
  readonly broker: AlpacaBroker;
  readonly link: NatsLink;
  /** The shutdown order: stop taking commands (the one under way finishes), close the broker, drain NATS. */
  stop(): Promise<void>;
}

/** Alpaca keys from the environment (APCA_API_KEY_ID, APCA_API_SECRET_KEY); a clear error names what is missing. */
export function alpacaKeysFromEnv(env: NodeJS.ProcessEnv = process.env): { keyId: string; secret: string } {
  const keyId = env.APCA_API_KEY_ID ?? '';
  const secret = env.APCA_API_SECRET_KEY ?? '';
  const missing = [keyId ? undefined : 'APCA_API_KEY_ID', secret ? undefined : 'APCA_API_SECRET_KEY'].filter((x) => x !== undefined);
  if (missing.length > 0) throw new AlpacaKeysMissingError(`Alpaca keys missing: set ${missing.join(' and ')}`);
  return { keyId, secret };
}

export class AlpacaKeysMissingError extends Error {
  override readonly name = 'AlpacaKeysMissingError';
}

/** The executor stopped taking commands without being asked: the process exits non-zero, to be restarted. */
export class ExecutorFaultError extends Error {
  override readonly name = 'ExecutorFaultError';
}

/** The trading stream's URL on a host given as its REST base (http → ws, https → wss, path /stream). */
export function streamUrlFor(restUrl: string): string {
  const u = new URL(restUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = '/stream';
  return u.toString();
}

/**
 * The executor on its own (`thetis executor`): order commands from NATS JetStream to Alpaca through
 * the real SDK, executions back. It says at start which account kind it trades, paper or live.
 */
export async function startExecutor(nats: NatsSettings, alpaca: AlpacaAccess, log: Logger, o: { readonly tracing?: TracingPort } = {}): Promise<RunningExecutor> {
  const broker = new AlpacaBroker({
    keyId: alpaca.keyId,
    secret: alpaca.secret,
    paper: !alpaca.live,
    logger: log,
    ...(alpaca.url === undefined ? {} : { restUrl: alpaca.url, streamUrl: streamUrlFor(alpaca.url) }),
    ...(alpaca.heartbeat === undefined ? {} : { streamHeartbeat: alpaca.heartbeat }),
  });
  if (alpaca.live) log.warn({ broker: broker.name }, 'LIVE trading: orders go to the live Alpaca account, with real money');
  else log.info({ broker: broker.name }, 'paper trading (use --live for the live account)');
  const link = await connectNats(nats, 'thetis-executor', log);
  const executor = await NatsExecutor.start({ link, subjects: subjects(nats.namespace), settings: nats, broker, log, ...(o.tracing === undefined ? {} : { tracing: o.tracing }) });
  return {
    executor,
    broker,
    link,
    stop: async () => {
      await executor.stop();
      await broker.close();
      await link.drain();
      log.info({}, 'executor stopped');
    },
  };
}
