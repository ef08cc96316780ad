import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../../src/app/status.js';
import { snapshotOf } from '../../../src/actors/position/journal.js';
import type { PositionState } from '../../../src/actors/position/state.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { makePosition } from '../../../src/domain/values/position.js';
import { openDatabase } from '../../../src/infra/db/orm.js';
import { OrmDecisionStore } from '../../../src/infra/db/repositories/decision-store.js';
import { OrmIvHistory } from '../../../src/infra/db/repositories/iv-history.js';
import { OrmOrderStore } from '../../../src/infra/db/repositories/order-store.js';
import { OrmPositionJournal } from '../../../src/infra/db/repositories/position-journal.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../../bin/thetis.js');
let dir: string;
const ENTRY = Date.UTC(2025, 2, 11, 14, 0); // Tuesday 10:00 New York (EDT)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-status-'));
  const db = await openDatabase({ dialect: 'sqlite', path: join(dir, 'thetis.sqlite') });
  const contract = makeContract({ underlying: 'SPY', expiry: '2025-03-14', right: 'call', strike: 500 });
  const position = makePosition({ id: `SPY-${ENTRY}`, contract, side: 'long', tradeType: 'day', direction: 'bullish', qty: 3, initialQty: 4, entryPrice: 1.2, entryTs: ENTRY, entryUnderlying: 500, peakOptionPrice: 1.5, peakUnderlying: 502, partialStage: 1, trailFloorPct: 0.1 });
  const state: PositionState = {
    position,
    greeks: { delta: 0.5, gamma: 0.05, theta: -0.2, vega: 0.1 },
    entryReasons: ['SIGNAL'],
    entryFees: 2.6,
    entryOrderId: `th-SPY-${ENTRY}-open`,
    entryWorking: false,
    exitSeq: 1,
    exitQty: 1,
    exitNotional: 1.5,
    exitFees: 0.65,
    exitReasons: ['PARTIAL_PROFIT'],
    deadlines: [],
    armed: true,
  };
  await new OrmPositionJournal(db.orm).save(snapshotOf(state, ENTRY + 60_000));
  await new OrmOrderStore(db.orm).recordIntent({ clientOrderId: `th-QQQ-${ENTRY}-open`, correlationId: 'QQQ-1', underlying: 'QQQ', symbol: 'QQQ250314C00420000', side: 'buy', effect: 'open', qty: 2, type: 'limit', limitPrice: 2.1, timeInForce: 'day', reasons: ['SIGNAL'], ts: ENTRY });
  await new OrmDecisionStore(db.orm).record([{ ts: ENTRY, correlationId: 'QQQ-1', kind: 'risk', ok: false, underlying: 'QQQ', reasons: ['NET_DELTA'] }]);
  // IV history: SPY 3 days (of the 20 IV rank needs by default); QQQ 20 days at 20 %, 21 %, … 38 % and then 25 %.
  const days = (n: number) => Array.from({ length: n }, (_, k) => `2025-02-${String(k + 1).padStart(2, '0')}`);
  const spy = [0.2, 0.3, 0.25].map((iv, k) => ({ ticker: 'SPY', date: days(3)[k] as string, iv }));
  const qqq = days(20).map((date, k) => ({ ticker: 'QQQ', date, iv: k === 19 ? 0.25 : 0.2 + 0.01 * k }));
  await new OrmIvHistory(db.orm).write([...spy, ...qqq]);
  await db.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('thetis status (as a user runs it)', () => {
  it('--json shows the open positions with their timers, the greeks against the caps, working orders and decisions', async () => {
    const { stdout } = await run('node', [bin, 'status', '--json'], { env: { ...process.env, DATABASE_URL: '', THETIS_SQLITE_PATH: join(dir, 'thetis.sqlite') } });
    const s = JSON.parse(stdout) as Status;
    expect(s.positions).toMatchObject([{ id: `SPY-${ENTRY}`, qty: 3, entryPrice: 1.2, partialStage: 1, trailFloorPct: 0.1 }]);
    // A day trade: no-follow-through checks 30 and 60 minutes after entry (the rulebook's 30–60 min), then the day's flat time.
    expect(s.positions[0]?.timers.slice(0, 2)).toEqual([new Date(ENTRY + 30 * 60_000).toISOString(), new Date(ENTRY + 60 * 60_000).toISOString()]);
    // 3 contracts × 100 × delta 0.5 = 150 shares; vega 3 × 100 × 0.1 = 30; capital at risk 3 × 100 × 1.20 = 360.
    expect(s.portfolio.netDeltaShares).toBeCloseTo(150, 9);
    expect(s.portfolio.netVega).toBeCloseTo(30, 9);
    expect(s.portfolio.capitalAtRisk).toBeCloseTo(360, 9);
    expect(s.workingOrders).toMatchObject([{ clientOrderId: `th-QQQ-${ENTRY}-open`, status: 'pending', cumQty: 0, published: false }]);
    expect(s.recentDecisions).toMatchObject([{ kind: 'risk', ok: false, reasons: ['NET_DELTA'] }]);
    // QQQ: min 20 %, max 38 %, today 25 %: rank (25 − 20) / (38 − 20) × 100 = 27.78. SPY: 3 of 20 days, unknown.
    expect(s.ivRank).toEqual([
      { ticker: 'QQQ', days: 20, needed: 20, lastDate: '2025-02-20', lastIv: 0.25, rank: expect.closeTo(27.7778, 3) as number },
      { ticker: 'SPY', days: 3, needed: 20, lastDate: '2025-02-03', lastIv: 0.25 },
    ]);
  }, 30_000);

  it('prints the same for a terminal', async () => {
    const { stdout } = await run('node', [bin, 'status'], { env: { ...process.env, DATABASE_URL: '', THETIS_SQLITE_PATH: join(dir, 'thetis.sqlite') } });
    expect(stdout).toContain('Open positions: 1');
    expect(stdout).toContain('SPY250314C00500000  long 3 @ 1.20');
    expect(stdout).toContain('Working orders: 1');
    expect(stdout).toContain('risk denied  QQQ  NET_DELTA');
    expect(stdout).toContain('  QQQ  27.8, last ATM IV 25.0 % on 2025-02-20');
    expect(stdout).toContain('  SPY  unknown (3 of the 20 days it needs), last ATM IV 25.0 % on 2025-02-03');
  }, 30_000);
});
