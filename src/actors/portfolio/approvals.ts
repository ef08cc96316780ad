import type { OrderIntent } from '../../domain/values/order.js';

/** Proof that the portfolio-greeks actor checked an opening order against every cap and reserved its risk. */
export interface RiskApproval {
  readonly clientOrderId: string;
}

/**
 * The ledger of risk approvals, one per engine: the portfolio actor issues an approval as it
 * reserves an opening order's risk and forwards the order; the order gateway redeems it, once, for
 * that client order id. An opening order the portfolio did not approve (sent to the gateway by
 * any other path, or sent twice) finds nothing to redeem and is refused. Only the portfolio is
 * given `issue`, only the gateway `redeem`.
 */
export class RiskApprovals {
  private readonly outstanding = new Map<string, RiskApproval>();

  issue(intent: OrderIntent): RiskApproval {
    const approval = Object.freeze({ clientOrderId: intent.clientOrderId });
    this.outstanding.set(intent.clientOrderId, approval);
    return approval;
  }

  /** True when `approval` is the one issued for this intent and not redeemed before. */
  redeem(intent: OrderIntent, approval: RiskApproval | undefined): boolean {
    const issued = this.outstanding.get(intent.clientOrderId);
    if (approval === undefined || issued !== approval) return false;
    this.outstanding.delete(intent.clientOrderId);
    return true;
  }
}
