import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayMsg, PortfolioMsg, PortfolioSnapshot } from '../../../src/actors/messages.js';
import { spawnPortfolio } from '../../../src/actors/portfolio/actor.js';
import { RiskApprovals } from '../../../src/actors/portfolio/approvals.js';
import { ask, spawnActor, supervision, tell, type ActorRef, type Runtime } from '../../../src/actors/runtime/index.js';
import { loadConfig } from '../../../src/domain/config/index.js';
import type { RiskConfig } from '../../../src/domain/config/schema.js';
import { deny, type Decision } from '../../../src/domain/decision.js';
import { parseOrderId } from '../../../src/domain/intents/ids.js';
import {
  checkOrder,
  emptyPortfolio,
  portfolioGreeks,
  release,
  reserve,
  settleFill,
  updateHeldPositions,
  upsertPosition,
  type Exposure,
  type PortfolioGreeks,
  type PortfolioState,
  type RiskReason,
} from '../../../src/domain/portfolio/index.js';
import { makeOrderIntent } from '../../../src/domain/values/order.js';
import type { EntryContext } from '../../../src/actors/ports/order-store.js';
import { testRuntime } from '../runtime/fixture.js';

const SYMBOLS = ['SPY250117C00500000', 'SPY250117P00490000', 'SPY250117C00510000', 'SPY250117P00480000', 'SPY250117C00520000', 'SPY250117P00470000'];
const EQUITY = 100_000;
const RISK: RiskConfig = loadConfig({ risk: { maxOpenPositions: 3, maxNetDeltaShares: 600, maxNetVega: 150 } }).risk;

type Msg =
  | { readonly type: 'reserve'; readonly exposure: Exposure }
  | Extract<PortfolioMsg, { type: 'release' | 'fill-settled' | 'exposure-updated' | 'position-adopted' | 'equity-updated' }>;

/**
 * The portfolio actor as it was before the RiskBook (a pure state copied per change, exposure
 * updates buffered and folded in before any other message, the positions awaiting settlement
 * parsed from every reservation): the reference its replies and book must match.
 */
class Reference {
  book: PortfolioState = emptyPortfolio(EQUITY);
  readonly updates = new Map<string, Exposure>();
  readonly closed = new Set<string>();
  readonly submitted: string[] = [];

  handle(msg: Msg): Decision<PortfolioGreeks, RiskReason> | undefined {
    if (msg.type === 'exposure-updated') {
      this.updates.set(msg.exposure.id, msg.exposure);
      if (msg.exposure.qty === 0) {
        // A close takes effect as it comes, as in the actor: a later update of the same position
        // while an order for it is awaited does not bring it back (the order's fill does).
        this.closed.add(msg.exposure.id);
        this.book = this.fold();
        this.updates.clear();
      } else this.closed.delete(msg.exposure.id);
      return undefined;
    }
    this.book = this.fold();
    this.updates.clear();
    switch (msg.type) {
      case 'reserve': {
        const decision = checkOrder({ effect: 'open', exposure: msg.exposure }, this.book, RISK);
        if (decision.ok) {
          this.book = reserve(this.book, msg.exposure);
          this.submitted.push(msg.exposure.id);
        }
        return decision;
      }
      case 'release':
        this.book = release(this.book, msg.reservationId);
        return undefined;
      case 'fill-settled':
        this.book = settleFill(this.book, msg.reservationId, msg.filled && !this.closed.has(msg.filled.id) ? msg.filled : undefined);
        return undefined;
      case 'position-adopted':
        if (!this.closed.has(msg.exposure.id)) this.book = upsertPosition(this.book, msg.exposure);
        return undefined;
      case 'equity-updated':
        this.book = { ...this.book, equity: msg.equity };
        return undefined;
    }
  }

  snapshot(): PortfolioSnapshot {
    const s = this.fold();
    return { equity: s.equity, greeks: portfolioGreeks(s), positions: [...s.positions.values()], reservations: [...s.reservations.values()] };
  }

  private fold(): PortfolioState {
    let out = this.book;
    const awaiting = new Set([...out.reservations.keys()].map((id) => parseOrderId(id).positionId));
    for (const e of this.updates.values()) {
      if (e.qty === 0 || out.positions.has(e.id) || awaiting.has(e.id)) continue;
      out = upsertPosition(out, e);
    }
    return updateHeldPositions(out, this.updates.values());
  }
}

/** Greeks on a dyadic grid: every sum is exact, so the replies must be equal, not close. */
function exposureArb(n: number, id: string, minQty: number): fc.Arbitrary<Exposure> {
  const grid = (min: number, max: number) => fc.integer({ min, max }).map((k) => k / 64);
  return fc.record({
    id: fc.constant(id),
    underlying: fc.constant('SPY'),
    symbol: fc.constant(SYMBOLS[n] as string),
    qty: fc.integer({ min: minQty, max: 4 }),
    multiplier: fc.constant(100),
    delta: grid(-64, 64),
    gamma: grid(0, 13),
    theta: grid(-32, 0),
    vega: grid(0, 38),
    capitalAtRisk: fc.integer({ min: 0, max: 2500 }),
  });
}

/** One contract of a 0.5-delta call, $100 at risk: inside every cap. */
const entryExposure = (): Exposure => ({ id: orderId(0), underlying: 'SPY', symbol: SYMBOLS[0] as string, qty: 1, multiplier: 100, delta: 0.5, gamma: 0.05, theta: -0.1, vega: 0.1, capitalAtRisk: 100 });

const n = fc.integer({ min: 0, max: SYMBOLS.length - 1 });
const orderId = (i: number) => `th-SPY-${i}-open`;
const positionId = (i: number) => `SPY-${i}`;
const msgArb: fc.Arbitrary<Msg> = n.chain((i) =>
  fc.oneof(
    { weight: 4, arbitrary: exposureArb(i, orderId(i), 1).map((exposure) => ({ type: 'reserve' as const, exposure })) },
    { weight: 1, arbitrary: fc.constant({ type: 'release' as const, reservationId: orderId(i), correlationId: 'c' }) },
    {
      weight: 3,
      arbitrary: fc.option(exposureArb(i, positionId(i), 1), { nil: undefined }).map((filled) => ({ type: 'fill-settled' as const, reservationId: orderId(i), filled, correlationId: 'c' })),
    },
    { weight: 4, arbitrary: exposureArb(i, positionId(i), 0).map((exposure) => ({ type: 'exposure-updated' as const, exposure })) },
    { weight: 1, arbitrary: exposureArb(i, positionId(i), 1).map((exposure) => ({ type: 'position-adopted' as const, exposure, correlationId: 'c' })) },
    { weight: 1, arbitrary: fc.integer({ min: 50_000, max: 200_000 }).map((equity) => ({ type: 'equity-updated' as const, equity })) },
  ),
);

let runtime: Runtime | undefined;
afterEach(() => runtime?.stop());

function setUp() {
  const t = testRuntime();
  runtime = t.runtime;
  const submitted: string[] = [];
  const contexts: (EntryContext | undefined)[] = [];
  const gateway = spawnActor(t.runtime.root, {
    name: 'gateway',
    initialState: undefined,
    supervision: supervision(),
    handle: (_s: undefined, msg: GatewayMsg) => {
      if (msg.type === 'submit') {
        submitted.push(msg.intent.clientOrderId);
        contexts.push(msg.context);
      }
      return undefined;
    },
  });
  const portfolio = spawnPortfolio(t.runtime.root, EQUITY, RISK, gateway, new RiskApprovals());
  return { ...t, submitted, contexts, portfolio };
}

function intentFor(exposure: Exposure) {
  return makeOrderIntent({
    clientOrderId: exposure.id,
    correlationId: 'c',
    underlying: 'SPY',
    symbol: exposure.symbol,
    side: 'buy',
    effect: 'open',
    qty: exposure.qty,
    type: 'limit',
    limitPrice: 1.25,
    timeInForce: 'day',
    reasons: ['TEST'],
    ts: 0,
  });
}

async function send(portfolio: ActorRef<PortfolioMsg>, now: number, msg: Msg): Promise<Decision<PortfolioGreeks, RiskReason> | undefined> {
  if (msg.type !== 'reserve') {
    tell(portfolio, msg);
    return undefined;
  }
  return ask(
    portfolio,
    (replyTo: ActorRef<Decision<PortfolioGreeks, RiskReason>>) => ({ type: 'reserve' as const, intent: intentFor(msg.exposure), exposure: msg.exposure, deadline: now + 1_000, correlationId: 'c', replyTo }),
    1_000,
  );
}

describe('the portfolio actor on its RiskBook', () => {
  it('approves, denies (with the same reasons) and holds the same book as the actor on the pure state did, message for message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(msgArb, { minLength: 1, maxLength: 40 }), async (msgs) => {
        runtime?.stop();
        const { portfolio, submitted, clock } = setUp();
        const reference = new Reference();
        for (const msg of msgs) {
          const expected = reference.handle(msg);
          const reply = await send(portfolio, clock.now(), msg);
          expect(reply).toEqual(expected);
        }
        const snapshot = await ask(portfolio, (replyTo: ActorRef<PortfolioSnapshot>) => ({ type: 'get-portfolio' as const, replyTo }), 1_000);
        // Positions in the order they entered the book: the buffered actor listed a batch of updates
        // in the order their first update came, the one detail that may differ (not a risk decision).
        const byId = (ps: readonly Exposure[]) => [...ps].sort((a, b) => a.id.localeCompare(b.id));
        const expected = reference.snapshot();
        expect({ ...snapshot, positions: byId(snapshot.positions) }).toEqual({ ...expected, positions: byId(expected.positions) });
        expect(submitted).toEqual(reference.submitted);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a check past its deadline, reserving nothing', async () => {
    const { portfolio, clock, submitted } = setUp();
    const exposure = entryExposure();
    const late = await ask(
      portfolio,
      (replyTo: ActorRef<Decision<PortfolioGreeks, RiskReason>>) => ({ type: 'reserve' as const, intent: intentFor(exposure), exposure, deadline: clock.now() - 1, correlationId: 'c', replyTo }),
      1_000,
    );
    expect(late).toEqual(deny(['RISK_CHECK_EXPIRED']));
    expect(submitted).toEqual([]);
  });

  it('an invalid exposure update is refused at once (the actor crashes on it and restarts) and changes nothing', async () => {
    const { portfolio, clock, runtime } = setUp();
    const exposure = entryExposure();
    expect((await send(portfolio, clock.now(), { type: 'reserve', exposure }))?.ok).toBe(true);
    const before = await ask(portfolio, (replyTo: ActorRef<PortfolioSnapshot>) => ({ type: 'get-portfolio' as const, replyTo }), 1_000);
    tell(portfolio, { type: 'exposure-updated', exposure: { ...exposure, id: positionId(0), delta: Number.NaN } });
    await runtime.whenIdle();
    clock.advanceBy(1_000); // past the restart backoff
    expect(runtime.metrics.crashes).toBe(1);
    const after = await ask(portfolio, (replyTo: ActorRef<PortfolioSnapshot>) => ({ type: 'get-portfolio' as const, replyTo }), 1_000);
    expect(after).toEqual(before);
  });

  it("while entries are halted denies every opening order with the halt's reasons; forwards an entry's context with the order", async () => {
    const { portfolio, clock, submitted, contexts, runtime } = setUp();
    const exposure = entryExposure();
    const context: EntryContext = { exposure, entryUnderlying: 500 };
    const reserveWith = () =>
      ask(
        portfolio,
        (replyTo: ActorRef<Decision<PortfolioGreeks, RiskReason>>) => ({ type: 'reserve' as const, intent: intentFor(exposure), exposure, context, deadline: clock.now() + 1_000, correlationId: 'c', replyTo }),
        1_000,
      );
    tell(portfolio, { type: 'entries-halted', reasons: ['ENTRIES_HALTED', 'RECONCILIATION_FAILED'] });
    expect(await reserveWith()).toEqual({ ok: false, reasons: ['ENTRIES_HALTED', 'RECONCILIATION_FAILED'] });
    expect(submitted).toEqual([]);
    tell(portfolio, { type: 'entries-halted', reasons: [] });
    expect((await reserveWith()).ok).toBe(true);
    await runtime.whenIdle();
    expect(submitted).toEqual([exposure.id]);
    expect(contexts).toEqual([context]);
  });
});
