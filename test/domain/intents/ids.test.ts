import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { addOrderId, entryOrderId, exitOrderId, isThetisOrderId, parseOrderId, positionIdFor } from '../../../src/domain/intents/ids.js';

const TS = Date.UTC(2025, 11, 1, 15);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

describe('order ids', () => {
  it('names a position after its ticker and entry bar, and its orders after the position', () => {
    expect(positionIdFor('SPY', TS)).toBe(`SPY-${TS}`);
    expect(entryOrderId('SPY', TS)).toBe(`th-SPY-${TS}-open`);
    expect(exitOrderId(positionIdFor('SPY', TS), 1)).toBe(`th-SPY-${TS}-x1`);
  });

  it('is deterministic: the same action always gets the same id', () => {
    expect(entryOrderId('QQQ', TS)).toBe(entryOrderId('QQQ', TS));
    expect(exitOrderId('QQQ-1', 2)).toBe(exitOrderId('QQQ-1', 2));
    expect(exitOrderId('QQQ-1', 2)).not.toBe(exitOrderId('QQQ-1', 3));
    expect(entryOrderId('QQQ', TS)).not.toBe(entryOrderId('QQQ', TS + 60_000));
  });

  it('parses an entry id back to its ticker and position', () => {
    expect(parseOrderId(entryOrderId('SPY', TS))).toEqual({ ticker: 'SPY', positionId: `SPY-${TS}`, effect: 'open', role: 'entry' });
    expect(parseOrderId(entryOrderId('BRK.B', TS))).toEqual({ ticker: 'BRK.B', positionId: `BRK.B-${TS}`, effect: 'open', role: 'entry' });
  });

  it('parses an exit id back to its position as a close', () => {
    expect(parseOrderId(exitOrderId(positionIdFor('IWM', TS), 12))).toEqual({ ticker: 'IWM', positionId: `IWM-${TS}`, effect: 'close', role: 'exit' });
  });

  it('parses a scale-in add id back to its position as an opening order the position owns', () => {
    expect(addOrderId(positionIdFor('IWM', TS), 1)).toBe(`th-IWM-${TS}-a1`);
    expect(parseOrderId(addOrderId(positionIdFor('IWM', TS), 1))).toEqual({ ticker: 'IWM', positionId: `IWM-${TS}`, effect: 'open', role: 'add' });
    expect(isThetisOrderId(`th-IWM-${TS}-a1`)).toBe(true);
    expect(isThetisOrderId(`th-IWM-${TS}-a`)).toBe(false);
  });

  it('property: entry and exit ids round-trip through parseOrderId', () => {
    const ticker = fc.stringMatching(/^[A-Z][A-Z0-9.]{0,5}$/);
    const ts = fc.integer({ min: 0, max: 4_102_444_800_000 });
    fc.assert(
      fc.property(ticker, ts, fc.nat(1000), (t, barTs, seq) => {
        const positionId = positionIdFor(t, barTs);
        expect(parseOrderId(entryOrderId(t, barTs))).toEqual({ ticker: t, positionId, effect: 'open', role: 'entry' });
        expect(parseOrderId(exitOrderId(positionId, seq))).toEqual({ ticker: t, positionId, effect: 'close', role: 'exit' });
      }),
    );
  });

  it.each([
    '',
    'abc',
    '9b2c1f2e-6a55-4c1d-8f4c-1b2a3c4d5e6f', // a broker-generated id
    `th-spy-${TS}-open`, // lower-case ticker
    `th-SPY-${TS}-close`,
    `th-SPY-${TS}-x`,
    `th-SPY-abc-open`,
    `th-SPY-${TS}-open-extra`,
    `xx-SPY-${TS}-open`,
    `th-TOOLONGT-${TS}-open`,
  ])('rejects the foreign id %j with FOREIGN_ORDER_ID', (id) => {
    expect(codeOf(() => parseOrderId(id))).toBe('FOREIGN_ORDER_ID');
    expect(() => parseOrderId(id)).toThrow(/not a Thetis client order id/);
  });

  it('refuses to build an id from parts that would break the scheme', () => {
    expect(codeOf(() => entryOrderId('S PY', TS))).toBe('BAD_ORDER_ID_PART');
    expect(codeOf(() => exitOrderId('', 1))).toBe('BAD_ORDER_ID_PART');
  });
});
