/**
 * Issue 13, "Tests and report": one backtest on the bundled sample market (generated exactly as
 * `npm start` generates it) in which every rulebook rule the engine implements fires at least once.
 * The config turns on what is off by default (scaling in) and gives a few tickers a trade style
 * whose rules the all-day-trade default never reaches (swings, short-dated swings, looser
 * underlying exits): each override says which rule it is there for. Premium selling is on, so the
 * fear stretch's short-side signals sell structures, and so is the delta hedge. A second run, with
 * rolling.onlyIfAtRisk off for the one ticker whose sold structure reaches 21 DTE out of danger,
 * holds ROLL_REGARDLESS_OF_RISK (the main run's NOT_AT_RISK needs it on).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DecisionEvent } from '../../../src/actors/ports/decision-sink.js';
import { ensureSampleMarket, SAMPLE_MARKET } from '../../../src/cli/commands/generate-market.js';
import { loadConfig } from '../../../src/domain/config/index.js';
import { parseOcc } from '../../../src/domain/values/contract.js';
import { tradeStrategy } from '../../../src/domain/values/strategy.js';
import type { TradeRecord } from '../../../src/domain/values/trade.js';
import { runBacktest } from '../../../src/infra/backtest/run.js';
import { openMarket } from '../../../src/infra/market/load.js';

/** A swing whose underlying exits are sized for days, not minutes (the day-trade 0.6 % / 0.8 % / SMA20 on 1-minute bars would close it within the hour). */
const swing = {
  signals: { tradeType: 'swing' },
  exits: { underlying: { smaBreak: false, trendFlip: false, adversePct: 0.05, trailPct: 0.03, targetPct: { min: 0.06, max: 0.1 } } },
};
/** Swing contracts 8–12 DTE instead of 21–45, so a swing can live into its last sessions. */
const shortDated = { selection: { dte: { swing: { min: 8, max: 12 } } } };
/** A swing (as above) without the option rules that close a short-dated long early: no THETA_DECAY (5 %/day), a stop at −90…−95 %. */
const holdToExpiry = { signals: swing.signals, exits: { ...swing.exits, option: { stopPct: { min: 0.9, max: 0.95 } }, greeks: { maxThetaPctOfValue: 0.5 } } };

const CONFIG = {
  sizing: { scaleIn: { enabled: true } }, // TRANCHE_FIRST, SCALE_IN_CONFIRMED, TRANCHE_ADD, SCALE_IN_WINDOW_PASSED
  // Premium selling (off by default): a short-side signal (the fear stretch's IV rank > 80, IV ≫ RV) sells a structure.
  premium: { enabled: true },
  // The delta hedge (off by default): net delta past the 600-share cap below is hedged with shares.
  hedging: { delta: { enabled: true } },
  tickers: {
    // Swing exits: expected move, option stop/target, trailing floor, delta, vol spike, SWING_NOT_WORKING; long rolls.
    ALFA: swing,
    // THETA_DECAY: an 8–12 DTE option loses more than 5 % of its value a day.
    CHRL: { ...swing, ...shortDated },
    // LONG_BEFORE_EXPIRY: short-dated swings with the rules that would close them first (theta, a
    // −25…−40 % stop, rolls) out of the way, so a trade can reach its last 2 sessions.
    ...Object.fromEntries(['DLTA', 'FXTR', 'GLFO', 'HTLX'].map((t) => [t, { ...shortDated, ...holdToExpiry, rolling: { longRolls: false } }])),
    // The same with long rolls on: their target screen (liquidity, delta band, final week) rejects
    // candidates of a short-dated, thinly traded chain.
    JLTT: { ...shortDated, ...holdToExpiry },
    // TREND_FLIP: swings whose SMA20 turns against them (their SMA20 break is off).
    ...Object.fromEntries(['LIMX', 'MKEX'].map((t) => [t, { ...swing, exits: { underlying: { ...swing.exits.underlying, trendFlip: true } } }])),
    // NO_FOLLOW_THROUGH: day trades kept past 30 minutes when neither SMA20 rule closes them first.
    // …and a short roll: its bull put spread, in the money at 21 DTE, rolls into a later expiry whose contracts trade 50+ a day.
    NOVR: { exits: { underlying: { smaBreak: false, trendFlip: false } }, liquidity: { minVolume: 50 } },
    // PROFIT_TARGET_357: day trades whose other take-profits stand back (no expected-move target, delta
    // take-profit at 0.99, underlying targets 3–5 %), so a winner can run to the 3-5-7 target.
    OSCX: { exits: { expectedMove: { enabled: false }, greeks: { deltaTakeProfit: 0.99 }, underlying: { targetPct: { min: 0.03, max: 0.05 }, trailPct: 0.02 }, trailing: { activatePct: 3 } } },
    PAPX: { exits: { expectedMove: { enabled: false }, greeks: { deltaTakeProfit: 0.99 }, underlying: { smaBreak: false, trendFlip: false, targetPct: { min: 0.03, max: 0.05 }, trailPct: 0.02 } } },
  },
  // The risk gate's caps, tight enough for a $100,000 account of 1–5-lot trades to meet them:
  // NET_DELTA (600 shares), NET_VEGA ($70 a vol point), MAX_POSITIONS (5), TOTAL_RISK (3 %); and the
  // 3-5-7 target at 3.5 % of equity, i.e. +117 % on a trade risking the full 3 % (7:3 halved), so PROFIT_TARGET_357 is within reach.
  risk: { maxNetDeltaShares: 600, maxNetVega: 70, maxOpenPositions: 5, maxTotalRiskPct: 0.03, profitTargetPct: 0.035 },
};

/** Every rule code that must fire at least once (in a decision's reasons or a trade's entry or exit reasons). */
const MUST_FIRE = {
  signals: ['NOT_READY', 'PRICE_AT_SMA', 'TREND_NOT_ALIGNED', 'RET_5M_WEAK', 'RET_15M_WEAK', 'VOLUME_NOT_CONFIRMED', 'BULLISH_TREND', 'BEARISH_TREND', 'BREAKOUT_CONFIRMED', 'FLAT_SMA_BREAKOUT'],
  chop: ['CHOP'],
  // Both sides of the IV regime: the sample market's fear stretch (rank > 80, IV ≫ RV) and IV crush (rank < 20, IV ≪ RV).
  ivRegime: ['IV_RANK_HIGH', 'OPTIONS_RICH', 'IV_RANK_LOW', 'OPTIONS_CHEAP', 'IV_REGIME_MIXED'],
  // Entry selection records only NO_ELIGIBLE_CONTRACT / EMPTY_CHAIN; the per-contract liquidity and
  // selection codes show in the roll-target screen's denials.
  selection: ['NO_ELIGIBLE_CONTRACT', 'EMPTY_CHAIN', 'DELTA_OUT_OF_RANGE', 'FINAL_WEEK_LONG_PREMIUM'],
  liquidity: ['SPREAD_TOO_WIDE', 'LOW_OPEN_INTEREST', 'LOW_VOLUME', 'PREMIUM_TOO_LOW'],
  sizing: ['RISK_PCT', 'HARD_CAP', 'ATR_LIMIT', 'PREMIUM_TOO_EXPENSIVE', 'ATR_RISK_TOO_HIGH'],
  scaleIn: ['TRANCHE_FIRST', 'SCALE_IN_CONFIRMED', 'TRANCHE_ADD', 'SCALE_IN_WINDOW_PASSED'],
  // PER_TRADE_RISK is not here: sizing keeps every entry within the per-trade cap first (PER_TRADE_CAP),
  // so the gate's check is a backstop (test/domain/portfolio holds it).
  risk: ['WITHIN_LIMITS', 'NET_DELTA', 'NET_VEGA', 'MAX_POSITIONS', 'TOTAL_RISK'],
  underlyingExits: ['SMA20_BREAK', 'TREND_FLIP', 'UNDERLYING_ADVERSE_MOVE', 'UNDERLYING_TARGET', 'UNDERLYING_TARGET_MAX', 'UNDERLYING_TRAIL_HIT'],
  expectedMove: ['EXPECTED_MOVE_TARGET', 'EXPECTED_MOVE_TARGET_MAX'],
  optionExits: ['OPTION_STOP', 'OPTION_TARGET', 'DELTA_TAKE_PROFIT', 'THETA_DECAY', 'VOL_SPIKE_AGAINST', 'PROFIT_TARGET_357'],
  trailing: ['TRAIL_LOCK_ARMED', 'TRAIL_FLOOR_HIT'],
  // Not here, as no trade lives to them on this market: EXPIRY_DAY and SWING_BEFORE_EXPIRY (a long
  // leaves 2 sessions before expiry first), SWING_MAX_HOLD (a swing open 7 days is closed by a target
  // or stop before 14), FOLLOW_THROUGH_TIMEOUT (a day trade in profit at 30 minutes meets a target or
  // stop before 60). Each is held by test/domain/exits.
  timeExits: ['NO_FOLLOW_THROUGH', 'DAY_TRADE_SESSION_END', 'SWING_NOT_WORKING', 'LONG_BEFORE_EXPIRY'],
  longRolls: ['LONG_PROFIT_TARGET', 'ROLL_CLOSE', 'ROLL_OPEN'],
  // Sold structures: which one and why, and their exits (the credit's share, its stop, 21 DTE at risk or not).
  // The delta hedge: hedged past the cap, and cut back or unwound as the options it hedged close.
  hedging: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP', 'HEDGE_REDUCE', 'HEDGE_UNWIND'],
  premiumSelling: ['CASH_SECURED_PUT', 'BULL_PUT_SPREAD', 'BEAR_CALL_SPREAD', 'CSP_TOO_LARGE', 'SHORT_TAKE_PROFIT', 'SHORT_STOP', 'SHORT_AT_ROLL_DTE', 'NOT_AT_RISK', 'SHORT_ITM'],
} as const;

/** First targets: on a position of 2 or more contracts they sell a partial (evaluateExit), never the whole. */
const FIRST_TARGETS: ReadonlySet<string> = new Set(['UNDERLYING_TARGET', 'EXPECTED_MOVE_TARGET', 'OPTION_TARGET']);
const EXIT_NOTES: ReadonlySet<string> = new Set(['TRAIL_LOCK_ARMED', 'QUOTE_STALE_FALLBACK']);

let dir: string;
const fired = new Map<string, number>();
const exits: DecisionEvent[] = [];
let trades: readonly TradeRecord[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-rules-fire-'));
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await ensureSampleMarket(dir);
  } finally {
    quiet.mockRestore();
  }
  // A shared (frozen) list of reasons (a bar's signal denial is one of a few) is counted the first
  // time it is seen: the test asks whether a rule fired, not how often.
  const shared = new WeakMap<readonly string[], true>();
  const count = (codes: readonly string[]) => {
    for (const c of codes) fired.set(c, (fired.get(c) ?? 0) + 1);
  };
  const audit = {
    record: (e: DecisionEvent) => {
      if (e.kind === 'exit') exits.push({ ...e, reasons: [...e.reasons] });
      if (Object.isFrozen(e.reasons) && shared.has(e.reasons)) return;
      if (Object.isFrozen(e.reasons)) shared.set(e.reasons, true);
      count(e.reasons);
    },
  };
  const result = await runBacktest({ marketDir: dir, config: loadConfig(CONFIG), startingEquity: 100_000, audit });
  trades = result.trades;
  for (const t of trades) count([...t.entryReasons, ...t.exitReasons]);
}, 180_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the sample market, backtested with every optional rule on', () => {
  it('is the market npm start backtests', async () => {
    const m = (await openMarket(dir)).manifest;
    expect(m).toMatchObject({ seed: SAMPLE_MARKET.seed, end: SAMPLE_MARKET.end });
    expect(m.tickers).toHaveLength(SAMPLE_MARKET.tickers);
  });

  it.each(Object.entries(MUST_FIRE))('fires every %s rule at least once', (_group, codes) => {
    const missing = codes.filter((c) => !fired.has(c));
    expect(missing).toEqual([]);
  });

  it('takes partial exits: a first target on a position of 2+ contracts, which lives on to a later exit', () => {
    const partials = trades.filter((t) => {
      if (t.qty < 2) return false;
      const own = exits.filter((e) => e.symbol === t.symbol && e.ts >= t.entryTs && e.ts <= t.exitTs);
      return own.some((e, i) => e.reasons.some((r) => FIRST_TARGETS.has(r)) && e.reasons.every((r) => FIRST_TARGETS.has(r) || EXIT_NOTES.has(r)) && own.slice(i + 1).some((later) => later.ts > e.ts));
    });
    expect(partials.length).toBeGreaterThan(0);
  });

  it('rolls regardless of risk with rolling.onlyIfAtRisk off: the short the main run found NOT_AT_RISK at 21 DTE gets ROLL_REGARDLESS_OF_RISK instead', async () => {
    // In the run above one sold structure reached 21 DTE out of danger (MKEX's, the only NOT_AT_RISK).
    const safe = exits.filter((e) => e.reasons.includes('NOT_AT_RISK'));
    expect(safe.map((e) => e.underlying)).toEqual(['MKEX']);
    const [first] = safe as [DecisionEvent];
    const decided: DecisionEvent[] = [];
    const tickers = CONFIG.tickers as Record<string, object>;
    await runBacktest({
      marketDir: dir,
      config: loadConfig({ ...CONFIG, tickers: { ...tickers, MKEX: { ...tickers.MKEX, rolling: { onlyIfAtRisk: false } } } }),
      startingEquity: 100_000,
      audit: { record: (e) => void (e.kind === 'exit' && e.reasons.includes('SHORT_AT_ROLL_DTE') && e.underlying === 'MKEX' && decided.push(e)) },
    });
    // The same structure at the same minute, now due to roll whatever its risk (then bought back: no later
    // expiry of its strikes passes the liquidity screen, the target screen's reasons given).
    expect(decided[0]).toMatchObject({ ts: first.ts, symbol: first.symbol });
    expect(decided[0]?.reasons.slice(0, 2)).toEqual(['SHORT_AT_ROLL_DTE', 'ROLL_REGARDLESS_OF_RISK']);
    expect(decided[0]?.reasons).not.toContain('NOT_AT_RISK');
  }, 60_000);

  it('sells premium: cash-secured puts (one leg) and credit spreads (two legs, short first) open and close as short trades', () => {
    const sold = trades.filter((t) => t.side === 'short' && tradeStrategy(t) !== 'delta_hedge');
    const kinds = new Set(sold.map((t) => tradeStrategy(t)));
    expect([...kinds].sort()).toEqual(['cash_secured_put', 'credit_spread', 'roll']);
    for (const t of sold.filter((x) => tradeStrategy(x) === 'credit_spread')) expect(t.legs?.map((l) => l.side)).toEqual(['short', 'long']);
    // A short at risk at 21 DTE is rolled: bought back (ROLL_CLOSE) and the same strikes sold again later (ROLL_OPEN, strategy 'roll').
    const rolledOpen = sold.filter((t) => t.entryReasons.includes('ROLL_OPEN'));
    expect(rolledOpen.length).toBeGreaterThan(0);
    const occ = (symbol: string) => parseOcc(symbol);
    for (const t of rolledOpen) {
      expect(tradeStrategy(t)).toBe('roll');
      // The trade it rolled: bought back at 21 DTE before this one opened, on the same strikes of an earlier expiry.
      const from = sold.find((u) => u.exitReasons.includes('ROLL_CLOSE') && u.exitReasons.includes('SHORT_AT_ROLL_DTE') && u.exitTs <= t.entryTs && occ(u.symbol).underlying === occ(t.symbol).underlying);
      expect(from).toBeDefined();
      const strikes = (x: TradeRecord) => (x.legs ?? [{ symbol: x.symbol }]).map((l) => occ(l.symbol).strike);
      expect(strikes(t)).toEqual(strikes(from as TradeRecord));
      expect(occ(t.symbol).expiry > occ((from as TradeRecord).symbol).expiry).toBe(true);
    }
  });
});
