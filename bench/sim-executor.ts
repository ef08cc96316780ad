/**
 * An executor over the simulated broker in a process of its own (the production shape: the
 * executor beside the broker, the engine elsewhere), for the order-path benchmark. Reads the NATS
 * namespace from argv[2]; prints "ready" once it takes commands; stops on SIGTERM.
 */
import { silentLogger } from '../src/actors/runtime/index.js';
import { makeContract } from '../src/domain/values/contract.js';
import { makeQuote } from '../src/domain/values/quote.js';
import { SimVenue } from '../src/infra/executor/sim-venue.js';
import { connectNats } from '../src/infra/nats/connection.js';
import { NatsExecutor } from '../src/infra/nats/executor.js';
import { loadNatsSettings } from '../src/infra/nats/settings.js';
import { subjects } from '../src/infra/nats/subjects.js';
import { SimBroker } from '../src/infra/sim-broker/broker.js';

export const BENCH_NOW = Date.UTC(2025, 5, 11, 15, 0);
export const BENCH_CALL = makeContract({ underlying: 'SPY', expiry: '2025-06-20', right: 'call', strike: 500 });

/** The simulated broker, always open, with one marketable quote deep enough for every order. */
export function benchVenue(): SimVenue {
  const quote = makeQuote({ symbol: BENCH_CALL.symbol, ts: BENCH_NOW, bid: 2.0, ask: 2.1, volume: 1e9, openInterest: 5_000 });
  return new SimVenue(new SimBroker({ cash: 1e12, isOpen: () => true }), (symbol) => (symbol === quote.symbol ? quote : undefined), () => BENCH_NOW);
}

if (process.argv[1]?.endsWith('sim-executor.ts') && process.argv[2]) {
  const settings = loadNatsSettings();
  const link = await connectNats(settings, 'bench-executor', silentLogger, false);
  const executor = await NatsExecutor.start({ link, subjects: subjects(process.argv[2]), settings, broker: benchVenue(), log: silentLogger });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void executor.stop().then(() => link.drain()).then(() => process.exit(0));
  });
}
