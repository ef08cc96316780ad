import { seedFrom } from '../actors/position/journal.js';
import { positionExposure } from '../actors/position/exposure.js';
import type { DecisionEvent } from '../actors/ports/decision-sink.js';
import { rulesFor, type Config } from '../domain/config/load.js';
import { exitDeadlines } from '../domain/exits/deadlines.js';
import { IvRankTracker } from '../domain/indicators/iv-rank.js';
import { emptyPortfolio, portfolioGreeks, upsertPosition } from '../domain/portfolio/index.js';
import type { Database } from '../infra/db/orm.js';
import { OrmBacktestRuns } from '../infra/db/repositories/backtest-runs.js';
import { OrmDecisionStore } from '../infra/db/repositories/decision-store.js';
import { OrmIvHistory } from '../infra/db/repositories/iv-history.js';
import { OrmOrderStore } from '../infra/db/repositories/order-store.js';
import { OrmPositionJournal } from '../infra/db/repositories/position-journal.js';
import { OrmRiskSnapshots } from '../infra/db/repositories/risk-snapshots.js';
import { RECONCILIATION } from './reconciler.js';
import { money } from '../infra/report/format.js';

/** What `thetis status` shows: read from the database only, so it works while an engine runs and after it stopped. */
export interface Status {
  readonly positions: readonly {
    readonly id: string;
    readonly symbol: string;
    readonly side: string;
    readonly qty: number;
    readonly entryPrice: number;
    readonly entryTs: string;
    readonly partialStage: number;
    readonly trailFloorPct?: number;
    readonly peakOptionPrice: number;
    /** When its time rules are looked at again (absolute), ISO. */
    readonly timers: readonly string[];
    readonly exitInFlight?: string;
  }[];
  /** Net greeks of the open positions, against the caps. */
  readonly portfolio: {
    readonly netDeltaShares: number;
    readonly netVega: number;
    readonly netGamma: number;
    readonly netTheta: number;
    readonly capitalAtRisk: number;
    readonly openPositions: number;
    readonly caps: { readonly maxNetDeltaShares: number; readonly maxNetVega: number; readonly maxOpenPositions: number; readonly maxTotalRiskPct: number };
  };
  readonly workingOrders: readonly { readonly clientOrderId: string; readonly symbol: string; readonly side: string; readonly qty: number; readonly status: string; readonly cumQty: number; readonly published: boolean }[];
  readonly recentDecisions: readonly DecisionEvent[];
  /** Whether reconciliation halted new entries (exits go on), why, and since when; unknown before an engine ran. */
  readonly entries: { readonly halted: boolean; readonly reasons: readonly string[]; readonly since?: string };
  /** The portfolio's risk as the engine last wrote it: equity and the 3-5-7 budget used (5 % of equity at risk in all). */
  readonly risk?: { readonly at: string; readonly equity: number; readonly capitalAtRisk: number; readonly budgetUsedPct: number; readonly maxTotalRiskPct: number; readonly maxRiskPerTradePct: number };
  /**
   * IV rank per ticker from the daily ATM IV kept: unknown (with how many days of how many needed)
   * until the lookback holds its minimum, as the engine judges it.
   */
  readonly ivRank: readonly { readonly ticker: string; readonly days: number; readonly needed: number; readonly lastDate: string; readonly lastIv: number; readonly rank?: number }[];
  /** The latest recorded backtest runs, newest first; an unfinished one (running, or its process died) has no figures. */
  readonly backtestRuns: readonly {
    readonly id: number;
    readonly startedAt: string;
    readonly finishedAt?: string;
    readonly market: string;
    /** The first 12 hex digits of the config's sha256, as the backtest's summary prints it. */
    readonly configDigest: string;
    readonly trades?: number;
    readonly endingEquity?: number;
  }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function readStatus(db: Database, config: Config, decisions = 20, runs = 5): Promise<Status> {
  const seeds = (await new OrmPositionJournal(db.orm).openPositions()).map(seedFrom);
  const riskRow = await new OrmRiskSnapshots(db.orm).latest();
  let book = emptyPortfolio(1); // equity is not stored: capital at risk is shown in dollars
  for (const s of seeds) book = upsertPosition(book, positionExposure(s.position, s.greeks));
  const g = portfolioGreeks(book);
  const { risk } = config;
  return {
    positions: seeds.map(({ position: p, pendingExit }) => ({
      id: p.id,
      symbol: p.contract.symbol,
      side: p.side,
      qty: p.qty,
      entryPrice: p.entryPrice,
      entryTs: iso(p.entryTs),
      partialStage: p.partialStage,
      ...(p.trailFloorPct === undefined ? {} : { trailFloorPct: p.trailFloorPct }),
      peakOptionPrice: p.peakOptionPrice,
      timers: exitDeadlines(p, rulesFor(config, p.contract.underlying).exits.time).map(iso),
      ...(pendingExit === undefined ? {} : { exitInFlight: pendingExit.clientOrderId }),
    })),
    portfolio: {
      netDeltaShares: g.netDeltaShares,
      netVega: g.netVega,
      netGamma: g.netGamma,
      netTheta: g.netTheta,
      capitalAtRisk: g.capitalAtRisk,
      openPositions: g.openPositions,
      caps: { maxNetDeltaShares: risk.maxNetDeltaShares, maxNetVega: risk.maxNetVega, maxOpenPositions: risk.maxOpenPositions, maxTotalRiskPct: risk.maxTotalRiskPct },
    },
    workingOrders: (await new OrmOrderStore(db.orm).workingOrders()).map((o) => ({
      clientOrderId: o.intent.clientOrderId,
      symbol: o.intent.symbol,
      side: o.intent.side,
      qty: o.intent.qty,
      status: o.status,
      cumQty: o.cumQty,
      published: o.published,
    })),
    recentDecisions: await new OrmDecisionStore(db.orm).recent(decisions),
    entries: entriesFrom(await new OrmDecisionStore(db.orm).latestFor(RECONCILIATION)),
    ...(riskRow === undefined
      ? {}
      : {
          risk: {
            at: iso(riskRow.ts),
            equity: riskRow.equity,
            capitalAtRisk: riskRow.capitalAtRisk,
            budgetUsedPct: riskRow.budget.usedPct,
            maxTotalRiskPct: riskRow.budget.maxTotalRiskPct,
            maxRiskPerTradePct: riskRow.budget.maxRiskPerTradePct,
          },
        }),
    ivRank: [...(await new OrmIvHistory(db.orm).latest('all', Number.MAX_SAFE_INTEGER))].map(([ticker, days]) => ivRankOf(config, ticker, days)),
    backtestRuns: (await new OrmBacktestRuns(db.orm).recent(runs)).map((r) => ({
      id: r.id,
      startedAt: iso(r.startedAt),
      ...(r.finishedAt === null ? {} : { finishedAt: iso(r.finishedAt) }),
      market: r.market,
      configDigest: r.configDigest.slice(0, 12),
      ...(r.trades === null ? {} : { trades: r.trades }),
      ...(r.endingEquity === null ? {} : { endingEquity: r.endingEquity }),
    })),
  };
}

/** A ticker's IV rank as its actor would have it from the kept days (the latest `lookback` of them). */
function ivRankOf(config: Config, ticker: string, days: readonly { readonly date: string; readonly iv: number }[]): Status['ivRank'][number] {
  const { ivRankLookback, ivRankMinObservations } = rulesFor(config, ticker).indicators;
  const tracker = IvRankTracker.create(ivRankLookback, ivRankMinObservations);
  const kept = days.slice(-ivRankLookback);
  for (const d of kept) tracker.add(d.iv);
  const last = kept.at(-1) as { readonly date: string; readonly iv: number };
  const rank = tracker.standing?.rank;
  return { ticker, days: kept.length, needed: ivRankMinObservations, lastDate: last.date, lastIv: last.iv, ...(rank === undefined ? {} : { rank }) };
}

/** The last reconciliation's verdict: halted with its reasons (ENTRIES_HALTED first), or passed. */
function entriesFrom(last: DecisionEvent | undefined): Status['entries'] {
  if (last === undefined) return { halted: false, reasons: [] };
  return { halted: !last.ok, reasons: last.ok ? [] : last.reasons.filter((r) => r !== 'ENTRIES_HALTED'), since: iso(last.ts) };
}

/** The status as text, for a terminal. */
export function formatStatus(s: Status, where: string): string {
  const entries = s.entries.halted
    ? `Entries: HALTED since ${s.entries.since ?? '?'} (${s.entries.reasons.join(', ')}); exits go on`
    : `Entries: open${s.entries.since === undefined ? '' : ` (reconciled ${s.entries.since})`}`;
  const budget =
    s.risk === undefined
      ? 'Risk budget: no engine has written one yet'
      : `Risk budget (3-5-7) at ${s.risk.at}: ${(s.risk.budgetUsedPct * 100).toFixed(2)} % of equity ${money(s.risk.equity)} at risk, working orders counted as filled (cap ${(s.risk.maxTotalRiskPct * 100).toFixed(1)} % in all, ${(s.risk.maxRiskPerTradePct * 100).toFixed(1)} % a trade)`;
  const lines = [`Thetis status (${where})`, '', entries, budget, '', `Open positions: ${s.positions.length}`];
  for (const p of s.positions) {
    const trail = p.trailFloorPct === undefined ? '' : `, trailing floor ${(p.trailFloorPct * 100).toFixed(1)} %`;
    lines.push(`  ${p.symbol}  ${p.side} ${p.qty} @ ${p.entryPrice.toFixed(2)} since ${p.entryTs}, partial stage ${p.partialStage}${trail}${p.exitInFlight ? `, exit in flight ${p.exitInFlight}` : ''}`);
    lines.push(`    timers: ${p.timers.join(', ')}`);
  }
  const g = s.portfolio;
  lines.push(
    '',
    'Portfolio greeks (open positions) against the caps',
    `  net delta  ${g.netDeltaShares.toFixed(1)} shares (cap ${g.caps.maxNetDeltaShares})`,
    `  net vega   ${g.netVega.toFixed(2)} $/vol pt (cap ${g.caps.maxNetVega})`,
    `  net gamma  ${g.netGamma.toFixed(3)}   net theta ${g.netTheta.toFixed(2)} $/day`,
    `  capital at risk $${g.capitalAtRisk.toFixed(2)} (cap ${(g.caps.maxTotalRiskPct * 100).toFixed(1)} % of equity), positions ${g.openPositions} of ${g.caps.maxOpenPositions}`,
    '',
    `Working orders: ${s.workingOrders.length}`,
  );
  for (const o of s.workingOrders) lines.push(`  ${o.clientOrderId}  ${o.side} ${o.qty} ${o.symbol}  ${o.status}, ${o.cumQty} filled${o.published ? '' : ', not yet published'}`);
  lines.push('', `Recent decisions: ${s.recentDecisions.length}`);
  for (const d of s.recentDecisions) lines.push(`  ${new Date(d.ts).toISOString()}  ${d.kind} ${d.ok ? 'ok' : 'denied'}  ${d.underlying}${d.symbol ? ` ${d.symbol}` : ''}  ${d.reasons.join(', ')}`);
  lines.push('', `IV rank (daily ATM IV kept): ${s.ivRank.length === 0 ? 'no ticker has an observation yet' : ''}`.trimEnd());
  for (const r of s.ivRank) {
    const rank = r.rank !== undefined ? r.rank.toFixed(1) : r.days < r.needed ? `unknown (${r.days} of the ${r.needed} days it needs)` : 'unknown (no range: every day the same)';
    lines.push(`  ${r.ticker}  ${rank}, last ATM IV ${(r.lastIv * 100).toFixed(1)} % on ${r.lastDate}`);
  }
  lines.push('', `Recent backtest runs: ${s.backtestRuns.length}`);
  for (const r of s.backtestRuns) {
    const figures = r.finishedAt === undefined ? 'unfinished' : `${r.trades ?? 0} trades, ending equity ${r.endingEquity === undefined ? '-' : money(r.endingEquity)}`;
    lines.push(`  #${r.id}  ${r.startedAt}  ${r.market}  config ${r.configDigest}  ${figures}`);
  }
  return lines.join('\n');
}
