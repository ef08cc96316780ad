import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { DomainError } from '../../../src/domain/errors.js';
import { scaleInChanceOver, scaleInDecision, type ScaleInFacts } from '../../../src/domain/sizing/scale-in.js';

const MIN = 60_000;
/** Monday 2025-12-01 15:00 UTC = 10:00 ET (EST). */
const ENTRY = Date.UTC(2025, 11, 1, 15);
const on = loadConfig({ sizing: { scaleIn: { enabled: true } } }).rules.sizing.scaleIn;
const off = loadConfig({}).rules.sizing.scaleIn;

/** A bullish day trade from $500, now +0.4 % at $502 (2 / 500), its option +25 %, trend up, 10 minutes in. */
const confirmed: ScaleInFacts = {
  direction: 'bullish',
  tradeType: 'day',
  entryUnderlying: 500,
  entryTs: ENTRY,
  close: 502,
  optionPnlPct: 0.25,
  partialTaken: false,
  trend: 'up',
  now: ENTRY + 10 * MIN,
};
const decide = (patch: Partial<ScaleInFacts>, cfg = on) => scaleInDecision({ ...confirmed, ...patch }, cfg);

describe('scaleInDecision: add the second tranche if the trade confirms', () => {
  it('defaults: off; confirm on +0.4 % underlying, option P/L > 0, trend aligned, within 30 min / 2 sessions', () => {
    expect(off).toEqual({
      enabled: false,
      firstTranche: 0.5,
      confirm: { minUnderlyingMovePct: 0.004, minOptionPnlPct: 0, trendAligned: true, window: { dayMinutes: 30, swingSessions: 2 } },
    });
  });

  it('confirms a bullish day trade at exactly +0.4 % (502 vs 500), P/L +25 %, trend up', () => {
    const d = decide({});
    expect(d).toEqual({ ok: true, value: { underlyingMove: expect.closeTo(0.004, 15), optionPnlPct: 0.25 }, reasons: ['SCALE_IN_CONFIRMED'] });
    expect(scaleInChanceOver(d)).toBe(false);
  });

  it('confirms a bearish trade on a fall: 500 → 498 is +0.4 % in its favour, trend down', () => {
    expect(decide({ direction: 'bearish', close: 498, trend: 'down' })).toMatchObject({ ok: true, reasons: ['SCALE_IN_CONFIRMED'] });
    // The same fall is against a bullish trade: −0.4 %.
    expect(decide({ close: 498 }).reasons).toEqual(['SCALE_IN_NOT_CONFIRMED', 'SCALE_IN_MOVE_TOO_SMALL']);
  });

  it('not yet: each failed condition is named, and a later bar may still confirm', () => {
    // (501.90 − 500) / 500 = 0.38 % < 0.4 %.
    const short = decide({ close: 501.9 });
    expect(short).toEqual({ ok: false, reasons: ['SCALE_IN_NOT_CONFIRMED', 'SCALE_IN_MOVE_TOO_SMALL'] });
    expect(scaleInChanceOver(short)).toBe(false);
    expect(decide({ optionPnlPct: 0 }).reasons).toEqual(['SCALE_IN_NOT_CONFIRMED', 'SCALE_IN_OPTION_NOT_PROFITABLE']);
    expect(decide({ optionPnlPct: -0.1 }).reasons).toEqual(['SCALE_IN_NOT_CONFIRMED', 'SCALE_IN_OPTION_NOT_PROFITABLE']);
    expect(decide({ optionPnlPct: undefined }).reasons).toEqual(['SCALE_IN_NOT_CONFIRMED', 'SCALE_IN_NO_OPTION_PNL']);
    expect(decide({ trend: 'flat' }).reasons).toEqual(['SCALE_IN_NOT_CONFIRMED', 'SCALE_IN_TREND_NOT_ALIGNED']);
    expect(decide({ close: 500, optionPnlPct: 0, trend: 'down' }).reasons).toEqual([
      'SCALE_IN_NOT_CONFIRMED',
      'SCALE_IN_MOVE_TOO_SMALL',
      'SCALE_IN_OPTION_NOT_PROFITABLE',
      'SCALE_IN_TREND_NOT_ALIGNED',
    ]);
  });

  it('the conditions follow the config', () => {
    const loose = { ...on, confirm: { ...on.confirm, trendAligned: false, minUnderlyingMovePct: 0.002, minOptionPnlPct: 0.3 } };
    // Trend ignored; 501 / 500 = +0.2 % ≥ 0.2 %; but P/L 0.25 is not above 0.30.
    expect(decide({ trend: 'flat', close: 501 }, loose).reasons).toEqual(['SCALE_IN_NOT_CONFIRMED', 'SCALE_IN_OPTION_NOT_PROFITABLE']);
    expect(decide({ trend: 'flat', close: 501, optionPnlPct: 0.31 }, loose).ok).toBe(true);
  });

  it('for good: disabled, after a partial exit', () => {
    for (const [d, reason] of [
      [decide({}, off), 'SCALE_IN_DISABLED'],
      [decide({ partialTaken: true }), 'SCALE_IN_AFTER_PARTIAL'],
    ] as const) {
      expect(d).toEqual({ ok: false, reasons: [reason] });
      expect(scaleInChanceOver(d)).toBe(true);
    }
  });

  it('day window: 30 minutes after entry inclusive, passed a minute later', () => {
    expect(decide({ now: ENTRY + 30 * MIN }).ok).toBe(true);
    const late = decide({ now: ENTRY + 31 * MIN });
    expect(late).toEqual({ ok: false, reasons: ['SCALE_IN_WINDOW_PASSED'] });
    expect(scaleInChanceOver(late)).toBe(true);
  });

  it('swing window: to the close of the 2nd session counting the entry’s', () => {
    const swing = { tradeType: 'swing' as const };
    // Entered Monday 10:00 ET: Tuesday 2025-12-02 closes 16:00 ET = 21:00 UTC.
    expect(decide({ ...swing, now: Date.UTC(2025, 11, 2, 20, 59) }).ok).toBe(true);
    expect(decide({ ...swing, now: Date.UTC(2025, 11, 2, 21, 1) }).reasons).toEqual(['SCALE_IN_WINDOW_PASSED']);
    // Entered Friday 2025-12-05: the weekend does not count; Monday 2025-12-08 closes at 21:00 UTC.
    const friday = Date.UTC(2025, 11, 5, 15);
    expect(decide({ ...swing, entryTs: friday, now: Date.UTC(2025, 11, 8, 20) }).ok).toBe(true);
    expect(decide({ ...swing, entryTs: friday, now: Date.UTC(2025, 11, 8, 21, 1) }).reasons).toEqual(['SCALE_IN_WINDOW_PASSED']);
    // Entered Wednesday 2025-11-26: Thanksgiving is closed, Friday 11-28 closes early at 13:00 ET = 18:00 UTC.
    const wednesday = Date.UTC(2025, 10, 26, 15);
    expect(decide({ ...swing, entryTs: wednesday, now: Date.UTC(2025, 10, 28, 17, 59) }).ok).toBe(true);
    expect(decide({ ...swing, entryTs: wednesday, now: Date.UTC(2025, 10, 28, 18, 1) }).reasons).toEqual(['SCALE_IN_WINDOW_PASSED']);
  });

  it.each([
    ['now before the entry', { now: ENTRY - 1 }],
    ['close 0', { close: 0 }],
    ['entry price NaN', { entryUnderlying: Number.NaN }],
    ['P/L infinite', { optionPnlPct: Number.POSITIVE_INFINITY }],
  ])('%s throws DomainError', (_name, patch) => {
    expect(() => decide(patch)).toThrow(DomainError);
  });
});
