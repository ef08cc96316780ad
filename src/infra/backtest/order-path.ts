import { randomBytes } from 'node:crypto';
import type { OrderGatewayPort } from '../../actors/ports/order-gateway.js';
import type { Logger } from '../../actors/runtime/logger.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import { InProcessExecutor } from '../executor/in-process.js';
import { SimVenue } from '../executor/sim-venue.js';
import { connectNats } from '../nats/connection.js';
import { NatsExecutor } from '../nats/executor.js';
import { InFlight } from '../nats/in-flight.js';
import { NatsOrderGateway } from '../nats/order-gateway.js';
import type { NatsSettings } from '../nats/settings.js';
import { deleteStreams } from '../nats/streams.js';
import { subjects } from '../nats/subjects.js';
import type { SimBroker } from '../sim-broker/broker.js';

/** How a backtest's orders reach the simulated broker: straight (the default), or through JetStream and the executor. */
export type BacktestExecutor = { readonly kind: 'in-process' } | { readonly kind: 'nats'; readonly settings: NatsSettings };

export interface BacktestOrderPath {
  readonly gateway: OrderGatewayPort;
  /** The simulated broker's session: resting orders worked each minute, day orders expired at the close. */
  readonly venue: SimVenue;
  close(): Promise<void>;
}

/**
 * The order path of a backtest. Over NATS, the engine's gateway and the executor run in this
 * process on connections of their own, in a namespace of the run's own (its streams are deleted at
 * the end), and the engine waits for every order's answer before the virtual clock moves on: the
 * run makes exactly the trades the in-process path makes.
 */
export async function openOrderPath(
  kind: BacktestExecutor,
  broker: SimBroker,
  quote: (symbol: string, now: number) => OptionQuote | undefined,
  now: () => number,
  log: Logger,
): Promise<BacktestOrderPath> {
  if (kind.kind === 'in-process') {
    const executor = new InProcessExecutor(broker, quote, now);
    return { gateway: executor, venue: executor.venue, close: () => Promise.resolve() };
  }
  const settings = kind.settings;
  const sub = subjects(`${settings.namespace}-bt-${randomBytes(4).toString('hex')}`);
  const venue = new SimVenue(broker, quote, now);
  const inFlight = new InFlight();
  const engineLink = await connectNats(settings, 'thetis-backtest-engine', log, false);
  const executorLink = await connectNats(settings, 'thetis-backtest-executor', log, false);
  const gateway = await NatsOrderGateway.start({ link: engineLink, subjects: sub, settings, log, inFlight });
  const executor = await NatsExecutor.start({ link: executorLink, subjects: sub, settings, broker: venue, log, inFlight });
  return {
    gateway,
    venue,
    close: async () => {
      await executor.stop();
      await gateway.stop();
      await deleteStreams(engineLink.nc, sub);
      await executorLink.drain();
      await engineLink.drain();
    },
  };
}
