import type { GatewayMsg, SubmitOrder } from '../messages.js';
import { ActorNames } from '../names.js';
import type { RiskApprovals } from '../portfolio/approvals.js';
import type { DecisionSink } from '../ports/decision-sink.js';
import type { OrderGatewayPort } from '../ports/order-gateway.js';
import { spawnActor, supervision, type ActorContext, type ActorRef } from '../runtime/index.js';
import { unreachable } from '../unreachable.js';

/**
 * Hands order intents to the gateway port (the in-process executor, or NATS JetStream). A closing
 * order always passes; an opening order passes only with the risk approval the portfolio issued for
 * its client order id, redeemed once: one sent by any other path is refused (RISK_APPROVAL_MISSING),
 * recorded and never reaches the port.
 */
export function spawnGateway(
  parent: ActorRef<never>,
  port: OrderGatewayPort,
  approvals: Pick<RiskApprovals, 'redeem'>,
  decisions: DecisionSink,
): ActorRef<GatewayMsg> {
  return spawnActor(parent, {
    name: ActorNames.gateway,
    initialState: 0,
    supervision: supervision(),
    handle: (sent: number, msg: GatewayMsg, ctx: ActorContext<GatewayMsg>): number => {
      switch (msg.type) {
        case 'submit':
          if (msg.intent.effect === 'open' && !approvals.redeem(msg.intent, msg.approval)) {
            refuse(msg, ctx, decisions);
            return sent;
          }
          port.submit(msg.intent, msg.context, msg.trace);
          return sent + 1;
        case 'cancel':
          port.cancel(msg.clientOrderId, msg.correlationId, msg.trace);
          return sent;
        default:
          return unreachable(msg);
      }
    },
  });
}

function refuse(msg: SubmitOrder, ctx: ActorContext<GatewayMsg>, decisions: DecisionSink): void {
  const { intent } = msg;
  ctx.log.error({ clientOrderId: intent.clientOrderId, symbol: intent.symbol }, 'opening order without a risk approval refused');
  decisions.record({
    ts: ctx.clock.now(),
    correlationId: msg.correlationId,
    kind: 'order',
    ok: false,
    underlying: intent.underlying,
    symbol: intent.symbol,
    reasons: ['RISK_APPROVAL_MISSING'],
  });
}
