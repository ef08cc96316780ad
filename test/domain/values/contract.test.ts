import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOcc, makeContract, OccParseError, parseOcc } from '../../../src/domain/values/contract.js';

describe('OCC symbols', () => {
  it('parses the documented example', () => {
    expect(parseOcc('SPY251219C00500000')).toEqual({
      symbol: 'SPY251219C00500000',
      underlying: 'SPY',
      expiry: '2025-12-19',
      right: 'call',
      strike: 500,
      multiplier: 100,
    });
  });

  it('parses puts, fractional strikes and the padded OCC form', () => {
    const c = parseOcc('AAPL  240621P00182500');
    expect(c).toMatchObject({ underlying: 'AAPL', expiry: '2024-06-21', right: 'put', strike: 182.5, symbol: 'AAPL240621P00182500' });
  });

  it.each([
    ['', 'OCC_FORMAT'],
    ['SPY', 'OCC_FORMAT'],
    ['spy251219C00500000', 'OCC_FORMAT'],
    ['SPY251219X00500000', 'OCC_FORMAT'],
    ['SPY251319C00500000', 'OCC_DATE'],
    ['SPY250230C00500000', 'OCC_DATE'],
    ['SPY251219C00000000', 'OCC_STRIKE'],
    ['TOOLONGX251219C00500000', 'OCC_FORMAT'],
  ])('rejects %j with %s', (symbol, code) => {
    expect(() => parseOcc(symbol)).toThrow(OccParseError);
    try {
      parseOcc(symbol);
    } catch (e) {
      expect((e as OccParseError).code).toBe(code);
    }
  });

  it('format and parse round-trip', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('SPY', 'QQQ', 'AAPL', 'BRK.B', 'X'),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2039-12-31'), noInvalidDate: true }),
        fc.constantFrom('call' as const, 'put' as const),
        fc.integer({ min: 1, max: 99_999_999 }),
        (underlying, d, right, milli) => {
          const expiry = d.toISOString().slice(0, 10);
          const strike = milli / 1000;
          const symbol = formatOcc({ underlying, expiry, right, strike });
          expect(parseOcc(symbol)).toEqual(makeContract({ underlying, expiry, right, strike }));
        },
      ),
    );
  });

  it('rejects strikes that do not fit', () => {
    expect(() => formatOcc({ underlying: 'SPY', expiry: '2025-12-19', right: 'call', strike: 100_000 })).toThrow(/does not fit/);
    expect(() => formatOcc({ underlying: 'SPY', expiry: '2025-12-19', right: 'call', strike: Number.NaN })).toThrow(/finite/);
  });
});
