import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { OccParseError } from '../../../src/domain/values/contract.js';
import { isRollReason, STRATEGIES, tradeStrategy } from '../../../src/domain/values/strategy.js';

/** The underlying: the OCC root (the letters before the date), or the ticker itself for shares. */
const underlyingOf = (symbol: string) => symbol.replace(/\d{6}[CP]\d{8}$/, '');
const single = (symbol: string, side: 'long' | 'short', entryReasons: string[] = ['RISK_PCT']) => ({ symbol, underlying: underlyingOf(symbol), side, entryReasons });

describe('tradeStrategy', () => {
  it('reads the right from the OCC symbol: a bought call or put', () => {
    expect(tradeStrategy(single('SPY250117C00500000', 'long'))).toBe('long_call');
    expect(tradeStrategy(single('SPY250117P00500000', 'long'))).toBe('long_put');
    // A 'C' or 'P' in the root does not decide the right: the letter after the date does.
    expect(tradeStrategy(single('CPB250117P00045000', 'long'))).toBe('long_put');
  });

  it('a sold put is a cash-secured put', () => {
    expect(tradeStrategy(single('SPY250221P00480000', 'short'))).toBe('cash_secured_put');
  });

  it('a multi-leg trade opened for a credit is a credit spread', () => {
    const legs = [{ symbol: 'QQQ250221P00380000', side: 'short' as const }, { symbol: 'QQQ250221P00375000', side: 'long' as const }];
    expect(tradeStrategy({ ...single('QQQ250221P00380000', 'short'), legs })).toBe('credit_spread');
    // One leg listed is a single option, whatever the field says.
    expect(tradeStrategy({ ...single('QQQ250221P00380000', 'short'), legs: legs.slice(0, 1) })).toBe('cash_secured_put');
  });

  it('a trade opened by a roll is a roll, whatever it holds', () => {
    expect(tradeStrategy(single('SPY250221C00510000', 'long', ['LONG_PROFIT_TARGET', 'RISK_PCT']))).toBe('roll');
    expect(tradeStrategy(single('SPY250321P00480000', 'short', ['SHORT_AT_ROLL_DTE', 'SHORT_ITM']))).toBe('roll');
    expect(tradeStrategy(single('SPY250321P00480000', 'short', ['ROLL_OPEN']))).toBe('roll');
  });

  it('refuses a shape Thetis never opens, with a specific error', () => {
    expect(() => tradeStrategy(single('SPY250117C00500000', 'short'))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_STRATEGY', field: 'side' }));
    const debit = [{ symbol: 'SPY250117C00500000', side: 'long' as const }, { symbol: 'SPY250117C00505000', side: 'short' as const }];
    expect(() => tradeStrategy({ ...single('SPY250117C00500000', 'long'), legs: debit })).toThrow(DomainError);
    expect(() => tradeStrategy({ ...single('SPY250117X00500000', 'long'), underlying: 'SPY' })).toThrow(OccParseError);
  });

  it('a trade in the underlying\'s own shares (its symbol the ticker) is a delta hedge, whatever its reasons', () => {
    expect(tradeStrategy(single('SPY', 'short', ['DELTA_HEDGE']))).toBe('delta_hedge');
    expect(tradeStrategy(single('SPY', 'long', ['HEDGE_UNWIND']))).toBe('delta_hedge');
  });
});

describe('isRollReason', () => {
  it('knows the roll triggers and any ROLL_ code, and nothing else', () => {
    for (const code of ['SHORT_AT_ROLL_DTE', 'SHORT_ITM', 'SHORT_NEAR_STRIKE', 'ROLL_REGARDLESS_OF_RISK', 'LONG_PROFIT_TARGET', 'ROLL_OPEN']) expect(isRollReason(code)).toBe(true);
    for (const code of ['RISK_PCT', 'BULLISH_TREND', 'OPTION_TARGET', 'ROLL']) expect(isRollReason(code)).toBe(false);
  });

  it('lists the six strategies in report order', () => {
    expect(STRATEGIES).toEqual(['long_call', 'long_put', 'cash_secured_put', 'credit_spread', 'roll', 'delta_hedge']);
  });
});
