import { RiskSnapshotRow } from '../entities/risk-snapshot.js';
import { withEm } from '../orm.js';
import type { Orm } from '../sql.js';

/** The portfolio's risk at a moment, as the engine last wrote it: what `thetis status` shows of the budget. */
export interface RiskSnapshot {
  readonly ts: number;
  readonly equity: number;
  readonly capitalAtRisk: number;
  readonly netDeltaShares: number;
  readonly netVega: number;
  readonly netGamma: number;
  readonly netTheta: number;
  readonly openPositions: number;
  /** The 3-5-7 rule's 5 %: capital at risk over equity, against its cap. */
  readonly budget: { readonly usedPct: number; readonly maxTotalRiskPct: number; readonly maxRiskPerTradePct: number };
}

export class OrmRiskSnapshots {
  constructor(private readonly orm: Orm) {}

  async write(s: RiskSnapshot): Promise<void> {
    await withEm(this.orm, async (em) => {
      const { budget, ...columns } = s;
      em.create(RiskSnapshotRow, { ...columns, detail: { budget } });
      await em.flush();
    });
  }

  async latest(): Promise<RiskSnapshot | undefined> {
    return withEm(this.orm, async (em) => {
      const [row] = await em.find(RiskSnapshotRow, {}, { orderBy: { ts: 'desc', id: 'desc' }, limit: 1, disableIdentityMap: true });
      if (row === undefined) return undefined;
      const detail = row.detail as { budget?: RiskSnapshot['budget'] } | null;
      const budget = detail?.budget ?? { usedPct: row.equity > 0 ? row.capitalAtRisk / row.equity : 0, maxTotalRiskPct: Number.NaN, maxRiskPerTradePct: Number.NaN };
      const { ts, equity, capitalAtRisk, netDeltaShares, netVega, netGamma, netTheta, openPositions } = row;
      return { ts, equity, capitalAtRisk, netDeltaShares, netVega, netGamma, netTheta, openPositions, budget };
    });
  }
}
