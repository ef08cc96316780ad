/** The portfolio's greeks and the 3-5-7 budget used, asked of the portfolio actor at each scrape. */
import type { Meter } from '@opentelemetry/api';
import type { PortfolioSnapshot } from '../../actors/messages.js';

export function observePortfolio(meter: Meter, portfolio: () => Promise<PortfolioSnapshot>, maxTotalRiskFraction: number): void {
  const gauge = (name: string, description: string) => meter.createObservableGauge(name, { description });
  const equity = gauge('thetis_account_equity_dollars', 'Account equity the engine sizes with');
  const delta = gauge('thetis_portfolio_net_delta_shares', 'Net delta of the open positions and pending orders, in share equivalents');
  const gamma = gauge('thetis_portfolio_net_gamma', 'Net gamma (change of net delta shares per $1 move)');
  const vega = gauge('thetis_portfolio_net_vega', 'Net vega ($ per 1 vol point)');
  const theta = gauge('thetis_portfolio_net_theta', 'Net theta ($ per day)');
  const atRisk = gauge('thetis_portfolio_capital_at_risk_dollars', 'Capital at risk (open positions and pending orders)');
  const open = gauge('thetis_portfolio_open_positions', 'Distinct option symbols held or pending');
  const used = gauge('thetis_risk_budget_used_ratio', 'The 3-5-7 budget used: capital at risk / equity');
  const max = gauge('thetis_risk_budget_max_ratio', 'The 3-5-7 budget: the most capital at risk allowed, as a fraction of equity');
  meter.addBatchObservableCallback(
    async (r) => {
      r.observe(max, maxTotalRiskFraction);
      let snap: PortfolioSnapshot;
      try {
        snap = await portfolio();
      } catch {
        return; // the tree is stopping or busy: this scrape goes without the greeks
      }
      const g = snap.greeks;
      r.observe(equity, snap.equity);
      r.observe(delta, g.netDeltaShares);
      r.observe(gamma, g.netGamma);
      r.observe(vega, g.netVega);
      r.observe(theta, g.netTheta);
      r.observe(atRisk, g.capitalAtRisk);
      r.observe(open, g.openPositions);
      r.observe(used, g.capitalAtRiskPct);
    },
    [equity, delta, gamma, vega, theta, atRisk, open, used, max],
  );
}
