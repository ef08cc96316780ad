/** The market-data stream's counters (AlpacaBars.stats): bars received, published, refused, lost; reconnects. */
import type { Meter } from '@opentelemetry/api';
import type { AlpacaBarsStats } from '../alpaca/market/bars.js';

const COUNTERS: ReadonlyArray<readonly [string, keyof AlpacaBarsStats, string]> = [
  ['thetis_market_bars_received', 'received', 'Bars received from the market-data stream'],
  ['thetis_market_bars_published', 'bars', 'Minute bars published into JetStream (duplicates included)'],
  ['thetis_market_bars_updated', 'updated', 'Updated (corrected) bars published'],
  ['thetis_market_bars_duplicates', 'duplicates', 'Bar publishes JetStream answered as duplicates'],
  ['thetis_market_bars_publish_failures', 'publishFailures', 'Bars lost: JetStream did not take them after every attempt'],
  ['thetis_market_bars_backfilled', 'backfilledBars', 'Bars backfilled from REST after a reconnect'],
  ['thetis_market_bars_warmup', 'warmupBars', 'Warm-up bars published from REST at start'],
  ['thetis_market_gaps', 'gaps', 'Warm-ups or backfills given up: bars published over a gap'],
  ['thetis_market_stream_reconnects', 'reconnects', 'Market-data stream reconnects completed'],
  ['thetis_market_stream_reconnect_attempts', 'reconnectAttempts', 'Market-data stream reconnect attempts'],
  ['thetis_market_stream_errors', 'errors', 'Errors the market-data stream reported'],
];

export function observeMarketStream(meter: Meter, stats: Readonly<AlpacaBarsStats>, live: () => boolean): void {
  for (const [name, field, description] of COUNTERS) meter.createObservableCounter(name, { description }).addCallback((r) => r.observe(stats[field] as number));
  meter.createObservableCounter('thetis_market_bars_refused', { description: 'Bars refused, by reason' }).addCallback((r) => {
    for (const [reason, n] of Object.entries(stats.refusedBy)) r.observe(n ?? 0, { reason });
  });
  meter.createObservableGauge('thetis_market_stream_live', { description: '1 while the market-data stream is authenticated, 0 while it reconnects' }).addCallback((r) => r.observe(live() ? 1 : 0));
}
