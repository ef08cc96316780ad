import type { Engine } from '../actors/engine.js';
import type { Logger } from '../actors/runtime/logger.js';
import type { RiskConfig } from '../domain/config/schema.js';
import type { OrmRiskSnapshots } from '../infra/db/repositories/risk-snapshots.js';

/** Writes the portfolio's risk (greeks, the 3-5-7 budget used) for `thetis status`; a failed write is logged, never fatal. */
export class RiskRecorder {
  lastTs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly engine: Engine,
    private readonly store: OrmRiskSnapshots,
    private readonly risk: RiskConfig,
    private readonly log: Logger,
  ) {}

  async record(now: number): Promise<void> {
    this.lastTs = now;
    try {
      const { equity, greeks: g } = await this.engine.portfolio();
      await this.store.write({
        ts: now,
        equity,
        capitalAtRisk: g.capitalAtRisk,
        netDeltaShares: g.netDeltaShares,
        netVega: g.netVega,
        netGamma: g.netGamma,
        netTheta: g.netTheta,
        openPositions: g.openPositions,
        budget: { usedPct: g.capitalAtRiskPct, maxTotalRiskPct: this.risk.maxTotalRiskPct, maxRiskPerTradePct: this.risk.maxRiskPerTradePct },
      });
    } catch (error) {
      this.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'risk snapshot not written');
    }
  }
}
