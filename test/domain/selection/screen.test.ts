import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { dteReasons } from '../../../src/domain/selection/screen.js';
import { selectContract } from '../../../src/domain/selection/select.js';
import { entry } from './chain-fixture.js';

const { rules } = loadConfig({});
const cfg = rules.selection;

describe('dteReasons: calendar window and sessions left', () => {
  it('a day trade needs 3–6 DTE and at least 3 sessions to expiry', () => {
    // Friday → Monday expiry: 3 DTE but 1 session (Mon): refused.
    expect(dteReasons(3, 'day', cfg, 1)).toEqual(['DTE_OUT_OF_RANGE']);
    // Thursday → Monday: 4 DTE, 2 sessions (Fri, Mon): refused, it would be due out at once.
    expect(dteReasons(4, 'day', cfg, 2)).toEqual(['DTE_OUT_OF_RANGE']);
    // Monday → Thursday: 3 DTE, 3 sessions (Tue, Wed, Thu); Friday → Wednesday: 5 DTE, 3 sessions (Mon, Tue, Wed).
    expect(dteReasons(3, 'day', cfg, 3)).toEqual([]);
    expect(dteReasons(5, 'day', cfg, 3)).toEqual([]);
    // Without a session count, the calendar window alone.
    expect(dteReasons(3, 'day', cfg)).toEqual([]);
    expect(dteReasons(7, 'day', cfg, 5)).toEqual(['DTE_OUT_OF_RANGE']);
  });

  it('swings: 21–45 DTE, never the final week', () => {
    expect(dteReasons(21, 'swing', cfg, 14)).toEqual([]);
    expect(dteReasons(7, 'swing', cfg, 5)).toEqual(['DTE_OUT_OF_RANGE', 'FINAL_WEEK_LONG_PREMIUM']);
  });

  it('defaults: a long just bought is outside its pre-expiry exit window', () => {
    expect(cfg.dte.minSessionsLeft).toBe(3);
    expect(cfg.dte.minSessionsLeft).toBeGreaterThan(rules.exits.time.longDaysBeforeExpiry);
  });
});

describe('selectContract counts sessions to expiry', () => {
  it('a Friday day trade skips the Monday expiry for the Wednesday one', () => {
    // Friday 2025-03-14 15:00 UTC (11:00 EDT). Monday 03-17: 3 DTE, 1 session. Wednesday 03-19: 5 DTE, 3 sessions.
    const now = Date.UTC(2025, 2, 14, 15, 0);
    const chain = [entry({ strike: 500, expiry: '2025-03-17', ts: now - 1000 }), entry({ strike: 500, expiry: '2025-03-19', ts: now - 1000 })];
    const r = selectContract(chain, { underlying: 'SPY', direction: 'bullish', tradeType: 'day', spot: 500, now }, { selection: cfg, liquidity: rules.liquidity });
    expect(r.decision.ok && r.decision.value.contract.expiry).toBe('2025-03-19');
    expect(r.rejected).toEqual([{ symbol: chain[0]?.contract.symbol, reasons: ['DTE_OUT_OF_RANGE'] }]);
  });

  it('Good Friday: on Wednesday 2026-04-01 a Monday 04-06 expiry (5 DTE) has 2 sessions (Thu, Mon) and is refused', () => {
    const now = Date.UTC(2026, 3, 1, 15, 0);
    const chain = [entry({ strike: 500, expiry: '2026-04-06', ts: now - 1000 })];
    const r = selectContract(chain, { underlying: 'SPY', direction: 'bullish', tradeType: 'day', spot: 500, now }, { selection: cfg, liquidity: rules.liquidity });
    expect(r.decision.ok).toBe(false);
    expect(r.rejected[0]?.reasons).toEqual(['DTE_OUT_OF_RANGE']);
  });
});
