import { hedgePositionId, isHedgeOrderId } from '../domain/intents/ids.js';
import { shareExposure } from '../domain/portfolio/exposure.js';
import type { Bar } from '../domain/values/bar.js';
import { parseOcc } from '../domain/values/contract.js';
import type { OptionQuote } from '../domain/values/quote.js';
import type { EngineDeps } from './deps.js';
import { DEFAULT_ASK_TIMEOUT_MS } from './deps.js';
import { spawnGateway } from './gateway/actor.js';
import { spawnHedge } from './hedge/actor.js';
import { restoreHedges } from './hedge/holdings.js';
import { barCorrelationId, type BarRun, type ExecutionReceived, type HedgeMsg, type PortfolioSnapshot, type ScanStopped, type UnderlyingMsg } from './messages.js';
import { spawnPortfolio } from './portfolio/actor.js';
import { RiskApprovals } from './portfolio/approvals.js';
import type { PositionSeed } from './position/actor.js';
import type { PendingEntry } from './underlying/state.js';
import type { StoredOrder } from './ports/order-store.js';
import { positionExposure } from './position/exposure.js';
import { ask, callbackRef, tell, type ActorRef, type Runtime } from './runtime/index.js';
import { spawnSupervisor, underlyingOf, type Registry } from './supervisor.js';
import type { TreeRefs } from './tree.js';

/**
 * The actor tree and its one door: bars in, portfolio snapshots out. The same tree runs live
 * (wall clock) and in backtests (virtual clock); only the runtime's clock and the ports differ.
 */
export class Engine {
  private constructor(
    private readonly runtime: Runtime,
    private readonly deps: EngineDeps,
    private readonly refs: TreeRefs,
    private readonly registry: Registry,
    /** The delta hedge (hedging.delta.enabled) and the tickers it holds shares or orders in; none when off. */
    private readonly hedge: { readonly ref: ActorRef<HedgeMsg>; readonly tickers: ReadonlySet<string> } | undefined,
  ) {}

  /**
   * Spawns the tree: supervisor, portfolio-greeks actor, order gateway, an underlying actor per
   * ticker, and a position actor per position already open (from a positions source: the
   * journal or the broker after a restart), with its timers re-armed from absolute deadlines.
   * With hedging.delta on, the delta hedge beside the portfolio, restored from `hedges` (the order
   * store's hedge orders): its shares held again as positions, its working opening orders' risk reserved.
   */
  static start(
    runtime: Runtime,
    deps: EngineDeps,
    opts: { tickers: readonly string[]; equity: number; positions?: readonly PositionSeed[]; entries?: readonly PendingEntry[]; hedges?: readonly StoredOrder[] },
  ): Engine {
    const registry: Registry = { underlyings: new Map(), positions: new Map(), holders: new Map() };
    // The supervisor spawns position actors that need the portfolio and gateway refs, which are
    // spawned under the supervisor itself: it reads them once they exist.
    const tree: { refs?: TreeRefs } = {};
    const supervisor = spawnSupervisor(runtime.root, registry, deps, () => {
      if (tree.refs === undefined) throw new Error('engine not started');
      return tree.refs;
    });
    // The portfolio issues risk approvals for the opening orders it forwards; only the gateway redeems them.
    const approvals = new RiskApprovals();
    const gateway = spawnGateway(supervisor, deps.gateway, approvals, deps.decisions);
    const refs: TreeRefs = {
      supervisor,
      portfolio: spawnPortfolio(supervisor, opts.equity, deps.config.risk, gateway, approvals),
      gateway,
    };
    tree.refs = refs;
    const hedged = new Set<string>();
    const hedging = deps.config.hedging.delta;
    const restored = restoreHedges(hedging.enabled ? (opts.hedges ?? []) : []);
    const hedge = hedging.enabled ? spawnHedge(supervisor, deps, hedging, refs, hedged, restored) : undefined;
    for (const [ticker, h] of restored.holdings) tell(refs.portfolio, { type: 'position-adopted', exposure: shareExposure(hedgePositionId(ticker), ticker, h.qty), correlationId: hedgePositionId(ticker) });
    // What the working orders have filled is in the holdings adopted above: their reservations stand for the rest.
    for (const exposure of restored.reservations) tell(refs.portfolio, { type: 'reservation-restored', exposure });
    deps.gateway.connect((execution, trace) => {
      const msg: ExecutionReceived = { type: 'execution', execution, correlationId: execution.correlationId, ...(trace === undefined ? {} : { trace }) };
      // A hedge's share orders are the hedge actor's; every other order's execution goes to its owner through the supervisor.
      if (hedge !== undefined && isHedgeOrderId(execution.clientOrderId)) tell(hedge, msg);
      else tell(supervisor, msg);
    });
    const engine = new Engine(runtime, deps, refs, registry, hedge === undefined ? undefined : { ref: hedge, tickers: hedged });
    for (const t of opts.tickers) engine.underlying(t);
    for (const seed of opts.positions ?? []) {
      engine.underlying(seed.position.contract.underlying); // its bars must reach the position
      const exposure = positionExposure(seed.position, seed.greeks);
      tell(refs.portfolio, { type: 'position-adopted', exposure, correlationId: seed.position.id });
      tell(supervisor, { type: 'open-position', ...seed, correlationId: seed.position.id });
    }
    // Entries in flight when the engine last stopped, before any execution of theirs is routed.
    for (const pending of opts.entries ?? []) {
      const { correlationId } = pending.intent;
      if (!pending.opened) tell(refs.portfolio, { type: 'reservation-restored', exposure: pending.exposure });
      tell(engine.underlying(pending.contract.underlying), { type: 'resume-entry', pending, correlationId });
    }
    return engine;
  }

  /** Routes a bar to its underlying's actor, spawning one for a ticker seen for the first time (and to the delta hedge, when on). */
  onBar(bar: Bar): void {
    const correlationId = barCorrelationId(bar);
    tell(this.underlying(bar.symbol), { type: 'bar', bar, correlationId });
    if (this.hedge !== undefined) tell(this.hedge.ref, { type: 'bar', bar, correlationId });
  }

  /**
   * Backtests: gives each underlying its bars of a time window in one message (see ScanBars)
   * and resolves once the tree is idle with, per ticker that stopped, the open time of the bar
   * it stopped at: that bar and the ticker's later ones in the window must come through
   * `onBar` as the clock reaches their minutes. Tickers not in the map took all their bars.
   */
  async scan(series: readonly { readonly symbol: string; readonly bars: BarRun }[]): Promise<ReadonlyMap<string, number>> {
    const stops = new Map<string, number>();
    const replyTo = callbackRef<ScanStopped>(`${this.runtime.name}/$scan`, (m) => stops.set(m.ticker, m.resumeTs));
    for (const { symbol, bars } of series) {
      if (bars.length > 0) tell(this.underlying(symbol), { type: 'scan', bars, replyTo, correlationId: `${barCorrelationId({ symbol, ts: bars.tsAt(0) })}-scan` });
    }
    await this.whenIdle();
    return stops;
  }

  /** Routes an option quote to the positions that hold the contract (quote monitoring). */
  onQuote(quote: OptionQuote): void {
    for (const id of this.registry.holders.get(quote.symbol) ?? []) {
      const ref = this.registry.positions.get(id);
      if (ref) tell(ref, { type: 'quote', quote, correlationId: `${quote.symbol}-${quote.ts}` });
    }
  }

  /**
   * The broker took the contract away by itself: settled at expiry at `price` per share (intrinsic
   * value, or 0), or exercised, assigned or liquidated (adopted by reconciliation, with its reason
   * code). An undefined price: intrinsic value at the last underlying price each position saw.
   */
  onSettlement(symbol: string, price: number | undefined, ts: number, reason?: string): void {
    for (const id of this.registry.holders.get(symbol) ?? []) {
      const ref = this.registry.positions.get(id);
      if (ref) tell(ref, { type: 'settled', ...(price === undefined ? {} : { price }), ts, ...(reason === undefined ? {} : { reason }), correlationId: `${symbol}-${reason === undefined ? 'expiry' : 'adopted'}` });
    }
  }

  /** New entries are denied with these reasons (ENTRIES_HALTED first) until `resumeEntries`; exits go on. */
  haltEntries(reasons: readonly string[]): void {
    tell(this.refs.portfolio, { type: 'entries-halted', reasons });
  }

  resumeEntries(): void {
    tell(this.refs.portfolio, { type: 'entries-halted', reasons: [] });
  }

  setEquity(equity: number): void {
    tell(this.refs.portfolio, { type: 'equity-updated', equity });
  }

  portfolio(): Promise<PortfolioSnapshot> {
    return ask(this.refs.portfolio, (replyTo: ActorRef<PortfolioSnapshot>) => ({ type: 'get-portfolio' as const, replyTo }), this.deps.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS);
  }

  /** The underlyings with an open position, or with hedge shares or a hedge order (their bars price the hedge). */
  holdingTickers(): Set<string> {
    const tickers = new Set<string>(this.hedge?.tickers);
    for (const symbol of this.registry.holders.keys()) tickers.add(parseOcc(symbol).underlying);
    return tickers;
  }

  /** Whether the delta hedge runs (hedging.delta.enabled): its shares are then Thetis's own at the venue. */
  get hedging(): boolean {
    return this.hedge !== undefined;
  }

  get openPositions(): number {
    return this.registry.positions.size;
  }

  /** Resolves once every mailbox is empty and every order sent has had its answer delivered. */
  async whenIdle(): Promise<void> {
    do await this.runtime.whenIdle();
    while ((await this.deps.gateway.settle?.()) === true);
  }

  private underlying(ticker: string): ActorRef<UnderlyingMsg> {
    return underlyingOf(this.registry, ticker, this.refs.supervisor, this.deps, this.refs);
  }
}
