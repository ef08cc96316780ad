import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import type { ExitDecision, ExitReason } from '../../../src/domain/exits/types.js';
import { parseOrderId, positionIdFor } from '../../../src/domain/intents/ids.js';
import { planExit } from '../../../src/domain/intents/exit.js';
import { makeBar } from '../../../src/domain/values/bar.js';
import type { Position } from '../../../src/domain/values/position.js';
import { contract, pos, T0 } from '../exits/fixtures.js';
import { makeQuote, type OptionQuote } from '../../../src/domain/values/quote.js';

const NOW = T0 + 30 * 60_000;
const rules = loadConfig({}).rules;
const execution = rules.execution;
const POSITION_ID = positionIdFor('SPY', T0);

/** The exits fixture's position, under an id the order-id scheme can parse. */
function position(over: Partial<Position> = {}): Position {
  return pos({ id: POSITION_ID, ...over });
}

/** An exit decision taken on a fresh quote (its mid as `mark`), or without one (`mark` undefined). */
function decision(qty: number, reasons: ExitReason[] = ['OPTION_STOP'], p: Position = position(), mark: number | undefined = 1.5): ExitDecision {
  return { action: qty < p.qty ? 'partial' : 'exit', qty, reasons, position: p, ...(mark === undefined ? {} : { mark }) };
}

const quote: OptionQuote = makeQuote({ symbol: contract.symbol, ts: NOW - 1_000, bid: 1.45, ask: 1.55, volume: 900, openInterest: 3_000 });

describe('planExit', () => {
  it('sells a long with a marketable limit at the bid when there is a quote', () => {
    const o = planExit(position(), decision(4), quote, 1, NOW, 'corr-x', execution);
    expect(o).toEqual({
      clientOrderId: `th-${POSITION_ID}-x1`,
      correlationId: 'corr-x',
      underlying: 'SPY',
      symbol: contract.symbol,
      side: 'sell',
      effect: 'close',
      qty: 4,
      type: 'limit',
      limitPrice: 1.45,
      timeInForce: 'day',
      reasons: ['OPTION_STOP'],
      ts: NOW,
    });
  });

  it('prices at the far side even when entries are configured to rest at the mid', () => {
    const atMid = { ...execution, limitOffsetOfHalfSpread: 0 };
    expect(planExit(position(), decision(4), quote, 1, NOW, 'c', atMid).limitPrice).toBe(1.45);
  });

  it('buys back a short at the ask', () => {
    const short = position({ side: 'short' });
    const o = planExit(short, decision(4, ['VOL_SPIKE_AGAINST'], short), quote, 1, NOW, 'c', execution);
    expect(o).toMatchObject({ side: 'buy', effect: 'close', type: 'limit', limitPrice: 1.55 });
  });

  it('sends a market order when there is no quote', () => {
    const o = planExit(position(), decision(4, ['UNDERLYING_ADVERSE_MOVE'], position(), undefined), undefined, 2, NOW, 'c', execution);
    expect(o).toMatchObject({ side: 'sell', type: 'market', qty: 4, clientOrderId: `th-${POSITION_ID}-x2` });
    expect(o.limitPrice).toBeUndefined();
    expect('limitPrice' in o).toBe(false);
  });

  it('sends a market order when the exit was decided without a fresh quote, even if a stale one is at hand', () => {
    // Ten minutes old: past exits.quoteMaxAgeMs (2 min), so evaluateExit falls back to the underlying.
    const stale = makeQuote({ symbol: contract.symbol, ts: NOW - 10 * 60_000, bid: 1.95, ask: 2.05, volume: 900, openInterest: 3_000 });
    const bar = makeBar({ symbol: 'SPY', ts: NOW - 60_000, open: 496, high: 496, low: 496, close: 496, volume: 1_000 });
    const features = { symbol: 'SPY', ts: bar.ts, close: 496, sma20: 490, volumeBarsAbove: 0, smaCrosses: 0, trend: 'up', ready: true } as const;
    const d = evaluateExit(position(), { now: NOW, bar, features, quote: stale }, rules.exits);
    expect(d.action).toBe('exit');
    expect(d.reasons).toContain('UNDERLYING_ADVERSE_MOVE');
    expect(d.reasons).toContain('QUOTE_STALE_FALLBACK');
    expect(d.mark).toBeUndefined();
    const o = planExit(position(), d, stale, 1, NOW, 'c', execution);
    expect(o).toMatchObject({ side: 'sell', type: 'market', qty: 4 });
    expect('limitPrice' in o).toBe(false);
  });

  it('sends a market order when the config says market, quote or not', () => {
    const market = { ...execution, orderType: 'market' as const };
    expect(planExit(position(), decision(4), quote, 1, NOW, 'c', market)).toMatchObject({ type: 'market' });
  });

  it('sells only part of the position on a partial exit', () => {
    const o = planExit(position(), decision(2, ['OPTION_TARGET']), quote, 1, NOW, 'c', execution);
    expect(o.qty).toBe(2);
    expect(o.reasons).toEqual(['OPTION_TARGET']);
  });

  it('never closes more contracts than the position holds', () => {
    const p = position({ qty: 2 });
    expect(planExit(p, decision(5, ['OPTION_STOP'], p), quote, 1, NOW, 'c', execution).qty).toBe(2);
  });

  it('gives each exit of a position its own deterministic id that parses back to the position', () => {
    const ids = [1, 2, 3].map((seq) => planExit(position(), decision(4), quote, seq, NOW, 'c', execution).clientOrderId);
    expect(ids).toEqual([`th-${POSITION_ID}-x1`, `th-${POSITION_ID}-x2`, `th-${POSITION_ID}-x3`]);
    expect(planExit(position(), decision(4), quote, 2, NOW + 5_000, 'other', execution).clientOrderId).toBe(ids[1]);
    for (const id of ids) expect(parseOrderId(id)).toEqual({ ticker: 'SPY', positionId: POSITION_ID, effect: 'close', role: 'exit' });
  });

  it('property: qty is min(decision, position), and a sell limit is the bid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 0, max: 100 }), (held, wanted, bidCents, spreadCents) => {
        const p = position({ qty: held, initialQty: held });
        const q = makeQuote({ symbol: contract.symbol, ts: NOW, bid: bidCents / 100, ask: (bidCents + spreadCents) / 100, volume: 1, openInterest: 1 });
        const o = planExit(p, decision(wanted, ['OPTION_STOP'], p), q, 1, NOW, 'c', execution);
        expect(o.qty).toBe(Math.min(held, wanted));
        expect(o.qty).toBeLessThanOrEqual(p.qty);
        expect(o.limitPrice).toBe(q.bid);
      }),
    );
  });
});
