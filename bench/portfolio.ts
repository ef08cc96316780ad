/**
 * The risk authority at scale (out/bench/portfolio.json): approval latency (check + reserve) with
 * 10 and with 5,000 positions open, and the time to open 5,000 positions one after another
 * (reserve + settle each).
 *
 * The headline figures go through the portfolio actor (spawnPortfolio on a virtual clock): an
 * approval is the `reserve` ask round trip, so it includes the mailbox and the reply; the gateway
 * is a sink. `domain` times the same operations on the RiskBook alone, and `pureReference` on the
 * pure state functions (state.ts + checkOrder, a copy of a map per change and a full re-sum per
 * check): what the actor did before the RiskBook.
 */
import type { GatewayMsg, PortfolioMsg } from '../src/actors/messages.js';
import { spawnPortfolio } from '../src/actors/portfolio/actor.js';
import type { RiskApproval } from '../src/actors/portfolio/approvals.js';
import { ask, createRuntime, spawnActor, supervision, tell, VirtualClock, type ActorRef, type Runtime } from '../src/actors/runtime/index.js';
import { loadConfig } from '../src/domain/config/index.js';
import type { RiskConfig } from '../src/domain/config/schema.js';
import type { Decision } from '../src/domain/decision.js';
import {
  checkOrder,
  emptyPortfolio,
  release,
  reserve,
  RiskBook,
  settleFill,
  type Exposure,
  type PortfolioGreeks,
  type PortfolioState,
  type RiskReason,
} from '../src/domain/portfolio/index.js';
import { makeOrderIntent, type OrderIntent } from '../src/domain/values/order.js';
import { heapAfterGcMb } from './gc.js';
import { median, percentile, round } from './stats.js';

export interface PortfolioBenchOptions {
  /** Positions open for the large case and opened one after another (5,000). */
  readonly positions: number;
  /** Positions open for the small case (10). */
  readonly few: number;
  /** Approvals timed at each size. */
  readonly approvals: number;
  /** Positions opened through the pure reference (its cost grows with n², so fewer may be asked). */
  readonly referencePositions: number;
}

const EQUITY = 1e9;
/** Caps wide enough that every order in the run is approved: the check still compares every cap. */
const RISK: RiskConfig = loadConfig({ risk: { maxOpenPositions: 1_000_000, maxTotalRiskPct: 1, maxNetDeltaShares: 1e12, maxNetVega: 1e12 } }).risk;
const T0 = 1_736_000_000_000;
const OPEN_ROUNDS = 3;

/** The i-th entry: a 2-lot of its own contract, calls and puts alternating. */
function entry(i: number): { order: Exposure; fill: Exposure; intent: OrderIntent } {
  const call = i % 2 === 0;
  const strike = String(100_000 + i).padStart(8, '0');
  const symbol = `SPY250117${call ? 'C' : 'P'}${strike}`;
  const ts = T0 + i;
  const order: Exposure = { id: `th-SPY-${ts}-open`, underlying: 'SPY', symbol, qty: 2, multiplier: 100, delta: call ? 0.55 : -0.45, gamma: 0.04, theta: -0.12, vega: 0.2, capitalAtRisk: 250 };
  const intent = makeOrderIntent({ clientOrderId: order.id, correlationId: `SPY-${ts}`, underlying: 'SPY', symbol, side: 'buy', effect: 'open', qty: 2, type: 'limit', limitPrice: 1.25, timeInForce: 'day', reasons: ['BENCH'], ts });
  return { order, fill: { ...order, id: `SPY-${ts}` }, intent };
}

interface Sample {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

function summary(us: number[]): Sample {
  const sorted = [...us].sort((a, b) => a - b);
  return { p50: round(median(sorted), 2), p99: round(percentile(sorted, 0.99), 2), mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length, 2) };
}

/** The portfolio actor with a sink for a gateway. */
function actorSetUp(): { runtime: Runtime; clock: VirtualClock; portfolio: ActorRef<PortfolioMsg> } {
  const clock = new VirtualClock(T0);
  const runtime = createRuntime({ name: 'bench-portfolio', clock });
  const gateway = spawnActor(runtime.root, { name: 'gateway', initialState: 0, supervision: supervision(), handle: (n: number, _msg: GatewayMsg) => n + 1 });
  const approvals = { issue: (intent: OrderIntent): RiskApproval => ({ clientOrderId: intent.clientOrderId }) };
  return { runtime, clock, portfolio: spawnPortfolio(runtime.root, EQUITY, RISK, gateway, approvals) };
}

async function approveVia(portfolio: ActorRef<PortfolioMsg>, clock: VirtualClock, e: { order: Exposure; intent: OrderIntent }): Promise<void> {
  const d = await ask(
    portfolio,
    (replyTo: ActorRef<Decision<PortfolioGreeks, RiskReason>>) => ({ type: 'reserve' as const, intent: e.intent, exposure: e.order, deadline: clock.now() + 60_000, correlationId: e.intent.correlationId, replyTo }),
    60_000,
  );
  if (!d.ok) throw new Error(`bench order ${e.order.id} denied: ${d.reasons.join(', ')}`);
}

type Entry = ReturnType<typeof entry>;

/** Entries [from, from + n), built before any timing (intents are the asker's work). */
function entries(from: number, n: number): Entry[] {
  return Array.from({ length: n }, (_, k) => entry(from + k));
}

/** Opens the entries one after another: reserve (awaited), then settle. Seconds. */
async function openVia(portfolio: ActorRef<PortfolioMsg>, clock: VirtualClock, list: readonly Entry[]): Promise<number> {
  const t0 = performance.now();
  for (const e of list) {
    await approveVia(portfolio, clock, e);
    tell(portfolio, { type: 'fill-settled', reservationId: e.order.id, filled: e.fill, correlationId: e.intent.correlationId });
  }
  await ask(portfolio, (replyTo: ActorRef<number>) => ({ type: 'get-equity' as const, replyTo }), 60_000); // the last settle handled
  return (performance.now() - t0) / 1_000;
}

/** `n` approvals (µs each) of fresh orders, each released after it is timed, so the book stays the same size. */
async function approvalsVia(portfolio: ActorRef<PortfolioMsg>, clock: VirtualClock, n: number): Promise<number[]> {
  const us: number[] = [];
  for (const e of entries(10_000_000, n)) {
    const t0 = performance.now();
    await approveVia(portfolio, clock, e);
    us.push((performance.now() - t0) * 1_000);
    tell(portfolio, { type: 'release', reservationId: e.order.id, correlationId: e.intent.correlationId });
  }
  return us;
}

/** Every open position reports new greeks once, then one message reads the book: µs per update. */
async function foldVia(portfolio: ActorRef<PortfolioMsg>, n: number): Promise<number> {
  const updates = Array.from({ length: n }, (_, i) => ({ ...entry(i).fill, delta: i % 2 === 0 ? 0.6 : -0.4 }));
  const t0 = performance.now();
  for (const exposure of updates) tell(portfolio, { type: 'exposure-updated', exposure });
  await ask(portfolio, (replyTo: ActorRef<number>) => ({ type: 'get-equity' as const, replyTo }), 60_000);
  return ((performance.now() - t0) * 1_000) / n;
}

async function actorFigures(opts: PortfolioBenchOptions) {
  // Warm-up (JIT), not reported.
  const warm = actorSetUp();
  await openVia(warm.portfolio, warm.clock, entries(0, opts.positions));
  await approvalsVia(warm.portfolio, warm.clock, opts.approvals);
  warm.runtime.stop();

  const small = actorSetUp();
  await openVia(small.portfolio, small.clock, entries(0, opts.few));
  heapAfterGcMb(); // the warm-up's garbage collected before timing
  const at10 = summary(await approvalsVia(small.portfolio, small.clock, opts.approvals));
  small.runtime.stop();

  // Opening: the median of three rounds on fresh actors, the last one kept for the figures at n open.
  const openRounds: number[] = [];
  let large = actorSetUp();
  for (let r = 0; r < OPEN_ROUNDS; r++) {
    if (r > 0) {
      large.runtime.stop();
      large = actorSetUp();
    }
    const list = entries(0, opts.positions);
    heapAfterGcMb();
    openRounds.push(await openVia(large.portfolio, large.clock, list));
  }
  const openSeconds = median(openRounds);
  heapAfterGcMb();
  const atN = summary(await approvalsVia(large.portfolio, large.clock, opts.approvals));
  const foldUs = await foldVia(large.portfolio, opts.positions);
  large.runtime.stop();
  return { at10, atN, openSeconds, openRounds, foldUs };
}

/**
 * µs per approval (check + reserve): the median over batches (of 100: a batch timed as a whole, its
 * reservations released untimed after it, so the book keeps its size), robust to a collection or
 * a neighbour's burst landing in one batch.
 */
function approvalsOn<B>(book: B, n: number, approve: (b: B, e: Exposure) => B, unreserve: (b: B, id: string) => B, batch = 100): number {
  const orders = entries(10_000_000, n).map((e) => e.order);
  let b = book;
  const perBatch: number[] = [];
  for (let k = 0; k < n; k += batch) {
    const slice = orders.slice(k, k + batch);
    const t0 = performance.now();
    for (const o of slice) b = approve(b, o);
    perBatch.push(((performance.now() - t0) * 1_000) / slice.length);
    for (const o of slice) b = unreserve(b, o.id);
  }
  return round(median(perBatch), 3);
}

function bookApprove(b: RiskBook, e: Exposure): RiskBook {
  if (!b.check({ effect: 'open', exposure: e }, RISK).ok) throw new Error(`bench order ${e.id} denied`);
  b.reserve(e);
  return b;
}

function pureApprove(s: PortfolioState, e: Exposure): PortfolioState {
  if (!checkOrder({ effect: 'open', exposure: e }, s, RISK).ok) throw new Error(`bench order ${e.id} denied`);
  return reserve(s, e);
}

/** The RiskBook and the pure reference: approvals at `few` and at `n` open, and opening `n` (seconds). */
function domainFigures(opts: PortfolioBenchOptions) {
  const bookOpen = (n: number): { book: RiskBook; seconds: number } => {
    const book = new RiskBook(EQUITY);
    const list = entries(0, n);
    const t0 = performance.now();
    for (const e of list) {
      bookApprove(book, e.order);
      book.settleFill(e.order.id, e.fill);
    }
    return { book, seconds: (performance.now() - t0) / 1_000 };
  };
  const pureOpen = (n: number): { state: PortfolioState; seconds: number } => {
    let state = emptyPortfolio(EQUITY);
    const list = entries(0, n);
    const t0 = performance.now();
    for (const e of list) {
      state = settleFill(pureApprove(state, e.order), e.order.id, e.fill);
    }
    return { state, seconds: (performance.now() - t0) / 1_000 };
  };
  const bookRelease = (b: RiskBook, id: string) => (b.release(id), b);

  approvalsOn(bookOpen(opts.positions).book, opts.approvals, bookApprove, bookRelease); // warm-up
  const bookAt10 = approvalsOn(bookOpen(opts.few).book, opts.approvals, bookApprove, bookRelease);
  const bookN = bookOpen(opts.positions);
  const bookAtN = approvalsOn(bookN.book, opts.approvals, bookApprove, bookRelease);

  // One at a time: a batch of pending reservations would make each copy of the map longer.
  const pureAt10 = approvalsOn(pureOpen(opts.few).state, opts.approvals, pureApprove, release, 1);
  const pureN = pureOpen(opts.referencePositions);
  const pureAtN = approvalsOn(pureN.state, Math.min(opts.approvals, 400), pureApprove, release, 1);
  return {
    domain: {
      approveUsAt10: bookAt10,
      [`approveUsAt${opts.positions}`]: bookAtN,
      [`ratio${opts.positions}to10`]: round(bookAtN / bookAt10, 2),
      [`open${opts.positions}Seconds`]: round(bookN.seconds, 4),
      note: 'RiskBook.check + RiskBook.reserve in one loop (µs per approval, median of batches of 100); opening = check + reserve + settleFill',
    },
    pureReference: {
      approveUsAt10: pureAt10,
      [`approveUsAt${opts.referencePositions}`]: pureAtN,
      [`open${opts.referencePositions}Seconds`]: round(pureN.seconds, 3),
      note: 'checkOrder + reserve/settleFill on the plain PortfolioState (state.ts): the path the actor took before the RiskBook',
    },
  };
}

export async function portfolioBench(opts: PortfolioBenchOptions) {
  const started = performance.now();
  const actor = await actorFigures(opts);
  const domain = domainFigures(opts);
  return {
    positions: opts.positions,
    few: opts.few,
    approvalsPerSize: opts.approvals,
    approveUsAt10: actor.at10.p50,
    approveUsAt5000: actor.atN.p50,
    ratio5000to10: round(actor.atN.p50 / actor.at10.p50, 2),
    open5000Seconds: round(actor.openSeconds, 3),
    open5000SecondsRounds: actor.openRounds.map((x) => round(x, 3)),
    approveUs: { at10: actor.at10, at5000: actor.atN },
    exposureFoldUsPerUpdateAt5000: round(actor.foldUs, 2),
    targets: { ratio5000to10: 2, open5000Seconds: 1, met: { ratio: actor.atN.p50 / actor.at10.p50 < 2, open: actor.openSeconds < 1 } },
    note:
      'through the portfolio actor on a virtual clock: an approval is the reserve ask round trip (check + reserve + forward to a sink gateway + reply), p50 in µs; ' +
      'opening = reserve (awaited) + fill-settled, one position after another, median of 3 rounds. `positions` is the large size (the field names say 5000).',
    ...domain,
    elapsedSeconds: round((performance.now() - started) / 1_000, 1),
  };
}
