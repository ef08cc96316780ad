/**
 * What `thetis paper` / `thetis live` observe once the session runs: the actor runtime, NATS, the
 * portfolio, the database, the market-data stream (and the in-process executor's counters), and
 * what /readyz checks: NATS connected, database reachable, market stream live, reconciliation
 * passed (and, with the executor in this process, its trading stream).
 */
import type { Meter } from '@opentelemetry/api';
import type { PortfolioSnapshot } from '../../actors/messages.js';
import type { RuntimeMetrics } from '../../actors/runtime/index.js';
import type { AlpacaBarsStats } from '../alpaca/market/bars.js';
import type { NatsLink } from '../nats/connection.js';
import { subjects } from '../nats/subjects.js';
import { DatabaseProbe } from './db-probe.js';
import { observeExecutorView, tradingStreamCheck, type ExecutorView } from './executor.js';
import { observeMarketStream } from './market-metrics.js';
import { natsCheck } from './checks.js';
import { observeNats, type Consumer } from './nats-metrics.js';
import { observePortfolio } from './portfolio-metrics.js';
import type { Check } from './readiness.js';
import { observeRuntime } from './runtime-metrics.js';
import { StreamLiveness } from './stream-liveness.js';

/** The parts of a running trading session observed (TradingSession has them). */
export interface SessionView {
  readonly engine: {
    readonly runtime: { readonly metrics: Readonly<RuntimeMetrics> };
    readonly link: NatsLink;
    readonly namespace: string;
    readonly engine: { portfolio(): Promise<PortfolioSnapshot> };
    pingDatabase(): Promise<void>;
    status(): { readonly halted: boolean; readonly reasons: readonly string[] };
  };
  readonly bars: { readonly stats: Readonly<AlpacaBarsStats> };
  readonly barsLink: NatsLink;
  readonly executor?: ExecutorView | undefined;
}

export interface ObservedSession {
  /** What /readyz checks. */
  readonly checks: Readonly<Record<string, Check>>;
  stop(): void;
}

export function observeSession(meter: Meter, s: SessionView, maxTotalRiskFraction: number): ObservedSession {
  const sub = subjects(s.engine.namespace);
  const consumers: Consumer[] = [
    { stream: sub.barsStream, durable: sub.engineBarsConsumer },
    { stream: sub.executionsStream, durable: sub.engineConsumer },
  ];
  const links: Record<string, NatsLink> = { engine: s.engine.link, bars: s.barsLink };
  if (s.executor) {
    links['executor'] = s.executor.link;
    consumers.push({ stream: sub.ordersStream, durable: sub.executorConsumer });
  }
  observeRuntime(meter, s.engine.runtime);
  observeNats(meter, links, s.engine.link, consumers);
  observePortfolio(meter, () => s.engine.engine.portfolio(), maxTotalRiskFraction);
  const market = new StreamLiveness(() => ({ drops: s.bars.stats.reconnectAttempts, recoveries: s.bars.stats.reconnects }));
  observeMarketStream(meter, s.bars.stats, () => market.live());
  const executor = s.executor ? observeExecutorView(meter, s.executor) : undefined;
  const db = new DatabaseProbe(meter, () => s.engine.pingDatabase());
  const checks: Record<string, Check> = {
    nats: natsCheck(Object.values(links)),
    database: () => db.check(),
    market_stream: () => (market.live() ? undefined : 'the market-data stream is reconnecting'),
    reconciliation: () => {
      const st = s.engine.status();
      return st.halted ? `entries halted: ${st.reasons.join(', ')}` : undefined;
    },
    ...(executor === undefined ? {} : { trading_stream: tradingStreamCheck(executor) }),
  };
  return { checks, stop: () => db.stop() };
}
